using Mnist.Functional.Training;

namespace Mnist.Functional.Tests.Training;

public sealed class LearningRateFinderTests
{
    [Test]
    public void The_Sweep_Raises_The_Rate_Exponentially_And_Suggests_One_Inside_Its_Range()
    {
        // Given a small problem and a sweep from 1e-4 to 100 over 60 steps
        using var train = SyntheticDigits.Make(320, seed: 1);
        var range = new LearningRateRange(1e-4, 100, Steps: 60);

        // When the range test runs
        var sweep = LearningRateFinder.Sweep(SyntheticDigits.Setup(epochs: 1), SyntheticDigits.Data(train, 32, shuffleSeed: 5).Train, range);

        // Then the rates rise step by step from the start, never past the end, and the suggestion is one of them
        var rates = sweep.Points.Select(point => point.Rate).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(sweep.Points, Is.Not.Empty.And.Count.LessThanOrEqualTo(60));
            Assert.That(rates[0], Is.EqualTo(1e-4));
            Assert.That(rates, Is.Ordered.Ascending.And.Unique);
            Assert.That(rates, Has.All.InRange(range.Start, range.End * (1 + 1e-12)));
            Assert.That(rates.Zip(rates.Skip(1), (a, b) => b / a), Has.All.EqualTo(Math.Pow(1e6, 1.0 / 59)).Within(1e-9), "one ratio between steps");
            Assert.That(sweep.Points.Select(point => point.Step), Is.EqualTo(Enumerable.Range(1, sweep.Points.Count)));
            Assert.That(sweep.Suggested, Is.Not.Null);
            Assert.That(sweep.Suggested!.Rate, Is.InRange(range.Start, range.End));
            Assert.That(sweep.Points, Does.Contain(sweep.Suggested));
            Assert.That(sweep.Points[0].SmoothedLoss, Is.EqualTo(sweep.Points[0].Loss).Within(1e-12), "bias correction: the first smoothed value is the first loss");
        });
    }

    [Test]
    public void The_Sweep_Stops_When_The_Smoothed_Loss_Diverges()
    {
        // Labels drawn at random, which no rate can fit: at high rates the loss grows without bound. (The synthetic
        // classes are separable, so there the loss of a high rate falls to 0 instead.)
        using var digits = SyntheticDigits.Make(320, seed: 1);
        using var generator = new TorchSharp.torch.Generator(9);
        using var noise = new Mnist.Functional.Data.Split(digits.Images.clone(), TorchSharp.torch.randint(0, 3, [320], generator: generator));

        var sweep = LearningRateFinder.Sweep(SyntheticDigits.Setup(epochs: 1), SyntheticDigits.Data(noise, 32, shuffleSeed: 5).Train, new LearningRateRange(1e-3, 1e6, Steps: 200));

        Assert.Multiple(() =>
        {
            Assert.That(sweep.Diverged, Is.True, sweep.Stopped);
            Assert.That(sweep.Points, Has.Count.LessThan(200));
        });
    }

    [Test]
    public void The_Suggestion_Is_The_Steepest_Descent_Of_The_Smoothed_Loss_After_The_First_Ten_Steps()
    {
        // A smoothed loss that falls fastest at step 25 (index 24), and faster still at step 3, which is skipped.
        var losses = Enumerable.Range(0, 40).Select(i => i == 2 ? -100.0 : 5 - (3 / (1 + Math.Exp(-(i - 24.0))))).ToArray();
        var points = losses.Select((loss, i) => new LearningRatePoint(i + 1, Math.Pow(10, -5 + (i / 8.0)), loss, loss)).ToArray();

        var sweep = new LearningRateSweep(new LearningRateRange(1e-5, 1e0, Steps: 40), points, "ran out", Diverged: false);

        Assert.Multiple(() =>
        {
            Assert.That(sweep.Suggested!.Step, Is.EqualTo(25));
            Assert.That(new LearningRateSweep(new LearningRateRange(), points[..12], "diverged", Diverged: true).Suggested, Is.Null, "too few steps left to search");
        });
    }

    [TestCase(0.0, 1.0, 100, "start")]
    [TestCase(1.0, 1.0, 100, "end")]
    [TestCase(1e-7, 10.0, 5, "steps")]
    [TestCase(1e-7, 10.0, 5000, "steps")]
    public void Ranges_Out_Of_Bounds_Are_Refused_By_Name(double start, double end, int steps, string name)
    {
        Assert.That(() => new LearningRateRange(start, end, steps).Checked(),
            Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo(name));
    }
}
