using System.Drawing;
using Mnist.Functional.Data;
using Mnist.Functional.Data.Images;
using Mnist.Functional.Reports;
using StbImageWriteSharp;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Data.Images;

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
            Assert.That(bounds.Width, Is.EqualTo(12), "the aspect ratio is kept: 24 × 20 / 40");
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

        Assert.That(DigitImage.ToMnist(whiteOnBlack, "ring").Pixels, Is.EqualTo(DigitImage.ToMnist(BlackOnWhite(InRing), "ring").Pixels));
    }

    [Test]
    public void Faint_Ink_On_Grey_Paper_Is_Stretched_To_White_On_Black()
    {
        var faint = GreyImage.Generate(100, 60, (x, y) => InRing(x, y) ? (byte)120 : (byte)200);

        var ink = DigitImage.InkOnBlack(faint);

        Assert.Multiple(() =>
        {
            Assert.That(ink[0, 0], Is.Zero);
            Assert.That(ink.Pixels.Max(), Is.EqualTo(255));
            Assert.That(DigitImage.ToMnist(faint, "faint").Pixels, Is.EqualTo(DigitImage.ToMnist(BlackOnWhite(InRing), "ring").Pixels));
        });
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
            Assert.That(DigitImage.InkBounds(clamped), Is.EqualTo(new Rectangle(8, 14, 1, 1)), "shifted only as far as keeps the 20-pixel row inside");
        });
    }

    [Test]
    public void A_Transparent_Png_Is_Composited_On_White()
    {
        // Ink is opaque black; everything else is transparent black, which reads as black if alpha is ignored.
        var rgba = new byte[100 * 60 * 4];
        for (var y = 0; y < 60; y++)
            for (var x = 0; x < 100; x++)
                rgba[(((y * 100) + x) * 4) + 3] = InRing(x, y) ? (byte)255 : (byte)0;
        var png = Encode((writer, stream) => writer.WritePng(rgba, 100, 60, ColorComponents.RedGreenBlueAlpha, stream));

        var decoded = DigitImage.Decode(png, "transparent.png");

        Assert.Multiple(() =>
        {
            Assert.That(decoded.Pixels, Is.EqualTo(BlackOnWhite(InRing).Pixels));
            Assert.That(DigitImage.ToMnist(decoded, "transparent.png").Pixels, Is.EqualTo(DigitImage.ToMnist(BlackOnWhite(InRing), "ring").Pixels));
        });
    }

    [Test]
    public void A_Jpeg_Gives_Nearly_The_Digit_Its_Pixels_Give()
    {
        var image = BlackOnWhite(InRing);
        var jpeg = Encode((writer, stream) => writer.WriteJpg(image.Pixels, 100, 60, ColorComponents.Grey, stream, 90));

        var fromJpeg = DigitImage.ToMnist(DigitImage.Decode(jpeg, "ring.jpg"), "ring.jpg");
        var exact = DigitImage.ToMnist(image, "ring");

        var meanDifference = fromJpeg.Pixels.Zip(exact.Pixels, (a, b) => Math.Abs(a - b)).Average();
        Assert.Multiple(() =>
        {
            Assert.That(jpeg.AsSpan(0, 2).ToArray(), Is.EqualTo(new byte[] { 0xFF, 0xD8 }), "a JPEG file");
            Assert.That(meanDifference, Is.LessThan(8), "JPEG's ringing changes a few edge pixels a little");
            Assert.That(DigitImage.CentreOfMass(fromJpeg)!.Value.X, Is.EqualTo(14).Within(1));
        });
    }

    [Test]
    public void A_Grey_Png_Decodes_To_Its_Pixels()
    {
        var image = BlackOnWhite(InSeven);

        Assert.That(DigitImage.Decode(GreyPng.Encode(image.Pixels, 100, 60), "seven.png").Pixels, Is.EqualTo(image.Pixels));
    }

    [TestCase(255, TestName = "A white image")]
    [TestCase(0, TestName = "A black image")]
    [TestCase(140, TestName = "A mid-grey image")]
    public void A_Blank_Image_Is_An_Error_That_Names_It(int level)
    {
        var blank = GreyImage.Generate(50, 40, (x, y) => (byte)Math.Clamp(level + ((x * y) % 7) - 3, 0, 255)); // a little noise

        Assert.That(() => DigitImage.ToMnist(blank, "blank.png"),
            Throws.InstanceOf<InvalidDataException>().With.Message.StartsWith("blank.png shows no digit"));
    }

    [Test]
    public void Bytes_That_Are_No_Image_Are_An_Error_That_Names_The_Source()
    {
        var truncated = GreyPng.Encode(BlackOnWhite(InRing).Pixels, 100, 60)[..40];

        Assert.Multiple(() =>
        {
            Assert.That(() => DigitImage.Decode("not an image"u8.ToArray(), "notes.txt"),
                Throws.InstanceOf<InvalidDataException>().With.Message.StartsWith("notes.txt cannot be read as a PNG or JPEG image ("));
            Assert.That(() => DigitImage.Decode(truncated, "cut.png"),
                Throws.InstanceOf<InvalidDataException>().With.Message.StartsWith("cut.png cannot be read"));
        });
    }

    [Test]
    public void A_Jpeg_Cut_Off_In_Its_Headers_Is_An_Error_Not_A_Hang()
    {
        var jpeg = Encode((writer, stream) => writer.WriteJpg(BlackOnWhite(InRing).Pixels, 100, 60, ColorComponents.Grey, stream, 90));
        var startOfScan = jpeg.AsSpan().IndexOf(new byte[] { 0xFF, 0xDA });

        Assert.Multiple(() =>
        {
            foreach (var length in new[] { 3, 17, 20, startOfScan / 2, startOfScan + 1 })
                Assert.That(() => DigitImage.Decode(jpeg[..length], "cut.jpg"),
                    Throws.InstanceOf<InvalidDataException>().With.Message.StartsWith("cut.jpg cannot be read"), $"the first {length} bytes");
            Assert.That(DigitImage.Decode(jpeg[..(startOfScan + 100)], "half.jpg").Width, Is.EqualTo(100), "cut off inside the image data, stb_image gives what it has");
        });
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
