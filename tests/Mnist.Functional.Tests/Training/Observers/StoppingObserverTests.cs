using Mnist.Functional.Training;

namespace Mnist.Functional.Tests.Training.Observers;

/// <summary>
/// An observer that stops training does not keep the epoch or the step it stops on from the observers after it: a checkpoint
/// listed after an early stop or a time budget saves the epoch the run ends on.
/// </summary>
public sealed class StoppingObserverTests
{
    [Test]
    public void The_Observers_After_One_That_Stops_At_An_Epoch_Hear_That_Epoch()
    {
        using var train = SyntheticDigits.Make(100, seed: 1);
        var listener = new Listener();

        var result = SyntheticDigits.Fit(SyntheticDigits.Setup(epochs: 3), SyntheticDigits.Data(train, 50, shuffleSeed: 2), [new StopAt(epoch: 1, step: null), listener]);
        using var state = result.State;

        Assert.Multiple(() =>
        {
            Assert.That(result.Stop.Reason, Is.EqualTo(StopReason.StoppedByObserver));
            Assert.That(listener.Epochs, Is.EqualTo(new[] { 1 }));
        });
    }

    [Test]
    public void The_Observers_After_One_That_Stops_At_A_Step_Hear_That_Step()
    {
        using var train = SyntheticDigits.Make(100, seed: 1);
        var listener = new Listener();

        var result = SyntheticDigits.Fit(SyntheticDigits.Setup(epochs: 3), SyntheticDigits.Data(train, 50, shuffleSeed: 2), [new StopAt(epoch: null, step: 3), listener]);
        using var state = result.State;

        Assert.Multiple(() =>
        {
            Assert.That(result.Stop.Reason, Is.EqualTo(StopReason.StoppedByObserver));
            Assert.That(listener.Steps[^1], Is.EqualTo(3), "the step it stopped on");
        });
    }

    private sealed class StopAt(int? epoch, long? step) : ITrainingObserver
    {
        public Verdict OnEpoch(EpochReport report) => report.Record.Epoch == epoch ? Verdict.Stop("enough epochs") : Verdict.Continue;

        public Verdict OnStep(StepReport report) => report.Step == step ? Verdict.Stop("enough steps") : Verdict.Continue;
    }

    private sealed class Listener : ITrainingObserver
    {
        public List<int> Epochs { get; } = [];

        public List<long> Steps { get; } = [];

        public Verdict OnEpoch(EpochReport report)
        {
            Epochs.Add(report.Record.Epoch);
            return Verdict.Continue;
        }

        public Verdict OnStep(StepReport report)
        {
            Steps.Add(report.Step);
            return Verdict.Continue;
        }
    }
}
