using System.Drawing;
using OpenCvSharp;
using Size = OpenCvSharp.Size;

namespace Mnist.Functional.Images;

/// <summary>
/// Finds a digit's ink in an upright picture the way a photo needs it (OpenCV): uneven lighting divided out,
/// a threshold that adapts to the image, ruled lines and frames removed, and only the digit's connected
/// components kept. The result is light ink on black, ready for the MNIST steps in <see cref="DigitImage"/>.
/// </summary>
/// <remarks>
/// <para>The stages, at the working size (longer side <see cref="WorkingSide"/>):</para>
/// <list type="number">
/// <item>Margin: a picture whose ink reaches its edges (a digit cut out to its ink) is first given the margin MNIST
/// gave its digits, on its own paper (<see cref="InkMargin"/>), so that every stage below sees paper around the ink.</item>
/// <item>Ink source: a transparent canvas is read by its alpha (strokes of any colour, white included);
/// otherwise the luma, inverted when it is light ink on a dark ground: when the light half of the picture (Otsu)
/// is thin strokes that an opening with a stroke-wide ellipse wipes out, not solid paper (whole, or a sheet on a desk).</item>
/// <item>Lighting: the paper <c>b</c> is the grey closed (max then min filter) with an ellipse of a fifth of
/// the shorter side, wider than any stroke; ink = 255·(1 − g / b), so a shadow that darkens paper and ink alike
/// cancels. A 3×3 median filter first takes out grain.</item>
/// <item>Threshold: Otsu's, but never below <see cref="MinimumInk"/>; nothing above that is a blank image.</item>
/// <item>Lines: straight horizontal runs of at least 60% of the width and vertical runs of 60% of the height
/// (a morphological opening with a line), at most 2% of the shorter side thick, are ruled or squared paper or a
/// frame, and are removed.</item>
/// <item>Components (8-connected): specks under 0.3% of the largest are dropped; those touching the picture's
/// edge (page edges, a desk, the rest of a frame) are dropped when any other ink remains, unless the picture is a crop
/// to its ink, whose ink is all digit; of the rest, those with at least 5% of the largest one's area are the digit.</item>
/// <item>The digit's ink, with a 1-pixel fringe for its anti-aliased edges, is stretched so that its median is white.</item>
/// </list>
/// </remarks>
public static class InkFinder
{
    /// <summary>The longer side pictures are scaled to before the ink is looked for.</summary>
    public const int WorkingSide = 400;

    /// <summary>The least ink value (0–255, after lighting is divided out) that counts as ink: 19% darker than the paper around it.</summary>
    public const byte MinimumInk = 48;

    /// <summary>The ink of <paramref name="image"/>, light on black, and where it lies.</summary>
    /// <exception cref="InvalidDataException">The picture shows no ink; the message names <paramref name="source"/>.</exception>
    public static FoundInk Find(DecodedImage image, string source)
    {
        var working = WorkingPictures(image);
        using var seen = working.Seen;
        using var ink = working.Alpha ?? InkOf(seen, invert: IsLightOnDark(seen));
        if (Peak(ink) < MinimumInk)
            throw new InvalidDataException($"{source} shows no digit: it is blank (no ink {MinimumInk} of 255 or more darker than the paper around it).");
        var found = Digit(ink, working.Margined);
        if (found is not { } digit)
            throw new InvalidDataException($"{source} shows no digit: the only ink is ruled lines, a frame or specks.");
        using (digit.Mask)
        {
            using var fringe = new Mat();
            Cv2.Dilate(digit.Mask, fringe, Cv2.GetStructuringElement(MorphShapes.Rect, new Size(3, 3)));
            using var kept = new Mat();
            ink.CopyTo(kept, fringe);
            var bounds = Cv2.BoundingRect(fringe);
            kept.ConvertTo(kept, MatType.CV_8UC1, 255.0 / Math.Max(Median(ink, digit.Mask), MinimumInk));
            var inkFraction = (double)Cv2.CountNonZero(digit.Mask) / (digit.Mask.Width * digit.Mask.Height);
            var warnings = digit.Warnings | (inkFraction < 0.001 ? DigitWarnings.AlmostEmpty : DigitWarnings.None);
            var shown = image.IsTransparentCanvas ? OverCheckerboard(ToGrey(seen), ToGrey(ink)) : ToGrey(seen);
            return new FoundInk(ToGrey(kept), new Rectangle(bounds.X, bounds.Y, bounds.Width, bounds.Height), shown, warnings);
        }
    }

    /// <summary>The side of a checkerboard square behind a transparent canvas, in working-size pixels.</summary>
    internal const int CheckerSquare = 12;

    /// <summary>The two greys of that checkerboard: far from both white and black ink, as image editors show transparency.</summary>
    internal static readonly (byte Dark, byte Light) CheckerGreys = (96, 160);

    // A picture decoded over white, shown over a grey checkerboard instead, so that white or light ink on a transparent
    // canvas does not vanish on a white page. With colour c and opacity a, over white is g = a·c + (1−a)·255, so over
    // the board's grey b it is a·c + (1−a)·b = g + (1−a)·(b − 255), with no division by a.
    private static GreyImage OverCheckerboard(GreyImage overWhite, GreyImage alpha) =>
        GreyImage.Generate(overWhite.Width, overWhite.Height, (x, y) =>
        {
            var board = ((x / CheckerSquare) + (y / CheckerSquare)) % 2 == 0 ? CheckerGreys.Dark : CheckerGreys.Light;
            var transparency = (255 - alpha[x, y]) / 255.0;
            return (byte)Math.Clamp(Math.Round(overWhite[x, y] + (transparency * (board - 255))), 0, 255);
        });

    // Whether the picture is light ink on a dark ground: its light half (Otsu) is thin strokes that an opening
    // with a stroke-wide ellipse wipes out, where light paper (whole or a sheet on a desk) is solid and survives.
    private static bool IsLightOnDark(Mat seen)
    {
        using var light = new Mat();
        Cv2.GaussianBlur(seen, light, new Size(5, 5), 0);
        Cv2.Threshold(light, light, 0, 255, ThresholdTypes.Binary | ThresholdTypes.Otsu);
        using var solid = new Mat();
        CoarseMorphology(light, solid, MorphTypes.Open);
        return Cv2.CountNonZero(solid) * 2 < Cv2.CountNonZero(light);
    }

    // An opening or closing with an ellipse a fifth of the shorter side across (wider than any stroke), done at a
    // quarter of the size, where the ellipse is 16 times cheaper, and scaled back up: the paper varies slowly.
    private static void CoarseMorphology(Mat image, Mat result, MorphTypes operation)
    {
        const int coarse = 4;
        using var small = new Mat();
        Cv2.Resize(image, small, new Size(Math.Max(1, image.Width / coarse), Math.Max(1, image.Height / coarse)), 0, 0, InterpolationFlags.Area);
        var side = Math.Max(3, (Math.Min(small.Width, small.Height) / 5) | 1);
        Cv2.MorphologyEx(small, small, operation, Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size(side, side)));
        Cv2.Resize(small, result, image.Size(), 0, 0, InterpolationFlags.Linear);
    }

    // The digit's components in one reading of the ink: thresholded (Otsu, at least MinimumInk, on a 3×3 median
    // of the ink so that grain is ignored), lines removed, components chosen.
    private static (Mat Mask, DigitWarnings Warnings)? Digit(Mat ink, InkMargin.Margined picture)
    {
        using var smooth = new Mat();
        Cv2.MedianBlur(ink, smooth, 3);
        using var mask = new Mat();
        var otsu = Cv2.Threshold(smooth, mask, 0, 255, ThresholdTypes.Binary | ThresholdTypes.Otsu);
        if (otsu < MinimumInk)
            Cv2.Threshold(smooth, mask, MinimumInk - 1, 255, ThresholdTypes.Binary);
        RemoveLines(mask);
        var (digit, warnings) = DigitComponents(mask, picture);
        return digit is null ? null : (digit, warnings);
    }

    private static double Peak(Mat ink)
    {
        Cv2.MinMaxLoc(ink, out double _, out double peak);
        return peak;
    }

    // The grey, and the alpha of a transparent canvas, at the working size, with the margin that ink reaching the
    // edges lacks (judged by the alpha where there is one, for the ink is there).
    private static (Mat Seen, Mat? Alpha, InkMargin.Margined Margined) WorkingPictures(DecodedImage image)
    {
        Mat[] pictures = image.IsTransparentCanvas ? [Working(image.Alpha!), Working(image.Grey)] : [Working(image.Grey)];
        var margined = InkMargin.Restore(pictures);
        if (margined.Pictures != pictures)
            foreach (var picture in pictures) picture.Dispose();
        return margined.Pictures is [var alpha, var grey] ? (grey, alpha, margined) : (margined.Pictures[0], null, margined);
    }

    // The grey scaled so that its longer side is WorkingSide: area-averaged down, bilinear up.
    private static Mat Working(GreyImage grey)
    {
        using var source = Mat.FromPixelData(grey.Height, grey.Width, MatType.CV_8UC1, grey.Pixels);
        var scale = (double)WorkingSide / Math.Max(grey.Width, grey.Height);
        var size = new Size(Math.Max(1, (int)Math.Round(grey.Width * scale)), Math.Max(1, (int)Math.Round(grey.Height * scale)));
        var working = new Mat();
        Cv2.Resize(source, working, size, 0, 0, scale < 1 ? InterpolationFlags.Area : InterpolationFlags.Linear);
        return working;
    }

    // Ink = 255·(1 − g / paper), g the grey read as dark ink on light paper (inverted first for light ink on dark);
    // where the "paper" is darker than 64 there is no paper, so no ink.
    private static Mat InkOf(Mat seen, bool invert)
    {
        using var grey = new Mat();
        if (invert) Cv2.BitwiseNot(seen, grey); else seen.CopyTo(grey);
        using var paper = new Mat();
        CoarseMorphology(grey, paper, MorphTypes.Close);
        Cv2.Max(paper, new Scalar(1), paper);
        var ratio = new Mat();
        Cv2.Divide(grey, paper, ratio, 255);
        using var noPaper = new Mat();
        Cv2.Threshold(paper, noPaper, 63, 255, ThresholdTypes.BinaryInv);
        ratio.SetTo(new Scalar(255), noPaper);
        Cv2.BitwiseNot(ratio, ratio);
        return ratio;
    }

    // Straight runs across most of the picture (ruled or squared paper, a frame) taken out of the mask.
    internal static void RemoveLines(Mat mask)
    {
        // A rule or a frame is thin: at most 2% of the shorter side thick. A long straight stroke of the digit
        // itself (the stem of a 1, a 4 or a 7 drawn to fill the picture) is thicker, and stays.
        var thinnest = Math.Max(3, Math.Min(mask.Width, mask.Height) / 50);
        foreach (var horizontal in new[] { true, false })
        {
            var kernel = horizontal ? new Size(Math.Max(3, mask.Width * 6 / 10), 1) : new Size(1, Math.Max(3, mask.Height * 6 / 10));
            using var lines = new Mat();
            Cv2.MorphologyEx(mask, lines, MorphTypes.Open, Cv2.GetStructuringElement(MorphShapes.Rect, kernel));
            using var labels = new Mat();
            using var stats = new Mat();
            using var centroids = new Mat();
            var count = Cv2.ConnectedComponentsWithStats(lines, labels, stats, centroids, PixelConnectivity.Connectivity8);
            for (var label = 1; label < count; label++)
            {
                var thickness = stats.At<int>(label, (int)(horizontal ? ConnectedComponentsTypes.Height : ConnectedComponentsTypes.Width));
                if (thickness <= thinnest) continue;
                using var thick = new Mat();
                Cv2.Compare(labels, new Scalar(label), thick, CmpTypes.EQ);
                lines.SetTo(new Scalar(0), thick);
            }
            Cv2.Dilate(lines, lines, Cv2.GetStructuringElement(MorphShapes.Rect, new Size(3, 3)));
            Cv2.Subtract(mask, lines, mask);
        }
    }

    // The mask of the digit's components, or null when none is left, and what is implausible about them.
    private static (Mat? Digit, DigitWarnings Warnings) DigitComponents(Mat mask, InkMargin.Margined picture)
    {
        using var labels = new Mat();
        using var stats = new Mat();
        using var centroids = new Mat();
        var count = Cv2.ConnectedComponentsWithStats(mask, labels, stats, centroids, PixelConnectivity.Connectivity8);
        var components = Enumerable.Range(1, count - 1).Select(label =>
        {
            var (x, y) = (stats.At<int>(label, (int)ConnectedComponentsTypes.Left), stats.At<int>(label, (int)ConnectedComponentsTypes.Top));
            var (w, h) = (stats.At<int>(label, (int)ConnectedComponentsTypes.Width), stats.At<int>(label, (int)ConnectedComponentsTypes.Height));
            var edges = picture.Picture;
            var touches = !picture.CroppedToInk && (x <= edges.Left || y <= edges.Top || x + w >= edges.Right || y + h >= edges.Bottom);
            return (Label: label, Area: stats.At<int>(label, (int)ConnectedComponentsTypes.Area), Touches: touches);
        }).ToList();
        if (components.Count == 0) return (null, DigitWarnings.None);
        var largest = components.Max(component => component.Area);
        var real = components.Where(component => component.Area * 1000 >= largest * 3).ToList();
        var inside = real.Where(component => !component.Touches).ToList();
        var candidates = inside.Count > 0 ? inside : real;
        var biggest = candidates.Max(component => component.Area);
        var digit = candidates.Where(component => component.Area * 20 >= biggest).OrderByDescending(component => component.Area).ToList();

        var warnings = DigitWarnings.None;
        if (digit.Count > 1 && digit[1].Area * 2 >= digit[0].Area) warnings |= DigitWarnings.SeveralBlobs;
        if (digit.Any(component => component.Touches)) warnings |= DigitWarnings.TouchesBorder;
        var kept = new Mat(mask.Size(), MatType.CV_8UC1, Scalar.Black);
        foreach (var component in digit)
        {
            using var one = new Mat();
            Cv2.Compare(labels, new Scalar(component.Label), one, CmpTypes.EQ);
            kept.SetTo(new Scalar(255), one);
        }
        return (kept, warnings);
    }

    // The median of the 8-bit pixels of image (under mask when given), from their histogram.
    private static int Median(Mat image, Mat? mask)
    {
        var counts = new long[256];
        var (pixels, where) = (Bytes(image), mask is null ? null : Bytes(mask));
        var total = 0L;
        for (var i = 0; i < pixels.Length; i++)
            if (where is null || where[i] != 0) { counts[pixels[i]]++; total++; }
        var (seen, value) = (0L, 0);
        for (; value < 255 && (seen += counts[value]) * 2 < total; value++) { }
        return value;
    }

    private static byte[] Bytes(Mat image)
    {
        using var continuous = image.IsContinuous() ? null : image.Clone();
        (continuous ?? image).GetArray(out byte[] bytes);
        return bytes;
    }

    private static GreyImage ToGrey(Mat image) => new(image.Width, image.Height, Bytes(image));
}
