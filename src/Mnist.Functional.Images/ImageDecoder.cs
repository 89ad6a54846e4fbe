using SkiaSharp;

namespace Mnist.Functional.Images;

/// <summary>
/// Decodes PNG (8 or 16 bits per sample, with or without transparency), JPEG, WebP, GIF and BMP files with SkiaSharp:
/// the size is read from the header and checked against <see cref="ImageLimits.MaxPixels"/> before any pixel is
/// decoded, a file cut short is an error (never a half-grey picture), and the EXIF orientation is applied.
/// </summary>
public static class ImageDecoder
{
    /// <summary>The image in <paramref name="file"/>, upright; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a whole image of a known format, or the image has more pixels than allowed.</exception>
    public static DecodedImage Decode(byte[] file, string source, ImageLimits limits)
    {
        using var stream = new SKMemoryStream(file);
        using var codec = SKCodec.Create(stream, out var opened)
            ?? throw new InvalidDataException($"{source} cannot be read as an image: {(KnownSignature(file) ? Reason(opened) : "it is not an image of a known format")}. Give a PNG, JPEG, WebP, GIF or BMP file.");
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if ((long)width * height > limits.MaxPixels)
            throw new InvalidDataException($"{source} is {width}×{height} pixels ({ImageLimits.Millions((long)width * height)} megapixels), more than the limit of {ImageLimits.Millions(limits.MaxPixels)} megapixels: scale it down first.");
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var decoded = codec.GetPixels(info, bitmap.GetPixels());
        if (decoded == SKCodecResult.Success && codec.EncodedFormat == SKEncodedImageFormat.Png && file.AsSpan().LastIndexOf("IEND"u8) < 0)
            decoded = SKCodecResult.IncompleteInput; // every row is there, but the file stops before its end chunk
        if (decoded != SKCodecResult.Success)
            throw new InvalidDataException($"{source} cannot be read as an image: {Reason(decoded)}.");
        return Split(bitmap.GetPixelSpan(), width, height, codec.EncodedOrigin);
    }

    /// <summary>
    /// The pixels (width × height) that <paramref name="file"/>'s header says its image has, read without decoding any;
    /// <see langword="null"/> when the bytes are not an image of a known format (<see cref="Decode"/> then says why).
    /// </summary>
    public static long? PixelCount(byte[] file)
    {
        using var stream = new SKMemoryStream(file);
        using var codec = SKCodec.Create(stream, out _);
        return codec is null ? null : (long)codec.Info.Width * codec.Info.Height;
    }

    // Luma over white and alpha from RGBA bytes, each turned upright.
    private static DecodedImage Split(ReadOnlySpan<byte> rgba, int width, int height, SKEncodedOrigin origin)
    {
        var (grey, alpha) = (new byte[width * height], new byte[width * height]);
        var opaque = true;
        for (var i = 0; i < grey.Length; i++)
        {
            var (r, g, b, a) = (rgba[4 * i], rgba[(4 * i) + 1], rgba[(4 * i) + 2], rgba[(4 * i) + 3]);
            var luma = (0.299 * r) + (0.587 * g) + (0.114 * b);
            grey[i] = (byte)Math.Round(((luma * a) + (255.0 * (255 - a))) / 255); // over white: luma·α + 255·(1 − α)
            alpha[i] = a;
            opaque &= a == 255;
        }
        var upright = Orientation.Upright(new GreyImage(width, height, grey), origin);
        return new DecodedImage(upright, opaque ? null : Orientation.Upright(new GreyImage(width, height, alpha), origin));
    }

    // Whether the file starts as a PNG, JPEG, GIF, WebP or BMP does.
    private static bool KnownSignature(ReadOnlySpan<byte> file) =>
        file.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G']) || file.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8]) || file.StartsWith("GIF8"u8)
        || (file.StartsWith("RIFF"u8) && file.Length >= 12 && file[8..12].SequenceEqual("WEBP"u8)) || file.StartsWith("BM"u8);

    private static string Reason(SKCodecResult result) => result switch
    {
        SKCodecResult.IncompleteInput => "the file is cut short (truncated)",
        SKCodecResult.ErrorInInput => "its data is corrupt",
        SKCodecResult.Unimplemented => "its format or a feature it uses is not supported",
        SKCodecResult.InvalidInput or SKCodecResult.CouldNotRewind => "it is not an image of a known format",
        _ => "it is not an image of a known format or it is damaged",
    };
}
