using System.Drawing;
using Mnist.Functional.Testing;
using StbImageWriteSharp;
using static TorchSharp.torch;

namespace Mnist.Functional.Images.Tests;

public sealed class DigitImageTests
{
    // A "0": an elliptical ring 24 wide and 40 tall, 5 px thick, centred at (35, 28) in a 100×60 image.
    private static bool InRing(int x, int y)
    {
        double Radius(double rx, double ry) => Math.Sqrt(Math.Pow((x + 0.5 - 35) / rx, 2) + Math.Pow((y + 0.5 - 28) / ry, 2));
        return Radius(12, 20) <= 1 && Radius(7, 15) > 1;
    }

    // A "7": a bar across the top and a stroke down to the lower left, lopsided so that its centre of mass is off its box's centre.
    private static bool InSeven(int x, int y) =>
        (y is >= 10 and < 16 && x is >= 60 and < 90) || (y is >= 16 and < 52 && Math.Abs(x - (88 - ((y - 16) * 0.6))) < 3);

    private static GreyImage BlackOnWhite(Func<int, int, bool> ink) => GreyImage.Generate(100, 60, (x, y) => ink(x, y) ? (byte)0 : (byte)255);

    [Test]
    public void A_Black_On_White_Digit_Is_Inverted_Cropped_Scaled_Into_20_By_20_And_Centred_By_Mass()
    {
        var digit = DigitImage.ToMnist(BlackOnWhite(InRing), "ring");

        var bounds = DigitImage.InkBounds(digit, threshold: 0)!.Value;
        var (x, y) = DigitImage.CentreOfMass(digit)!.Value;
        Assert.Multiple(() =>
        {
            Assert.That((digit.Width, digit.Height), Is.EqualTo((28, 28)));
            Assert.That(digit[0, 0], Is.Zero, "the background is black");
            Assert.That(digit.Pixels.Max(), Is.EqualTo(255), "the ink is white");
            Assert.That(bounds.Height, Is.EqualTo(20), "the longer side fills the 20-pixel box");
            Assert.That(bounds.Width, Is.EqualTo(12).Within(1), "the aspect ratio is kept: 24 × 20 / 40");
            Assert.That(Rectangle.FromLTRB(4, 4, 24, 24).Contains(bounds), Is.True, $"{bounds} lies in the centre 20×20");
            Assert.That(x, Is.EqualTo(14).Within(1));
            Assert.That(y, Is.EqualTo(14).Within(1));
        });
    }

    [Test]
    public void A_Lopsided_Digit_Is_Centred_By_Its_Mass_Not_By_Its_Box()
    {
        var digit = DigitImage.ToMnist(BlackOnWhite(InSeven), "seven");

        var bounds = DigitImage.InkBounds(digit, threshold: 0)!.Value;
        var (x, y) = DigitImage.CentreOfMass(digit)!.Value;
        Assert.Multiple(() =>
        {
            Assert.That(Math.Max(bounds.Width, bounds.Height), Is.EqualTo(20));
            Assert.That(bounds.Width, Is.LessThanOrEqualTo(20));
            Assert.That(x, Is.EqualTo(14).Within(1));
            Assert.That(y, Is.EqualTo(14).Within(1));
            Assert.That(bounds.Top + (bounds.Height / 2.0), Is.GreaterThanOrEqualTo(15), $"the heavy top bar puts the mass high, so the box {bounds} sits low");
        });
    }

    [Test]
    public void A_White_On_Black_Digit_Is_Not_Inverted()
    {
        var whiteOnBlack = BlackOnWhite(InRing).Select(value => (byte)(255 - value));

        var (light, dark) = (DigitImage.ToMnist(whiteOnBlack, "ring").Pixels, DigitImage.ToMnist(BlackOnWhite(InRing), "ring").Pixels);

        Assert.That(light.Zip(dark, (a, b) => Math.Abs(a - b)).Max(), Is.LessThanOrEqualTo(1), "the same digit, but for rounding");
    }

    [Test]
    public void Faint_Ink_On_Grey_Paper_Prepares_Like_Black_On_White()
    {
        var faint = GreyImage.Generate(100, 60, (x, y) => InRing(x, y) ? (byte)120 : (byte)200);

        var difference = DigitImage.ToMnist(faint, "faint").Pixels.Zip(DigitImage.ToMnist(BlackOnWhite(InRing), "ring").Pixels, (a, b) => Math.Abs(a - b)).Average();

        Assert.That(difference, Is.LessThan(6), "stretched so that the ink is white");
    }

    [Test]
    public void Scaling_Averages_The_Area_Each_Output_Pixel_Covers()
    {
        var checkerboard = GreyImage.Generate(40, 40, (x, y) => (x + y) % 2 == 0 ? (byte)0 : (byte)200);
        var ramp = GreyImage.Generate(3, 1, (x, _) => (byte)(x * 90));

        Assert.Multiple(() =>
        {
            Assert.That(DigitImage.ScaleToFit(checkerboard, 20).Pixels, Is.All.EqualTo(100), "each 2×2 block averages to 100");
            Assert.That(DigitImage.ScaleToFit(ramp, 2).Pixels, Is.EqualTo(new byte[] { 30, 150 }), "(0·1 + 90·½) / 1.5 and (90·½ + 180·1) / 1.5");
            Assert.That(DigitImage.ScaleToFit(ramp, 6).Pixels, Is.EqualTo(new byte[] { 0, 0, 90, 90, 180, 180, 0, 0, 90, 90, 180, 180 }), "enlarging to 6×2 repeats pixels");
        });
    }

    [Test]
    public void Centring_Puts_The_Centre_Of_Mass_On_The_Canvas_Centre_And_Keeps_The_Digit_Inside()
    {
        var dot = GreyImage.Generate(4, 2, (x, y) => x == 3 && y == 1 ? (byte)255 : (byte)0);
        var wide = GreyImage.Generate(20, 1, (x, _) => x == 0 ? (byte)255 : (byte)0);

        var centred = DigitImage.CentreByMass(dot, 28);
        var clamped = DigitImage.CentreByMass(wide, 28);

        Assert.Multiple(() =>
        {
            Assert.That(DigitImage.CentreOfMass(centred), Is.EqualTo((14.5, 14.5)), "a shift of 10.5 rounds to 11: half a pixel off at most");
            Assert.That(centred.Pixels.Count(value => value > 0), Is.EqualTo(1));
            Assert.That(DigitImage.InkBounds(clamped, threshold: 0), Is.EqualTo(new Rectangle(8, 14, 1, 1)), "shifted only as far as keeps the 20-pixel row inside");
        });
    }

    [Test]
    public void A_Jpeg_File_Gives_Nearly_The_Digit_Its_Pixels_Give()
    {
        using var folder = new TempFolder();
        var image = BlackOnWhite(InRing);
        var file = folder.Write("ring.jpg", Encode((writer, stream) => writer.WriteJpg(image.Pixels, 100, 60, ColorComponents.Grey, stream, 90)));

        var fromJpeg = DigitImage.Load(file).Digit;

        var meanDifference = fromJpeg.Pixels.Zip(DigitImage.ToMnist(image, "ring").Pixels, (a, b) => Math.Abs(a - b)).Average();
        Assert.Multiple(() =>
        {
            Assert.That(meanDifference, Is.LessThan(8), "JPEG's ringing changes a few edge pixels a little");
            Assert.That(DigitImage.CentreOfMass(fromJpeg)!.Value.X, Is.EqualTo(14).Within(1));
        });
    }

    [Test]
    public void From_Bytes_Refuses_More_Bytes_Than_The_Limit_Before_Decoding()
    {
        Assert.That(() => DigitImage.FromBytes(new byte[3_000_000], "upload", new ImageLimits(MaxBytes: 2_000_000, MaxPixels: 1000)),
            Throws.InstanceOf<InvalidDataException>().With.Message.EqualTo("upload is 3 MB, more than the limit of 2 MB for an image."));
    }

    [Test]
    public void Load_Names_A_Missing_File()
    {
        using var folder = new TempFolder();

        Assert.That(() => DigitImage.Load(folder.File("none.png")),
            Throws.InstanceOf<FileNotFoundException>().With.Message.Contains(folder.File("none.png")));
    }

    [Test]
    public void Stack_Gives_A_Uint8_Batch_Like_A_Split()
    {
        using var scope = NewDisposeScope();
        var digits = new[] { DigitImage.ToMnist(BlackOnWhite(InRing), "ring"), DigitImage.ToMnist(BlackOnWhite(InSeven), "seven") };

        var batch = DigitImage.Stack(digits);

        Assert.Multiple(() =>
        {
            Assert.That(batch.shape, Is.EqualTo(new long[] { 2, 28, 28 }));
            Assert.That(batch.dtype, Is.EqualTo(ScalarType.Byte));
            Assert.That(batch[1].data<byte>().ToArray(), Is.EqualTo(digits[1].Pixels));
            Assert.That(() => DigitImage.Stack([BlackOnWhite(InRing)]), Throws.ArgumentException.With.Message.Contains("100×60"));
        });
    }

    private static byte[] Encode(Action<ImageWriter, Stream> write)
    {
        using var stream = new MemoryStream();
        write(new ImageWriter(), stream);
        return stream.ToArray();
    }
}
