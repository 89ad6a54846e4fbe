using Mnist.Functional.Training;
using Mnist.Functional.Training.Observers;

namespace Mnist.Functional.Tests.Training.Observers;

public sealed class EpochLogTests
{
    [Test]
    public void Should_Write_One_Line_Per_Epoch_With_The_Splits_That_Were_Evaluated()
    {
        var log = new EpochLog(TextWriter.Null, "fast");

        Assert.Multiple(() =>
        {
            Assert.That(log.Line(new EpochRecord(2, 0.04123, 0.98713, null, null, 0.02361, 0.9919, 0.001, 11.24, 5357.2), totalEpochs: 2),
                Is.EqualTo("fast epoch 2/2: train loss 0.0412 acc 98.71%, test loss 0.0236 acc 99.19%, 11.2 s, 5,357 samples/s"));
            Assert.That(log.Line(new EpochRecord(1, 0.5, 0.9, 0.25, 0.95, null, null, 0.1, 2, 100), totalEpochs: 3),
                Is.EqualTo("fast epoch 1/3: train loss 0.5000 acc 90.00%, validation loss 0.2500 acc 95.00%, 2.0 s, 100 samples/s"));
        });
    }

    [Test]
    public void Should_Log_Every_Epoch_Of_A_Run()
    {
        using var train = SyntheticDigits.Make(100, seed: 1);
        using var writer = new StringWriter();

        using var state = SyntheticDigits.Fit(SyntheticDigits.Setup(epochs: 2), SyntheticDigits.Data(train, 50, shuffleSeed: 2), [new EpochLog(writer, "linear")]).State;

        Assert.That(writer.ToString().ReplaceLineEndings("\n").TrimEnd().Split('\n'), Has.Length.EqualTo(2).And.All.StartWith("linear epoch "));
    }
}
