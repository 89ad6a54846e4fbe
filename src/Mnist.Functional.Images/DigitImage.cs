using System.Drawing;
using Mnist.Functional.Datasets;
using static TorchSharp.torch;

namespace Mnist.Functional.Images;

/// <summary>
/// Turns a picture of one digit (a photo, a scan or a drawing, of any size) into a 28×28 digit the way MNIST
/// made its own: white ink on black, cropped to the ink, scaled into a 20×20 box, and centred by its centre
/// of mass. This is the one preparation that <c>predict</c>, <c>serve</c> and the library share.
/// </summary>
/// <remarks>
/// The stages, in order: <see cref="ImageFile.ReadBytes"/> (a regular file within <see cref="ImageLimits.MaxBytes"/>);
/// <see cref="ImageDecoder.Decode"/> (size checked against <see cref="ImageLimits.MaxPixels"/> from the header, EXIF
/// orientation applied, a truncated file refused); <see cref="InkFinder.Find"/> (lighting divided out, adaptive
/// threshold, lines, frames, edges and specks removed); then the MNIST steps: the ink's box cropped,
/// <see cref="ScaleToFit"/> (longer side to 20, aspect kept, area-averaged so edges are anti-aliased) and
/// <see cref="CentreByMass(GreyImage, int)"/> (pasted into 28×28 black so that the centre of mass, with pixel (x, y) covering
/// [x, x+1) × [y, y+1), falls on (14, 14), the offset rounded to whole pixels).
/// </remarks>
public static class DigitImage
{
    /// <summary>The side of the digit box the ink is scaled into, as in MNIST.</summary>
    public const int Box = 20;

    /// <summary>Reads the image file at <paramref name="path"/> and prepares its digit, 28 × 28 unless <paramref name="size"/> says otherwise.</summary>
    /// <exception cref="FileNotFoundException">The file is missing.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="InvalidDataException">The path is not a regular file, the file is too large, is not a whole image, or shows no ink; the message names the file and the reason.</exception>
    public static PreparedDigit Load(string path, ImageLimits? limits = null, ImageShape? size = null)
    {
        var within = limits ?? ImageLimits.Default;
        return FromBytes(ImageFile.ReadBytes(path, within), path, within, size);
    }

    /// <summary>
    /// The one entry point from an image file's bytes to a prepared digit: <paramref name="file"/> is decoded
    /// within <paramref name="limits"/> and its digit prepared (28 × 28 unless <paramref name="size"/> says otherwise);
    /// <paramref name="source"/> names it in errors.
    /// </summary>
    /// <exception cref="InvalidDataException">The bytes are too many, not a whole image, too many pixels, or show no ink.</exception>
    public static PreparedDigit FromBytes(byte[] file, string source, ImageLimits? limits = null, ImageShape? size = null)
    {
        var within = limits ?? ImageLimits.Default;
        if (file.LongLength > within.MaxBytes)
            throw new InvalidDataException($"{source} is {ImageLimits.Millions(file.LongLength)} MB, more than the limit of {ImageLimits.Millions(within.MaxBytes)} MB for an image.");
        return Prepare(ImageDecoder.Decode(file, source, within), source, size);
    }

    /// <summary>
    /// The digit in a decoded, upright <paramref name="image"/>, on a canvas of <paramref name="size"/> (28 × 28 when
    /// <see langword="null"/>), the ink scaled into a box of 20/28 of its shorter side as MNIST did; <paramref name="source"/> names it in errors.
    /// </summary>
    /// <exception cref="InvalidDataException">The image shows no ink.</exception>
    public static PreparedDigit Prepare(DecodedImage image, string source, ImageShape? size = null)
    {
        var canvas = size ?? ImageShape.Mnist;
        var box = canvas == ImageShape.Mnist ? Box : Math.Max(1, (int)Math.Round(Math.Min(canvas.Height, canvas.Width) * (double)Box / DatasetInfo.ImageSize));
        var found = InkFinder.Find(image, source);
        var digit = CentreByMass(ScaleToFit(found.Ink.Crop(found.Bounds), box), canvas.Width, canvas.Height);
        return new PreparedDigit(digit, found.Seen, found.Warnings);
    }

    /// <summary>The digit in a grey <paramref name="image"/> (dark on light or light on dark) as a 28×28 MNIST image.</summary>
    /// <exception cref="InvalidDataException">The image shows no ink.</exception>
    public static GreyImage ToMnist(GreyImage image, string source) => Prepare(new DecodedImage(image, null), source).Digit;

    /// <summary>The smallest box that holds every pixel above <paramref name="threshold"/>, or <see langword="null"/> when there is none.</summary>
    public static Rectangle? InkBounds(GreyImage image, byte threshold = 0)
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
    public static GreyImage CentreByMass(GreyImage digit, int side) => CentreByMass(digit, side, side);

    /// <summary>As <see cref="CentreByMass(GreyImage, int)"/>, on a canvas of <paramref name="width"/> × <paramref name="height"/>: the centre of mass lands on (width / 2, height / 2).</summary>
    /// <exception cref="ArgumentException">The digit is larger than the canvas.</exception>
    public static GreyImage CentreByMass(GreyImage digit, int width, int height)
    {
        if (digit.Width > width || digit.Height > height)
            throw new ArgumentException($"A {digit.Width}×{digit.Height} digit does not fit a {width}×{height} canvas.", nameof(digit));
        var (centreX, centreY) = CentreOfMass(digit) ?? (digit.Width / 2.0, digit.Height / 2.0);
        int Offset(double centre, int length, int side) =>
            Math.Clamp((int)Math.Round((side / 2.0) - centre, MidpointRounding.AwayFromZero), 0, side - length);
        var (left, top) = (Offset(centreX, digit.Width, width), Offset(centreY, digit.Height, height));
        return GreyImage.Generate(width, height, (x, y) =>
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
    public static Tensor Stack(IReadOnlyList<GreyImage> digits) => Stack(digits, ImageShape.Mnist);

    /// <summary>Stacks digits of <paramref name="size"/> into one tensor, <c>[N, H, W] uint8</c>, as a dataset split holds its images.</summary>
    /// <exception cref="ArgumentException">A digit is of another size.</exception>
    public static Tensor Stack(IReadOnlyList<GreyImage> digits, ImageShape size)
    {
        if (digits.FirstOrDefault(digit => digit.Width != size.Width || digit.Height != size.Height) is { } odd)
            throw new ArgumentException($"Every digit must be {size.Width}×{size.Height}, not {odd.Width}×{odd.Height}.", nameof(digits));
        return tensor(digits.SelectMany(digit => digit.Pixels).ToArray(), [digits.Count, size.Height, size.Width]);
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
