using Mnist.Functional.Layers;
using Mnist.Functional.Training;
using static Mnist.Functional.Layers.Nn;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Training;

public sealed class TrainNonFiniteTests
{
    // Cross-entropy, except on the step-th call, where change makes something else of it.
    private static LossFunction ChangedAtStep(int step, Func<Tensor, Tensor, Tensor> change)
    {
        var calls = 0;
        return (outputs, labels) =>
        {
            var loss = nn.functional.cross_entropy(outputs, labels);
            return ++calls == step ? change(loss, outputs) : loss;
        };
    }

    private static readonly Layer WithBatchNorm = new Linear(64, 8).Then(BatchNorm1d(8)).Then(Relu).Then(new Linear(8, 3));

    [Test]
    public void Given_A_Batch_Norm_Model_When_The_Last_Batch_Holds_One_Sample_Then_It_Is_Left_Out_And_The_Statistics_Stay_Finite()
    {
        using var train = SyntheticDigits.Make(65, seed: 1);
        var setup = SyntheticDigits.Setup(epochs: 2, model: WithBatchNorm);
        var data = SyntheticDigits.Data(train, 32, shuffleSeed: 5);

        var result = SyntheticDigits.Fit(setup, data);
        using var state = result.State;

        Assert.Multiple(() =>
        {
            Assert.That(result.Stop.Reason, Is.EqualTo(StopReason.Completed), result.Stop.Message);
            Assert.That(state.Step, Is.EqualTo(4), "two batches of 32 per epoch; the 65th sample is left out");
            Assert.That(state.History.Epochs.Select(epoch => epoch.TrainAccuracy), Has.All.Not.NaN);
            Assert.That(state.Variables.State.FirstNonFinite(), Is.Null);
            Assert.That(state.Variables.State["1.num_batches_tracked"].item<long>(), Is.EqualTo(4));
            Assert.That(Train.BatchesFor(WithBatchNorm, data.Train).LeftOutPerEpoch, Is.EqualTo(1));
            Assert.That(Train.BatchesFor(SyntheticDigits.Model, data.Train).LeftOutPerEpoch, Is.Zero, "a model without batch norm learns from a batch of one");
        });
    }

    [Test]
    public void Given_A_Model_Without_Batch_Norm_When_The_Last_Batch_Holds_One_Sample_Then_It_Is_Trained_On()
    {
        using var train = SyntheticDigits.Make(65, seed: 1);

        var result = SyntheticDigits.Fit(SyntheticDigits.Setup(epochs: 1), SyntheticDigits.Data(train, 32, shuffleSeed: 5));
        using var state = result.State;

        Assert.That(state.Step, Is.EqualTo(3));
    }

    [Test]
    public void Given_A_Finite_Loss_When_The_Update_Overflows_A_Parameter_Then_The_Step_Is_Refused_And_The_State_Before_It_Kept()
    {
        using var train = SyntheticDigits.Make(96, seed: 1);
        // The loss's value is the same throughout, but on the third step a term that is zero in value gives it a gradient beyond float32.
        var setup = SyntheticDigits.Setup(epochs: 1, loss: ChangedAtStep(3, (loss, outputs) => loss + (outputs - outputs.detach()).sum() * 1e38f));

        var result = SyntheticDigits.Fit(setup, SyntheticDigits.Data(train, 32, shuffleSeed: 5));
        using var state = result.State;

        Assert.Multiple(() =>
        {
            Assert.That(result.Stop.Reason, Is.EqualTo(StopReason.NonFiniteLoss));
            Assert.That(result.Stop.Message, Does.Contain("The update at step 3 (epoch 1, batch 3 of 3) would have made parameter weight NaN or infinite"));
            Assert.That(state.Step, Is.EqualTo(2), "the state whose loss was finite, before the overflowing update");
            Assert.That(state.Variables.Params.FirstNonFinite(), Is.Null);
        });
    }

    [Test]
    public void Given_A_NaN_Loss_At_The_First_Step_Of_An_Epoch_Then_The_State_Kept_Is_The_One_Before_The_Previous_Epochs_Last_Step()
    {
        using var train = SyntheticDigits.Make(96, seed: 1);

        var result = SyntheticDigits.Fit(SyntheticDigits.Setup(epochs: 2, loss: ChangedAtStep(4, (loss, _) => loss * float.NaN)), SyntheticDigits.Data(train, 32, shuffleSeed: 5));
        using var state = result.State;

        Assert.Multiple(() =>
        {
            Assert.That(result.Stop.Message, Does.Contain("NaN at step 4 (epoch 2, batch 1 of 3)"));
            Assert.That(state.Step, Is.EqualTo(2));
            Assert.That(state.Progress.Batches, Is.EqualTo(2), "a mid-epoch state of epoch 1, resumable at its third batch");
            Assert.That(state.CompletedEpochs, Is.Zero);
        });
    }

    [Test]
    public void Given_A_Step_When_Its_Loss_Is_NaN_At_The_First_Step_Of_A_Run_Then_The_Initial_State_Is_Kept()
    {
        using var train = SyntheticDigits.Make(64, seed: 1);
        LossFunction alwaysNaN = (outputs, labels) => nn.functional.cross_entropy(outputs, labels) * float.NaN;

        var result = SyntheticDigits.Fit(SyntheticDigits.Setup(epochs: 1, loss: alwaysNaN), SyntheticDigits.Data(train, 32, shuffleSeed: 5));
        using var state = result.State;

        Assert.Multiple(() =>
        {
            Assert.That(state.Step, Is.Zero);
            Assert.That(result.Stop.Message, Does.Contain("no earlier state of this run is held"));
        });
    }
}
