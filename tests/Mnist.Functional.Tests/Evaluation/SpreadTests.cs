using Mnist.Functional.Evaluation;

namespace Mnist.Functional.Tests.Evaluation;

public sealed class SpreadTests
{
    [Test]
    public void Should_Give_Mean_Sample_Standard_Deviation_Min_And_Max()
    {
        var spread = Spread.Of([0.990, 0.992, 0.991, 0.993]);

        Assert.Multiple(() =>
        {
            Assert.That(spread.Count, Is.EqualTo(4));
            Assert.That(spread.Mean, Is.EqualTo(0.9915).Within(1e-12));
            Assert.That(spread.StandardDeviation, Is.EqualTo(Math.Sqrt(5e-6 / 3)).Within(1e-12), "divides by n - 1");
            Assert.That(spread.Min, Is.EqualTo(0.990));
            Assert.That(spread.Max, Is.EqualTo(0.993));
        });
    }

    [Test]
    public void One_Value_Has_No_Spread_And_None_Is_Refused()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Spread.Of([0.99]), Is.EqualTo(new Spread(1, 0.99, 0, 0.99, 0.99)));
            Assert.That(() => Spread.Of([]), Throws.ArgumentException.With.Message.Contains("at least one value"));
        });
    }
}
