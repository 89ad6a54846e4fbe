using Mnist.Functional.Evaluation;
using Mnist.Functional.Training;

namespace Mnist.Functional.Runs.Tests.Runs;

/// <summary>A made-up but plausible run: epochs of falling loss, and test digits drawn from a 3×5 pixel font.</summary>
internal static class SyntheticRun
{
    public static readonly string[] Digits = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    // Each digit as five rows of three pixels, one bit per pixel, most significant on the left.
    private static readonly int[][] Font =
    [
        [7, 5, 5, 5, 7], [2, 6, 2, 2, 7], [7, 1, 7, 4, 7], [7, 1, 7, 1, 7], [5, 5, 7, 1, 1],
        [7, 4, 7, 1, 7], [7, 4, 7, 5, 7], [7, 1, 2, 2, 2], [7, 5, 7, 5, 7], [7, 5, 7, 1, 7],
    ];

    /// <summary>Sample <paramref name="index"/>'s class.</summary>
    public static int Label(int index) => index * 7 % 10;

    /// <summary>Whether the synthetic model gets sample <paramref name="index"/> wrong (about one in eleven).</summary>
    public static bool IsWrong(int index) => index % 11 == 5;

    /// <summary>Losses that fall with the epoch, validation and test a little above training.</summary>
    public static History History(int epochs, int stepsPerEpoch)
    {
        var random = new Random(7);
        var history = Mnist.Functional.Training.History.Empty;
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            for (var step = 0; step < stepsPerEpoch; step++)
            {
                var progress = epoch - 1 + ((double)step / stepsPerEpoch);
                var stepLoss = (2.2 * Math.Exp(-1.5 * progress)) + 0.05 + (0.08 * random.NextDouble());
                var rate = 0.001 * Math.Pow(0.7, epoch - 1) * Math.Min(1, (step + 1.0) / 20);
                history = history.WithStep((float)stepLoss, (float)Math.Clamp(1 - (stepLoss / 2.4) + (0.05 * random.NextDouble()), 0, 1), rate);
            }
            var loss = (0.9 * Math.Exp(-0.6 * epoch)) + 0.03;
            history = history.WithEpoch(new EpochRecord(epoch, loss, 1 - (loss / 2), loss + 0.03, 1 - (loss / 2) - 0.012, loss + 0.02, 1 - (loss / 2) - 0.008,
                                                        LearningRate: 0.001 * Math.Pow(0.7, epoch - 1), Seconds: 31.9, SamplesPerSecond: 1880.4));
        }
        return history;
    }

    /// <summary>Right with 90–98% confidence, or wrong with 50–92% confidence and the actual class second.</summary>
    public static Predictions Predictions(int samples, IReadOnlyList<string> classNames)
    {
        var classes = classNames.Count;
        var probabilities = new float[samples * classes];
        for (var i = 0; i < samples; i++)
        {
            var label = Label(i) % classes;
            var predicted = IsWrong(i) ? (label + 1 + (i % 3)) % classes : label;
            var confidence = IsWrong(i) ? 0.5f + (i % 7 * 0.07f) : 0.9f + (i % 5 * 0.02f);
            var row = probabilities.AsSpan(i * classes, classes);
            row.Fill((1 - confidence) * 0.3f / (classes - 2));
            row[predicted] = confidence;
            if (predicted != label) row[label] = (1 - confidence) * 0.7f;
            else row[(label + 5) % classes] = (1 - confidence) * 0.7f;
        }
        return new Predictions(probabilities, Enumerable.Range(0, samples).Select(i => Label(i) % classes).ToArray(), loss: 0.0731, classNames);
    }

    /// <summary>Each sample's 28×28 digit, white on black, its 3×5 glyph scaled by four and shifted a little from sample to sample.</summary>
    public static byte[] Pixels(int samples)
    {
        const int side = 28, scale = 4;
        var pixels = new byte[samples * side * side];
        for (var i = 0; i < samples; i++)
        {
            var glyph = Font[Label(i)];
            var (top, left) = (4 + (i % 3), 8 + (i % 4) - 1);
            for (var row = 0; row < 5 * scale; row++)
                for (var column = 0; column < 3 * scale; column++)
                    if ((glyph[row / scale] >> (2 - (column / scale)) & 1) == 1)
                        pixels[(i * side * side) + ((top + row) * side) + left + column] = (byte)(200 + (i % 56));
        }
        return pixels;
    }
}
