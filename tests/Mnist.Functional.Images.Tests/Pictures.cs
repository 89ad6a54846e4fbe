using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;
using StbImageWriteSharp;

namespace Mnist.Functional.Images.Tests;

/// <summary>Pictures of digits made from nothing for the image tests: shapes, and the files that hold them.</summary>
internal static class Pictures
{
    /// <summary>A "7" in a side×side square, as coverage 0–1: a bar across the upper part and a thick stroke down to the lower left.</summary>
    public static double Seven(int side, int x, int y)
    {
        var (u, v) = ((x + 0.5) / side, (y + 0.5) / side);
        var bar = v is >= 0.25 and < 0.33 && u is >= 0.3 and < 0.72;
        var stroke = v is >= 0.25 and < 0.78 && Math.Abs(u - (0.72 - ((v - 0.25) * 0.55))) < 0.04;
        return bar || stroke ? 1 : 0;
    }

    /// <summary>A "0": an elliptical ring in a side×side square.</summary>
    public static double Zero(int side, int x, int y)
    {
        var (u, v) = (((x + 0.5) / side) - 0.5, ((y + 0.5) / side) - 0.5);
        double Radius(double rx, double ry) => Math.Sqrt(Math.Pow(u / rx, 2) + Math.Pow(v / ry, 2));
        return Radius(0.18, 0.28) <= 1 && Radius(0.11, 0.21) > 1 ? 1 : 0;
    }

    /// <summary>A "4": an open stroke down the upper left to a bar across, and a long stem on the right.</summary>
    public static double Four(int side, int x, int y)
    {
        var (u, v) = ((x + 0.5) / side, (y + 0.5) / side);
        var arm = v is >= 0.2 and < 0.6 && Math.Abs(u - (0.34 - ((v - 0.2) * 0.12))) < 0.04;
        var bar = v is >= 0.52 and < 0.6 && u is >= 0.28 and < 0.74;
        var stem = v is >= 0.2 and < 0.8 && u is >= 0.58 and < 0.66;
        return arm || bar || stem ? 1 : 0;
    }

    /// <summary>A thin "1": a slanted stroke 3% of the side wide.</summary>
    public static double ThinOne(int side, int x, int y)
    {
        var (u, v) = ((x + 0.5) / side, (y + 0.5) / side);
        return v is >= 0.2 and < 0.8 && Math.Abs(u - (0.56 - ((v - 0.2) * 0.2))) < 0.015 ? 1 : 0;
    }

    /// <summary>A "5" written in two strokes: its bar does not touch the rest (a stem down to an open bowl).</summary>
    public static double FiveInTwoStrokes(int side, int x, int y)
    {
        var (u, v) = ((x + 0.5) / side, (y + 0.5) / side);
        var bar = v is >= 0.22 and < 0.29 && u is >= 0.38 and < 0.7;
        var stem = v is >= 0.33 and < 0.5 && u is >= 0.33 and < 0.4;
        var (du, dv) = (u - 0.5, v - 0.63);
        var radius = Math.Sqrt((du * du) + (dv * dv));
        var bowl = radius is >= 0.12 and < 0.19 && !(du < 0 && Math.Abs(dv) < 0.1) && !(du < -0.05 && dv < 0);
        return bar || stem || bowl ? 1 : 0;
    }

    /// <summary>A side×side grey picture: paper(x, y) where there is no ink, ink(x, y) where there is, mixed by the coverage.</summary>
    public static GreyImage Grey(int side, Func<int, int, double> coverage, Func<int, int, double> paper, double ink = 0) =>
        GreyImage.Generate(side, side, (x, y) =>
        {
            var c = coverage(x, y);
            return (byte)Math.Clamp(Math.Round((paper(x, y) * (1 - c)) + (ink * c)), 0, 255);
        });

    /// <summary>A 8-bit PNG of RGBA bytes.</summary>
    public static byte[] RgbaPng(byte[] rgba, int width, int height) =>
        Encode((writer, stream) => writer.WritePng(rgba, width, height, ColorComponents.RedGreenBlueAlpha, stream));

    /// <summary>An 8-bit grey PNG.</summary>
    public static byte[] GreyPng(GreyImage image) =>
        Encode((writer, stream) => writer.WritePng(image.Pixels, image.Width, image.Height, ColorComponents.Grey, stream));

    /// <summary>A grey JPEG at <paramref name="quality"/>.</summary>
    public static byte[] GreyJpeg(GreyImage image, int quality = 90) =>
        Encode((writer, stream) => writer.WriteJpg(image.Pixels, image.Width, image.Height, ColorComponents.Grey, stream, quality));

    /// <summary><paramref name="jpeg"/> with an APP1 EXIF segment after its SOI that holds only the orientation tag (0x0112).</summary>
    public static byte[] WithExifOrientation(byte[] jpeg, int orientation)
    {
        byte[] tiff = [(byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte)orientation, 0, 0, 0, 0, 0, 0];
        byte[] exif = [.. "Exif"u8, 0, 0, .. tiff];
        return [0xFF, 0xD8, 0xFF, 0xE1, (byte)((exif.Length + 2) >> 8), (byte)(exif.Length + 2), .. exif, .. jpeg.AsSpan(2)];
    }

    /// <summary>A PNG of 16-bit grey samples (colour type 0, bit depth 16), or, with <paramref name="pixels"/> null, one that claims the size in its header and holds one row.</summary>
    public static byte[] Grey16Png(int width, int height, Func<int, int, ushort>? pixels)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 16;
        using var file = new MemoryStream();
        file.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(file, "IHDR", header);
        {
            using var data = new MemoryStream();
            using (var zlib = new ZLibStream(data, CompressionLevel.Fastest, leaveOpen: true))
                for (var y = 0; y < (pixels is null ? 1 : height); y++)
                {
                    zlib.WriteByte(0);
                    for (var x = 0; x < width; x++)
                    {
                        var value = pixels?.Invoke(x, y) ?? 0;
                        zlib.Write([(byte)(value >> 8), (byte)value]);
                    }
                }
            Chunk(file, "IDAT", data.ToArray());
        }
        Chunk(file, "IEND", []);
        return file.ToArray();
    }

    private static void Chunk(Stream file, string type, byte[] data)
    {
        byte[] typed = [.. Encoding.ASCII.GetBytes(type), .. data];
        var word = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        file.Write(word);
        file.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.HashToUInt32(typed));
        file.Write(word);
    }

    private static byte[] Encode(Action<ImageWriter, Stream> write)
    {
        using var stream = new MemoryStream();
        write(new ImageWriter(), stream);
        return stream.ToArray();
    }
}
