using Mnist.Functional.Training;
using Mnist.Functional.Training.Observers;

namespace Mnist.Functional.Tests.Training.Observers;

public sealed class TimeBudgetTests
{
    [Test]
    public void Should_Stop_When_Another_Epoch_Would_Overrun_The_Budget()
    {
        using var train = SyntheticDigits.Make(200, seed: 1);

        var result = SyntheticDigits.Fit(SyntheticDigits.Setup(epochs: 3), SyntheticDigits.Data(train, 50, shuffleSeed: 2), [new TimeBudget(Seconds: 0)]);
        using var state = result.State;

        Assert.Multiple(() =>
        {
            Assert.That(result.Stop.Reason, Is.EqualTo(StopReason.StoppedByObserver));
            Assert.That(state.CompletedEpochs, Is.EqualTo(1));
            Assert.That(result.Stop.Message, Does.StartWith("Stopped after epoch 1 of 3:").And.Contain("past the budget of 0 s"));
        });
    }

    [Test]
    public void Should_Let_A_Run_That_Fits_Finish()
    {
        using var train = SyntheticDigits.Make(200, seed: 1);

        var result = SyntheticDigits.Fit(SyntheticDigits.Setup(epochs: 3), SyntheticDigits.Data(train, 50, shuffleSeed: 2), [new TimeBudget(Seconds: 3600)]);
        using var state = result.State;

        Assert.Multiple(() =>
        {
            Assert.That(result.Stop.Reason, Is.EqualTo(StopReason.Completed));
            Assert.That(state.CompletedEpochs, Is.EqualTo(3));
        });
    }
}
