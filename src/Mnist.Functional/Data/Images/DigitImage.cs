using System.Drawing;
using StbImageSharp;
using static TorchSharp.torch;

namespace Mnist.Functional.Data.Images;

/// <summary>
/// Turns a picture of one digit (a PNG or JPEG of any size, dark ink on light paper or light on dark)
/// into a 28×28 digit the way MNIST made its own: white ink on black, cropped to the ink, scaled into
/// a 20×20 box, and centred by its centre of mass. Each stage is a pure function over <see cref="GreyImage"/>.
/// </summary>
/// <remarks>
/// The stages, in order: <see cref="Decode"/> (grey, transparency composited on white);
/// <see cref="InkOnBlack"/> (inverted when the border is light, then stretched so the background is 0 and
/// the darkest ink 255); <see cref="InkBounds"/> (the smallest box holding every pixel above
/// <see cref="InkThreshold"/>); <see cref="ScaleToFit"/> (longer side to 20, aspect kept, area-averaged so
/// edges are anti-aliased); <see cref="CentreByMass"/> (pasted into 28×28 black so that the centre of mass,
/// with pixel (x, y) covering [x, x+1) × [y, y+1), falls on (14, 14), the offset rounded to whole pixels).
/// EXIF orientation is not applied.
/// </remarks>
public static class DigitImage
{
    /// <summary>The side of the digit box the ink is scaled into, as in MNIST.</summary>
    public const int Box = 20;

    /// <summary>A pixel above this (after <see cref="InkOnBlack"/>) is ink when finding the digit's bounds.</summary>
    public const byte InkThreshold = 32;

    /// <summary>The least difference between the brightest ink and the background for an image to show anything.</summary>
    public const int MinimumContrast = 32;

    /// <summary>Reads the image file at <paramref name="path"/> and returns its digit as a 28×28 MNIST image.</summary>
    /// <exception cref="IOException">The file cannot be read (<see cref="FileNotFoundException"/> when it is missing).</exception>
    /// <exception cref="InvalidDataException">The file is not an image that can be decoded, or it shows no ink; the message names the file.</exception>
    public static GreyImage Load(string path) => ToMnist(Decode(File.ReadAllBytes(path), path), path);

    /// <summary>The digit in <paramref name="image"/> as a 28×28 MNIST image; <paramref name="source"/> names the image in errors.</summary>
    /// <exception cref="InvalidDataException">The image shows no ink.</exception>
    public static GreyImage ToMnist(GreyImage image, string source)
    {
        var ink = InkOnBlack(image);
        var bounds = InkBounds(ink)
            ?? throw new InvalidDataException($"{source} shows no digit: it is blank (no pixel differs from the background by {MinimumContrast} of 255 or more).");
        return CentreByMass(ScaleToFit(ink.Crop(bounds), Box), DatasetInfo.ImageSize);
    }

    /// <summary>Decodes a PNG or JPEG file's bytes to grey (luma of RGB), compositing any transparency onto white.</summary>
    /// <exception cref="InvalidDataException">The bytes are not an image that can be decoded; the message names <paramref name="source"/>.</exception>
    public static GreyImage Decode(byte[] file, string source)
    {
        if (file is [0xFF, 0xD8, ..] && !JpegHeadersComplete(file))
            throw new InvalidDataException($"{source} cannot be read as a PNG or JPEG image (a JPEG cut off before its image data).");
        ImageResult decoded;
        try
        {
            decoded = ImageResult.FromMemory(file, ColorComponents.GreyAlpha);
        }
        catch (Exception e) when (e is InvalidOperationException or IndexOutOfRangeException or ArgumentException or NullReferenceException)
        {
            var reason = string.IsNullOrWhiteSpace(e.Message) ? "corrupt or truncated data" : e.Message.Trim();
            throw new InvalidDataException($"{source} cannot be read as a PNG or JPEG image ({reason}).", e);
        }
        var data = decoded.Data;
        // Over white: grey·alpha + 255·(1 − alpha), alpha in [0, 1].
        return GreyImage.Generate(decoded.Width, decoded.Height, (x, y) =>
        {
            var at = 2 * ((y * decoded.Width) + x);
            var (grey, alpha) = (data[at], data[at + 1]);
            return (byte)(((grey * alpha) + (255 * (255 - alpha)) + 127) / 255);
        });
    }

    /// <summary>
    /// The image as light ink on black: inverted when its border's mean is light (above 127.5), then stretched
    /// linearly so that the border's mean becomes 0 and the brightest pixel 255. An image whose brightest pixel
    /// is less than <see cref="MinimumContrast"/> above its border's mean has no ink and comes back all black.
    /// </summary>
    public static GreyImage InkOnBlack(GreyImage image)
    {
        var ink = image.BorderMean() > 127.5 ? image.Select(value => (byte)(255 - value)) : image;
        var background = ink.BorderMean();
        var peak = ink.Pixels.Max();
        if (peak - background < MinimumContrast)
            return ink.Select(_ => 0);
        var scale = 255 / (peak - background);
        return ink.Select(value => (byte)Math.Clamp(Math.Round((value - background) * scale), 0, 255));
    }

    /// <summary>The smallest box that holds every pixel above <paramref name="threshold"/>, or <see langword="null"/> when there is none.</summary>
    public static Rectangle? InkBounds(GreyImage image, byte threshold = InkThreshold)
    {
        var (left, top, right, bottom) = (image.Width, image.Height, -1, -1);
        for (var y = 0; y < image.Height; y++)
            for (var x = 0; x < image.Width; x++)
                if (image[x, y] > threshold)
                    (left, top, right, bottom) = (Math.Min(left, x), Math.Min(top, y), Math.Max(right, x), Math.Max(bottom, y));
        return right < 0 ? null : Rectangle.FromLTRB(left, top, right + 1, bottom + 1);
    }

    /// <summary>
    /// The image scaled so that its longer side is <paramref name="box"/> pixels and its aspect ratio is kept
    /// (the shorter side rounded, at least 1). Each output pixel is the mean of the input area it covers, input
    /// pixels cut by its edges counted by the fraction inside, so edges come out anti-aliased.
    /// </summary>
    public static GreyImage ScaleToFit(GreyImage image, int box)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(box, 1);
        var longer = Math.Max(image.Width, image.Height);
        int Scaled(int side) => side == longer ? box : Math.Max(1, (int)Math.Round((double)side * box / longer));
        var (width, height) = (Scaled(image.Width), Scaled(image.Height));
        var columns = Footprints(image.Width, width);
        var rows = Footprints(image.Height, height);

        var across = new double[image.Height * width]; // rows scaled first: [image.Height, width]
        for (var y = 0; y < image.Height; y++)
            for (var x = 0; x < width; x++)
                across[(y * width) + x] = columns[x].Sum(column => column.Weight * image[column.Index, y]);
        return GreyImage.Generate(width, height, (x, y) =>
            (byte)Math.Clamp(Math.Round(rows[y].Sum(row => row.Weight * across[(row.Index * width) + x])), 0, 255));
    }

    /// <summary>
    /// <paramref name="digit"/> pasted into a black <paramref name="side"/>×<paramref name="side"/> canvas so that
    /// its centre of mass lands on the canvas centre (side / 2, side / 2), the offset rounded to whole pixels and
    /// limited so that the whole digit stays inside.
    /// </summary>
    /// <exception cref="ArgumentException">The digit is larger than the canvas.</exception>
    public static GreyImage CentreByMass(GreyImage digit, int side)
    {
        if (digit.Width > side || digit.Height > side)
            throw new ArgumentException($"A {digit.Width}×{digit.Height} digit does not fit a {side}×{side} canvas.", nameof(digit));
        var (centreX, centreY) = CentreOfMass(digit) ?? (digit.Width / 2.0, digit.Height / 2.0);
        int Offset(double centre, int length) =>
            Math.Clamp((int)Math.Round((side / 2.0) - centre, MidpointRounding.AwayFromZero), 0, side - length);
        var (left, top) = (Offset(centreX, digit.Width), Offset(centreY, digit.Height));
        return GreyImage.Generate(side, side, (x, y) =>
            x >= left && x < left + digit.Width && y >= top && y < top + digit.Height ? digit[x - left, y - top] : (byte)0);
    }

    /// <summary>The intensity-weighted mean position, pixel (x, y) standing at (x + 0.5, y + 0.5); <see langword="null"/> for an all-black image.</summary>
    public static (double X, double Y)? CentreOfMass(GreyImage image)
    {
        var (mass, x, y) = (0.0, 0.0, 0.0);
        for (var row = 0; row < image.Height; row++)
            for (var column = 0; column < image.Width; column++)
            {
                var value = image[column, row];
                (mass, x, y) = (mass + value, x + (value * (column + 0.5)), y + (value * (row + 0.5)));
            }
        return mass == 0 ? null : (x / mass, y / mass);
    }

    /// <summary>Stacks 28×28 digits into one tensor, <c>[N, 28, 28] uint8</c>, as a dataset split holds its images.</summary>
    /// <exception cref="ArgumentException">A digit is not 28×28.</exception>
    public static Tensor Stack(IReadOnlyList<GreyImage> digits)
    {
        const int side = DatasetInfo.ImageSize;
        if (digits.FirstOrDefault(digit => digit.Width != side || digit.Height != side) is { } odd)
            throw new ArgumentException($"Every digit must be {side}×{side}, not {odd.Width}×{odd.Height}.", nameof(digits));
        return tensor(digits.SelectMany(digit => digit.Pixels).ToArray(), [digits.Count, side, side]);
    }

    /// <summary>
    /// Whether a JPEG's marker segments run whole from its start to the start of scan (SOS). stb_image spins
    /// forever on a JPEG cut off inside them (seen with the first 17 bytes of a JFIF file), so they are checked first.
    /// </summary>
    private static bool JpegHeadersComplete(ReadOnlySpan<byte> file)
    {
        var at = 2; // after SOI
        while (at + 4 <= file.Length)
        {
            if (file[at] != 0xFF) return false;
            var marker = file[at + 1];
            if (marker == 0xDA) return true; // SOS: the entropy-coded image data follows
            if (marker == 0xFF) { at++; continue; } // a fill byte
            if (marker is 0x01 or 0xD8 or (>= 0xD0 and <= 0xD7)) { at += 2; continue; } // markers with no length
            var length = (file[at + 2] << 8) | file[at + 3];
            if (length < 2) return false;
            at += 2 + length;
        }
        return false;
    }

    /// <summary>For each of <paramref name="to"/> output cells, the input cells it covers and their weights (coverage / cell width, summing to 1).</summary>
    private static (int Index, double Weight)[][] Footprints(int from, int to)
    {
        var width = (double)from / to;
        return Enumerable.Range(0, to).Select(cell =>
        {
            var (start, end) = (cell * width, (cell + 1) * width);
            var first = (int)Math.Floor(start);
            var last = Math.Min(from, (int)Math.Ceiling(end - 1e-9));
            return Enumerable.Range(first, last - first)
                             .Select(index => (index, (Math.Min(end, index + 1) - Math.Max(start, index)) / width))
                             .ToArray();
        }).ToArray();
    }
}
