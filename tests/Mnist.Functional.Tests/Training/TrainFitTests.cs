using Mnist.Functional.Optimizers;
using Mnist.Functional.Optimizers.Schedules;
using Mnist.Functional.Persistence;
using Mnist.Functional.Training;
using Mnist.Functional.Training.Observers;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Training;

public sealed class TrainFitTests
{
    [Test]
    public void Fit_Learns_And_Records_Every_Epoch_And_Step()
    {
        using var train = SyntheticDigits.Make(300, seed: 1);
        using var test = SyntheticDigits.Make(120, seed: 2);

        using var result = new FitResultScope(SyntheticDigits.Fit(SyntheticDigits.Setup(epochs: 3), SyntheticDigits.Data(train, 32, shuffleSeed: 5, test: test)));
        var history = result.Value.State.History;

        Assert.Multiple(() =>
        {
            Assert.That(result.Value.Stop.Reason, Is.EqualTo(StopReason.Completed));
            Assert.That(history.Epochs.Select(e => e.Epoch), Is.EqualTo(new[] { 1, 2, 3 }));
            Assert.That(history.StepLosses, Has.Count.EqualTo(3 * 10));
            Assert.That(result.Value.State.Step, Is.EqualTo(30));
            Assert.That(history.Epochs[^1].TestAccuracy, Is.GreaterThan(0.95));
            Assert.That(history.Epochs[^1].TrainLoss, Is.LessThan(history.Epochs[0].TrainLoss));
            Assert.That(history.Epochs[^1].ValidationLoss, Is.Null);
            Assert.That(history.Epochs[0].SamplesPerSecond, Is.GreaterThan(0));
            Assert.That(history.Epochs[0].LearningRate, Is.EqualTo(0.5));
        });
    }

    [Test]
    public void Each_Step_Records_Its_Batch_Accuracy_And_The_Learning_Rate_Of_The_Schedule()
    {
        // Given a run whose learning rate decays every step
        using var train = SyntheticDigits.Make(200, seed: 1);
        var optimizer = new Sgd(new CosineDecay(0.5, 14), Momentum: 0.9);
        var setup = SyntheticDigits.Setup(epochs: 2) with { Optimizer = optimizer };

        // When it trains 2 epochs of 7 steps
        using var result = new FitResultScope(SyntheticDigits.Fit(setup, SyntheticDigits.Data(train, 32, shuffleSeed: 5)));
        var history = result.Value.State.History;

        // Then every step has its accuracy and the schedule's learning rate for that step, and they survive JSON
        Assert.Multiple(() =>
        {
            Assert.That(history.HasStepDetails, Is.True);
            Assert.That(history.StepLearningRates, Is.EqualTo(Enumerable.Range(0, 14).Select(step => optimizer.LearningRateAt(step))));
            Assert.That(history.StepLearningRates[0], Is.EqualTo(0.5));
            Assert.That(history.StepAccuracies, Has.Count.EqualTo(14).And.All.InRange(0f, 1f));
            Assert.That(history.StepAccuracies.Skip(10).Average(), Is.GreaterThan(history.StepAccuracies.Take(2).Average()), "it learns");
            Assert.That(HistoryJson.FromJson(HistoryJson.ToJson(history)), Is.EqualTo(history));
        });
    }

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
    public void The_Same_Seeds_Give_Bit_Identical_Runs()
    {
        using var train = SyntheticDigits.Make(200, seed: 1);

        using var first = new FitResultScope(SyntheticDigits.Fit(SyntheticDigits.Setup(epochs: 2), SyntheticDigits.Data(train, 32, shuffleSeed: 5)));
        using var second = new FitResultScope(SyntheticDigits.Fit(SyntheticDigits.Setup(epochs: 2), SyntheticDigits.Data(train, 32, shuffleSeed: 5)));
        using var otherShuffle = new FitResultScope(SyntheticDigits.Fit(SyntheticDigits.Setup(epochs: 2), SyntheticDigits.Data(train, 32, shuffleSeed: 6)));

        TensorAssert.BitIdentical(first.Value.State.Variables.Params, second.Value.State.Variables.Params);
        Assert.That(TensorAssert.MaxDifference(first.Value.State.Variables.Params["weight"], otherShuffle.Value.State.Variables.Params["weight"]), Is.GreaterThan(0));
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
        Assert.That(resumed.Value.State.History, Is.EqualTo(straight.Value.State.History).Using<History>(SameFigures));
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

    [Test]
    public void Early_Stopping_Ends_The_Run_When_The_Validation_Loss_Stops_Improving()
    {
        using var train = SyntheticDigits.Make(100, seed: 1);
        using var validation = SyntheticDigits.Make(50, seed: 3);
        var frozen = SyntheticDigits.Setup(epochs: 10) with { Optimizer = new Mnist.Functional.Optimizers.Sgd(0.0) };

        using var result = new FitResultScope(SyntheticDigits.Fit(frozen, SyntheticDigits.Data(train, 25, shuffleSeed: 5, validation: validation), [new EarlyStopping(Metric.ValidationLoss, Patience: 2)]));

        Assert.Multiple(() =>
        {
            Assert.That(result.Value.Stop.Reason, Is.EqualTo(StopReason.StoppedByObserver));
            Assert.That(result.Value.State.CompletedEpochs, Is.EqualTo(3));
            Assert.That(result.Value.Stop.Message, Does.StartWith("validation loss has not improved for 2 epochs (best"));
        });
    }

    [Test]
    public void Early_Stopping_Without_A_Validation_Split_Says_What_Is_Missing()
    {
        using var train = SyntheticDigits.Make(50, seed: 1);

        Assert.That(() => SyntheticDigits.Fit(SyntheticDigits.Setup(epochs: 2), SyntheticDigits.Data(train, 25, 5), [new EarlyStopping(Metric.ValidationLoss, 2)]),
            Throws.InvalidOperationException.With.Message.Contains("give the run a validation split"));
    }

    private static bool SameFigures(History a, History b) =>
        a.StepLosses.SequenceEqual(b.StepLosses) &&
        a.Epochs.Zip(b.Epochs).All(pair => pair.First with { Seconds = 0, SamplesPerSecond = 0 } == pair.Second with { Seconds = 0, SamplesPerSecond = 0 });

    private sealed class StepHook(Action<StepReport> onStep) : ITrainingObserver
    {
        public Verdict OnStep(StepReport report)
        {
            onStep(report);
            return Verdict.Continue;
        }
    }

    /// <summary>Frees a run's final state at the end of a test.</summary>
    private sealed class FitResultScope(FitResult value) : IDisposable
    {
        public FitResult Value { get; } = value;

        public void Dispose() => Value.State.Dispose();
    }
}
