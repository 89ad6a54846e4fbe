using System.Diagnostics;

namespace Mnist.Functional.Images.Tests;

public sealed class ImageDecoderTests
{
    private static readonly GreyImage Seven = Pictures.Grey(60, (x, y) => Pictures.Seven(60, x, y), (_, _) => 255);

    [Test]
    public void A_Grey_Png_Decodes_To_Its_Pixels_And_Is_Opaque()
    {
        var decoded = ImageDecoder.Decode(Pictures.GreyPng(Seven), "seven.png", ImageLimits.Default);

        Assert.Multiple(() =>
        {
            Assert.That(decoded.Grey.Pixels, Is.EqualTo(Seven.Pixels));
            Assert.That(decoded.Alpha, Is.Null);
        });
    }

    [Test]
    public void A_Transparent_Png_Is_Composited_On_White_And_Keeps_Its_Alpha()
    {
        // Opaque black ink; everything else transparent black, which reads as black if alpha is ignored.
        var rgba = new byte[60 * 60 * 4];
        for (var i = 0; i < 60 * 60; i++) rgba[(4 * i) + 3] = Seven.Pixels[i] == 0 ? (byte)255 : (byte)0;

        var decoded = ImageDecoder.Decode(Pictures.RgbaPng(rgba, 60, 60), "transparent.png", ImageLimits.Default);

        Assert.Multiple(() =>
        {
            Assert.That(decoded.Grey.Pixels, Is.EqualTo(Seven.Pixels));
            Assert.That(decoded.Alpha!.Pixels, Is.EqualTo(Seven.Pixels.Select(value => (byte)(255 - value)).ToArray()));
            Assert.That(decoded.IsTransparentCanvas, Is.True);
        });
    }

    [Test]
    public void A_16_Bit_Png_Decodes_To_Its_High_Bytes()
    {
        var png = Pictures.Grey16Png(60, 60, (x, y) => (ushort)(Seven[x, y] * 257));

        Assert.That(ImageDecoder.Decode(png, "deep.png", ImageLimits.Default).Grey.Pixels, Is.EqualTo(Seven.Pixels));
    }

    [TestCase(1, 0, 0, TestName = "EXIF 1 (upright) keeps the pixels")]
    [TestCase(3, 59, 59, TestName = "EXIF 3 turns the picture 180°")]
    [TestCase(6, 59, 0, TestName = "EXIF 6 turns the picture 90° clockwise")]
    [TestCase(8, 0, 59, TestName = "EXIF 8 turns the picture 90° anticlockwise")]
    public void A_Jpeg_Is_Turned_By_Its_Exif_Orientation(int orientation, int x, int y)
    {
        // One dark 6×6 corner block at the stored top left; after turning it must be at (x, y).
        var stored = GreyImage.Generate(60, 60, (px, py) => px < 6 && py < 6 ? (byte)0 : (byte)255);

        var decoded = ImageDecoder.Decode(Pictures.WithExifOrientation(Pictures.GreyJpeg(stored), orientation), "photo.jpg", ImageLimits.Default);

        Assert.That(decoded.Grey[x, y], Is.LessThan(60), $"the dark corner is at ({x}, {y})");
    }

    [Test]
    public void A_Huge_Image_Is_Refused_From_Its_Header_Without_Decoding()
    {
        var claim = Pictures.Grey16Png(32000, 32000, pixels: null);
        var clock = Stopwatch.StartNew();

        Assert.That(() => ImageDecoder.Decode(claim, "huge.png", ImageLimits.Default),
            Throws.InstanceOf<InvalidDataException>().With.Message.EqualTo("huge.png is 32000×32000 pixels (1024 megapixels), more than the limit of 50 megapixels: scale it down first."));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), "refused from the header, not after decoding a gigapixel");
    }

    [Test]
    public void Truncated_Pngs_And_Jpegs_Are_Errors_That_Name_The_File_Never_Half_Pictures()
    {
        var png = Pictures.GreyPng(Seven);
        var jpeg = Pictures.GreyJpeg(Seven);

        Assert.Multiple(() =>
        {
            foreach (var (bytes, name) in new[] { (png, "cut.png"), (jpeg, "cut.jpg") })
                foreach (var length in new[] { 3, 17, 40, bytes.Length / 2, bytes.Length - 10 })
                    Assert.That(() => ImageDecoder.Decode(bytes[..length], name, ImageLimits.Default),
                        Throws.InstanceOf<InvalidDataException>().With.Message.StartsWith($"{name} cannot be read as an image").And.Message.Not.Contains("stream"),
                        $"the first {length} of {bytes.Length} bytes of {name}");
        });
    }

    [Test]
    public void Bytes_That_Are_No_Image_Are_An_Error_That_Names_The_Source()
    {
        Assert.That(() => ImageDecoder.Decode("not an image"u8.ToArray(), "notes.txt", ImageLimits.Default),
            Throws.InstanceOf<InvalidDataException>().With.Message.StartsWith("notes.txt cannot be read as an image: it is not an image of a known format"));
    }
}
