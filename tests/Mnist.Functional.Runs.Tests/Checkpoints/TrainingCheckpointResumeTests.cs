using Mnist.Functional.Checkpoints;
using Mnist.Functional.Testing;
using Mnist.Functional.Tests.Training;
using Mnist.Functional.Training;
using static TorchSharp.torch;

namespace Mnist.Functional.Runs.Tests.Checkpoints;

/// <summary>A run stopped and saved by <see cref="PeriodicCheckpoint"/> resumes from <see cref="TrainingCheckpoint.Load"/> bit for bit.</summary>
public sealed class TrainingCheckpointResumeTests
{
    [Test]
    public void A_History_Saved_Before_Steps_Kept_Details_Reads_With_Losses_Only()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse("""{"epochs": [], "step_losses": [2.3, 1.9]}""");

        var history = HistoryJson.FromJson(json);

        Assert.Multiple(() =>
        {
            Assert.That(history.StepLosses, Is.EqualTo(new[] { 2.3f, 1.9f }));
            Assert.That(history.StepLearningRates, Is.Empty);
            Assert.That(history.HasStepDetails, Is.False);
        });
    }

    [Test]
    public void Stopping_After_K_Epochs_And_Resuming_To_N_Equals_An_Uninterrupted_Run()
    {
        using var train = SyntheticDigits.Make(200, seed: 1);
        using var folder = new TempFolder();
        var data = SyntheticDigits.Data(train, 32, shuffleSeed: 5);

        using var straight = new FitResultScope(SyntheticDigits.Fit(SyntheticDigits.Setup(epochs: 4), data));
        using (new FitResultScope(SyntheticDigits.Fit(SyntheticDigits.Setup(epochs: 2), data, [new PeriodicCheckpoint(folder.File("run"), [])]))) { }
        var (state, generatorState, _) = TrainingCheckpoint.Load(folder.File("run"), SyntheticDigits.Setup(epochs: 4));
        using var resumed = new FitResultScope(SyntheticDigits.Fit(SyntheticDigits.Setup(epochs: 4), data, resume: (state, generatorState)));

        TensorAssert.BitIdentical(resumed.Value.State.Variables.Params, straight.Value.State.Variables.Params);
        TensorAssert.BitIdentical(resumed.Value.State.Optimizer.Moments, straight.Value.State.Optimizer.Moments);
        Assert.That(resumed.Value.State.History, Is.EqualTo(straight.Value.State.History).Using<History>(SyntheticDigits.SameFigures));
    }

    [Test]
    public void Resuming_A_Model_With_Dropout_Continues_The_Generator_Exactly()
    {
        using var train = SyntheticDigits.Make(200, seed: 1);
        using var folder = new TempFolder();
        var data = SyntheticDigits.Data(train, 32, shuffleSeed: 5);
        var withDropout = new Mnist.Functional.Layers.Linear(64, 32).Then(Mnist.Functional.Layers.Nn.Relu).Then(Mnist.Functional.Layers.Nn.Dropout(0.5)).Then(new Mnist.Functional.Layers.Linear(32, 3));

        using var straight = new FitResultScope(SyntheticDigits.Fit(SyntheticDigits.Setup(epochs: 3, model: withDropout), data));
        using (new FitResultScope(SyntheticDigits.Fit(SyntheticDigits.Setup(epochs: 1, model: withDropout), data, [new PeriodicCheckpoint(folder.File("run"), [])]))) { }
        var (state, generatorState, _) = TrainingCheckpoint.Load(folder.File("run"), SyntheticDigits.Setup(epochs: 3, model: withDropout));
        using var resumed = new FitResultScope(SyntheticDigits.Fit(SyntheticDigits.Setup(epochs: 3, model: withDropout), data, resume: (state, generatorState)));
        using var resumedWithoutGenerator = new FitResultScope(SyntheticDigits.Fit(SyntheticDigits.Setup(epochs: 3, model: withDropout), data,
            resume: (TrainingCheckpoint.Load(folder.File("run"), SyntheticDigits.Setup(epochs: 3, model: withDropout)).State, [])));

        TensorAssert.BitIdentical(resumed.Value.State.Variables.Params, straight.Value.State.Variables.Params);
        Assert.That(TensorAssert.MaxDifference(resumedWithoutGenerator.Value.State.Variables.Params["0.weight"], straight.Value.State.Variables.Params["0.weight"]),
            Is.GreaterThan(0), "without the saved generator state the dropout masks differ");
    }

    [Test]
    public void Cancelling_Stops_At_The_End_Of_The_Current_Step_And_The_Checkpoint_Resumes_Exactly()
    {
        using var train = SyntheticDigits.Make(200, seed: 1);
        using var folder = new TempFolder();
        using var cancellation = new CancellationTokenSource();
        var data = SyntheticDigits.Data(train, 32, shuffleSeed: 5);
        var cancelAtStep9 = new StepHook(report => { if (report.Step == 9) cancellation.Cancel(); });

        using var straight = new FitResultScope(SyntheticDigits.Fit(SyntheticDigits.Setup(epochs: 3), data));
        using (var cancelled = new FitResultScope(SyntheticDigits.Fit(SyntheticDigits.Setup(epochs: 3), data, [cancelAtStep9, new PeriodicCheckpoint(folder.File("run"), [])], cancellation: cancellation.Token)))
        {
            Assert.That(cancelled.Value.Stop.Reason, Is.EqualTo(StopReason.Cancelled));
            Assert.That(cancelled.Value.State.Step, Is.EqualTo(9));
            Assert.That(cancelled.Value.Stop.Message, Does.Contain("step 9 (epoch 2, batch 2 of 7)"));
        }
        var (state, generatorState, _) = TrainingCheckpoint.Load(folder.File("run"), SyntheticDigits.Setup(epochs: 3));
        using var resumed = new FitResultScope(SyntheticDigits.Fit(SyntheticDigits.Setup(epochs: 3), data, resume: (state, generatorState)));

        TensorAssert.BitIdentical(resumed.Value.State.Variables.Params, straight.Value.State.Variables.Params);
    }

    [Test]
    public void A_NaN_Loss_Stops_The_Run_Names_The_Step_And_Keeps_The_Last_State_Whose_Loss_Was_Finite()
    {
        using var train = SyntheticDigits.Make(200, seed: 1);
        using var folder = new TempFolder();
        var calls = 0;
        LossFunction nanAtSeventhStep = (outputs, labels) =>
        {
            var loss = nn.functional.cross_entropy(outputs, labels);
            return ++calls == 7 ? loss * float.NaN : loss;
        };
        var setup = SyntheticDigits.Setup(epochs: 3, loss: nanAtSeventhStep);

        using var result = new FitResultScope(SyntheticDigits.Fit(setup, SyntheticDigits.Data(train, 32, shuffleSeed: 5), [new PeriodicCheckpoint(folder.File("run"), [])]));

        Assert.Multiple(() =>
        {
            Assert.That(result.Value.Stop.Reason, Is.EqualTo(StopReason.NonFiniteLoss));
            Assert.That(result.Value.Stop.Message, Does.Contain("NaN at step 7 (epoch 1, batch 7 of 7)"));
            Assert.That(result.Value.Stop.Message, Does.Contain("kept the state from before step 6"));
            Assert.That(result.Value.State.Step, Is.EqualTo(5), "the state after 6 updates gave the NaN loss; the one before it is the last good one");
            Assert.That(result.Value.State.Variables.Params["weight"].isfinite().all().item<bool>(), Is.True);
        });
        var (saved, _, _) = TrainingCheckpoint.Load(folder.File("run"), setup);
        using (saved)
        {
            Assert.That(saved.Step, Is.EqualTo(5), "the checkpoint holds the last good state");
            TensorAssert.BitIdentical(saved.Variables.Params, result.Value.State.Variables.Params);
        }
    }
}
