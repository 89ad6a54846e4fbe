using SkiaSharp;

namespace Mnist.Functional.Images.Tests;

public sealed class HeatmapOverlayTests
{
    private static readonly GreyImage Black = new(28, 28, new byte[28 * 28]);

    [Test]
    public void The_Png_Shows_Each_Digit_Pixel_As_A_Block_Of_Its_Colour()
    {
        var map = new float[28 * 28];
        map[(3 * 28) + 5] = 2f;

        using var bitmap = SKBitmap.Decode(HeatmapOverlay.Png(Black, map, scale: 4));

        Assert.Multiple(() =>
        {
            Assert.That((bitmap.Width, bitmap.Height), Is.EqualTo((112, 112)));
            var red = bitmap.GetPixel((5 * 4) + 3, (3 * 4) + 3);
            Assert.That((red.Red, red.Green, red.Blue), Is.EqualTo(((byte)207, (byte)27, (byte)27)), "the block of pixel (5, 3)");
            var black = bitmap.GetPixel(5 * 4, (4 * 4) + 1);
            Assert.That((black.Red, black.Green, black.Blue), Is.EqualTo(((byte)0, (byte)0, (byte)0)), "the block below it");
        });
    }

    [Test]
    public void A_Map_That_Does_Not_Fit_The_Digit_Or_A_Scale_Out_Of_Range_Is_Refused()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => HeatmapOverlay.Png(Black, new float[27 * 28]),
                Throws.ArgumentException.With.Message.Contains("28×28 digit needs a map of 784 values, not 756"));
            Assert.That(() => HeatmapOverlay.Png(Black, new float[28 * 28], scale: 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => HeatmapOverlay.Png(Black, new float[28 * 28], scale: 65), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }
}
