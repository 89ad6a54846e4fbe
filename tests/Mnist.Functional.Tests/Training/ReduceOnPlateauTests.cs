using Mnist.Functional.Training;

namespace Mnist.Functional.Tests.Training;

public sealed class ReduceOnPlateauTests
{
    private static EpochRecord[] Epochs(params double[] validationLosses) =>
        [.. validationLosses.Select((loss, i) => new EpochRecord(i + 1, 1, 0.5, loss, 1 - loss, null, null, 0.1, 1, 1))];

    [Test]
    public void The_Rate_Falls_By_The_Factor_Once_More_Epochs_Than_The_Patience_Bring_No_Improvement()
    {
        // As PyTorch's ReduceLROnPlateau: patience 1 tolerates one bad epoch; the second reduces, and the count starts again.
        var rule = new ReduceOnPlateau(Factor: 0.1, Patience: 1);
        var epochs = Epochs(1.0, 0.9, 0.95, 0.96, 0.97, 0.98);

        Assert.That(Enumerable.Range(0, epochs.Length + 1).Select(count => rule.ScaleAfter(epochs[..count], 1)),
            Is.EqualTo(new[] { 1, 1, 1, 1, 0.1, 0.1, 0.1 * 0.1 }).Within(1e-15));
    }

    [Test]
    public void An_Improvement_Resets_The_Count_And_Must_Beat_The_Relative_Threshold()
    {
        var rule = new ReduceOnPlateau(Factor: 0.5, Patience: 1, Threshold: 0.01);

        Assert.Multiple(() =>
        {
            Assert.That(rule.ScaleAfter(Epochs(1.0, 1.1, 0.5, 0.6), 1), Is.EqualTo(1), "0.5 is a new best between the bad epochs");
            Assert.That(rule.ScaleAfter(Epochs(1.0, 0.995, 0.994), 1), Is.EqualTo(0.5), "less than 1% better is no improvement");
            Assert.That(rule.ScaleAfter(Epochs(1.0, 0.98, 0.97), 1), Is.EqualTo(1), "more than 1% better each time");
        });
    }

    [Test]
    public void The_Rate_Never_Falls_Below_The_Smallest_Rate()
    {
        var rule = new ReduceOnPlateau(Factor: 0.1, Patience: 0, MinRate: 0.005);

        Assert.That(rule.ScaleAfter(Epochs(1, 2, 3, 4, 5), initialRate: 0.1), Is.EqualTo(0.05).Within(1e-15), "0.1 · 0.05 = 0.005, not 0.1 · 0.001");
    }

    [Test]
    public void A_Watched_Accuracy_Improves_Upwards()
    {
        var rule = new ReduceOnPlateau(Factor: 0.5, Patience: 0) { Metric = Metric.ValidationAccuracy };

        Assert.Multiple(() =>
        {
            Assert.That(rule.ScaleAfter(Epochs(0.5, 0.4, 0.3), 1), Is.EqualTo(1), "losses falling: accuracies (1 − loss) rising");
            Assert.That(rule.ScaleAfter(Epochs(0.3, 0.4), 1), Is.EqualTo(0.5));
        });
    }

    [Test]
    public void An_Epoch_Without_The_Watched_Figure_Is_Refused_With_The_Split_It_Needs()
    {
        var epoch = new EpochRecord(1, 1, 0.5, null, null, 0.3, 0.9, 0.1, 1, 1);

        Assert.That(() => new ReduceOnPlateau().ScaleAfter([epoch], 1),
            Throws.InvalidOperationException.With.Message.Contains("give the run a validation split"));
    }

    [TestCase(0.0, 1, 0.0, 0.0, "factor")]
    [TestCase(1.0, 1, 0.0, 0.0, "factor")]
    [TestCase(0.5, -1, 0.0, 0.0, "patience")]
    [TestCase(0.5, 1, -0.1, 0.0, "threshold")]
    [TestCase(0.5, 1, 0.0, -1.0, "min_lr")]
    public void Numbers_Out_Of_Range_Are_Refused_By_Name(double factor, int patience, double threshold, double minRate, string name)
    {
        Assert.That(() => new ReduceOnPlateau(factor, patience, threshold, minRate).Checked(),
            Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo(name));
    }

    [Test]
    public void A_Plateau_Run_Lowers_Its_Rate_And_Resumes_Bit_For_Bit()
    {
        // Given a run whose plateau rule counts anything short of a hundredfold fall of the validation loss as no improvement
        using var train = SyntheticDigits.Make(300, seed: 1);
        using var validation = SyntheticDigits.Make(90, seed: 3);
        var setup = SyntheticDigits.Setup(epochs: 4) with { Plateau = new ReduceOnPlateau(Factor: 0.5, Patience: 0, Threshold: 0.99) };
        var data = SyntheticDigits.Data(train, 32, shuffleSeed: 5, validation: validation);

        // When it trains 4 epochs straight, and 2 epochs then resumed to 4
        using var straight = new FitResultScope(SyntheticDigits.Fit(setup, data));
        var half = SyntheticDigits.Fit(setup with { Epochs = 2 }, data);
        using var resumed = new FitResultScope(SyntheticDigits.Fit(setup, data, resume: (half.State, half.GeneratorState)));

        // Then the rate fell after the epochs without improvement, and the resumed run used the same rates and ended with the same weights
        var epochs = straight.Value.State.History.Epochs.ToArray();
        var rates = epochs.Select(epoch => epoch.LearningRate).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(rates[..3], Is.EqualTo(new[] { 0.5, 0.5, 0.25 }), "halved after the second epoch, which did not fall a hundredfold");
            Assert.That(rates, Is.EqualTo(epochs.Select((_, i) => 0.5 * setup.Plateau!.ScaleAfter(epochs[..i], 0.5))), "each epoch at the rule's rate after the epochs before it");
            Assert.That(resumed.Value.State.History.StepLearningRates, Is.EqualTo(straight.Value.State.History.StepLearningRates));
            Assert.That(SyntheticDigits.SameFigures(resumed.Value.State.History, straight.Value.State.History), Is.True);
            Assert.That(resumed.Value.State.Variables.Params.Tensors.Zip(straight.Value.State.Variables.Params.Tensors).All(pair => pair.First.equal(pair.Second).all().item<bool>()), Is.True);
        });
    }
}
