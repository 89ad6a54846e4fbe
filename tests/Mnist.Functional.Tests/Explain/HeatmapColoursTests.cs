using Mnist.Functional.Explain;

namespace Mnist.Functional.Tests.Explain;

public sealed class HeatmapColoursTests
{
    private static readonly byte[] Black = new byte[28 * 28];

    [Test]
    public void The_Scale_Is_The_Magnitude_At_Which_The_Sorted_Magnitudes_Reach_98_Percent_Of_Their_Total()
    {
        // 1 + 2 + … + 99 = 4,950 is the first partial sum of 1..100 to reach 98% of 5,050 (4,949).
        var ramp = Enumerable.Range(1, 100).Select(value => (float)(value % 2 == 0 ? value : -value)).Reverse().ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(HeatmapColours.Scale(ramp), Is.EqualTo(99));
            Assert.That(HeatmapColours.Scale(new float[784]), Is.Zero, "a map of zeros");
            Assert.That(HeatmapColours.Scale(Enumerable.Repeat(-0.25f, 784).ToArray()), Is.EqualTo(0.25), "a constant map");
        });
    }

    [Test]
    public void Positive_Values_Are_Red_Negative_Ones_Blue_And_Zero_Leaves_The_Dimmed_Grey()
    {
        var pixels = new byte[28 * 28];
        pixels[2] = 255;
        var map = new float[28 * 28];
        (map[0], map[1]) = (1f, -1f);

        var colours = HeatmapColours.Of(28, 28, pixels, map);

        // Alpha 0.9 at full scale over black: 0.9 × (230, 30, 30) and 0.9 × (30, 100, 240); a white pixel with a zero value is 0.5 × 255.
        Assert.That(colours.Take(4), Is.EqualTo(new (byte, byte, byte)[] { (207, 27, 27), (27, 90, 216), (128, 128, 128), (0, 0, 0) }));
    }

    [Test]
    public void Values_Beyond_The_Scale_Are_Clipped_So_One_Outlier_Does_Not_Fade_The_Rest()
    {
        // 10 of a total 793 is under 2%, so the scale is 1 (Captum's outlier_perc=2).
        var map = Enumerable.Repeat(1f, 28 * 28).ToArray();
        map[0] = 10f;

        var colours = HeatmapColours.Of(28, 28, Black, map);

        Assert.Multiple(() =>
        {
            Assert.That(HeatmapColours.Scale(map), Is.EqualTo(1));
            Assert.That(colours[1], Is.EqualTo(colours[0]), "the outlier and an ordinary pixel are both at full colour");
        });
    }

    [Test]
    public void A_Map_That_Does_Not_Fit_The_Digit_Or_Holds_NaN_Is_Refused()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => HeatmapColours.Of(28, 28, Black, new float[27 * 28]),
                Throws.ArgumentException.With.Message.Contains("28×28 digit needs a map of 784 values, not 756"));
            Assert.That(() => HeatmapColours.Of(28, 28, new byte[27 * 28], new float[28 * 28]),
                Throws.ArgumentException.With.Message.Contains("28×28 digit has 784 pixels, not 756"));
            var nan = new float[28 * 28];
            nan[10] = float.NaN;
            Assert.That(() => HeatmapColours.Of(28, 28, Black, nan), Throws.ArgumentException.With.Message.Contains("NaN or infinite"));
        });
    }
}
