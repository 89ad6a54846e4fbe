using Mnist.Functional.Optimizers;
using Mnist.Functional.Optimizers.Schedules;
using Mnist.Functional.Testing;
using Mnist.Functional.Training;
using Mnist.Functional.Training.Observers;

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

        // Then every step has its accuracy and the schedule's learning rate for that step
        Assert.Multiple(() =>
        {
            Assert.That(history.HasStepDetails, Is.True);
            Assert.That(history.StepLearningRates, Is.EqualTo(Enumerable.Range(0, 14).Select(step => optimizer.LearningRateAt(step))));
            Assert.That(history.StepLearningRates[0], Is.EqualTo(0.5));
            Assert.That(history.StepAccuracies, Has.Count.EqualTo(14).And.All.InRange(0f, 1f));
            Assert.That(history.StepAccuracies.Skip(10).Average(), Is.GreaterThan(history.StepAccuracies.Take(2).Average()), "it learns");
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
}
