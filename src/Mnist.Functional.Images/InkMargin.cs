using OpenCvSharp;
using Size = OpenCvSharp.Size;

namespace Mnist.Functional.Images;

/// <summary>
/// The margin that a picture whose ink reaches its edges lacks, given back before the ink is looked for. People
/// cut their own digits out to the ink, so the digit touches the edges and its strokes are as wide as a fifth of
/// the picture; every later stage of <see cref="InkFinder"/> reads the paper around the ink (its polarity, the
/// lighting, what touches the edge), and a stroke along an edge has paper on one side only, so without a margin
/// the paper is taken for ink and the digit for a frame.
/// </summary>
/// <remarks>
/// Ink here is a pixel at least <see cref="InkFinder.MinimumInk"/> away from the paper after a 3×3 median, on the far
/// side of mid-grey from it; ruled lines and frames (which <see cref="InkFinder"/> removes in any case) reaching an
/// edge call for no margin; the paper is the median of the outermost pixels (where a digit cut out to its ink touches
/// an edge, it does so only where a stroke ends). When any ink reaches an edge, the picture is centred on its paper in a
/// square whose side is 28/20 of its longer side, the margin MNIST gave its digits (a 20-pixel box in 28), and scaled
/// back to the working size. The picture is a crop to its ink when one connected piece of ink reaches all four edges:
/// that piece is the digit, not a frame or a page edge, and it is not cut off.
/// </remarks>
internal static class InkMargin
{
    /// <summary>
    /// <paramref name="pictures"/> (one picture's channels at the working size: the grey, or the alpha of a
    /// transparent canvas and its grey), each given a margin of its own paper when ink of the first reaches an edge.
    /// The pictures handed in are the caller's; those handed back are new when <see cref="Margined.Pictures"/> differ.
    /// </summary>
    public static Margined Restore(params Mat[] pictures)
    {
        var ink = pictures[0];
        var (edges, cropped) = InkAtEdges(ink, BorderMedian(ink));
        if (edges == Edges.None) return new Margined(pictures, new Rect(0, 0, ink.Width, ink.Height), CroppedToInk: false);
        var side = (int)Math.Round(Math.Max(ink.Width, ink.Height) * 28.0 / DigitImage.Box);
        var (left, top) = ((side - ink.Width) / 2, (side - ink.Height) / 2);
        var scale = (double)InkFinder.WorkingSide / side;
        var margined = pictures.Select(picture =>
        {
            using var padded = new Mat();
            Cv2.CopyMakeBorder(picture, padded, top, side - ink.Height - top, left, side - ink.Width - left,
                BorderTypes.Constant, new Scalar(BorderMedian(picture)));
            var working = new Mat();
            Cv2.Resize(padded, working, new Size(InkFinder.WorkingSide, InkFinder.WorkingSide), 0, 0, InterpolationFlags.Area);
            return working;
        }).ToArray();
        // Resampling blurs the picture's edge, and the digit's threshold is above the faint ink there: ink that ends
        // within 1% of the side of the edge reached it.
        var blur = InkFinder.WorkingSide / 100;
        var (x, y) = ((int)Math.Round(left * scale) + blur, (int)Math.Round(top * scale) + blur);
        var original = new Rect(x, y, (int)Math.Round(ink.Width * scale) - (2 * blur), (int)Math.Round(ink.Height * scale) - (2 * blur));
        return new Margined(margined, original, cropped);
    }

    /// <summary>The pictures to look for ink in, the picture's own edges in them, and whether it is a crop to its ink.</summary>
    /// <param name="Pictures">The channels, with a margin where one was needed.</param>
    /// <param name="Picture">Where the picture as given lies in them: ink touching its edges may be cut off there.</param>
    /// <param name="CroppedToInk">Whether one piece of ink reached all four edges: the picture is the digit cut out to its ink.</param>
    public sealed record Margined(Mat[] Pictures, Rect Picture, bool CroppedToInk);

    [Flags]
    private enum Edges { None = 0, Left = 1, Top = 2, Right = 4, Bottom = 8, All = 15 }

    // The edges that ink other than ruled lines and frames reaches, and whether one 8-connected piece of ink (lines
    // and all: the bar of a 7 cut out to its ink is a straight run across most of it) reaches all four.
    private static (Edges Reached, bool OnePieceReachesAll) InkAtEdges(Mat picture, byte paper)
    {
        using var smooth = new Mat();
        Cv2.MedianBlur(picture, smooth, 3);
        using var ink = new Mat();
        if (paper >= 128)
            Cv2.Threshold(smooth, ink, paper - InkFinder.MinimumInk, 255, ThresholdTypes.BinaryInv);
        else
            Cv2.Threshold(smooth, ink, paper + InkFinder.MinimumInk - 1, 255, ThresholdTypes.Binary);
        var onePieceReachesAll = PiecesAtEdges(ink).Contains(Edges.All);
        InkFinder.RemoveLines(ink);
        return (PiecesAtEdges(ink).Aggregate(Edges.None, (reached, piece) => reached | piece), onePieceReachesAll);
    }

    // The edges each 8-connected piece of the mask reaches.
    private static List<Edges> PiecesAtEdges(Mat mask)
    {
        using var labels = new Mat();
        using var stats = new Mat();
        using var centroids = new Mat();
        var count = Cv2.ConnectedComponentsWithStats(mask, labels, stats, centroids, PixelConnectivity.Connectivity8);
        return [.. Enumerable.Range(1, count - 1).Select(label =>
        {
            var (x, y) = (stats.At<int>(label, (int)ConnectedComponentsTypes.Left), stats.At<int>(label, (int)ConnectedComponentsTypes.Top));
            var (w, h) = (stats.At<int>(label, (int)ConnectedComponentsTypes.Width), stats.At<int>(label, (int)ConnectedComponentsTypes.Height));
            return (x == 0 ? Edges.Left : Edges.None) | (y == 0 ? Edges.Top : Edges.None)
                | (x + w == mask.Width ? Edges.Right : Edges.None) | (y + h == mask.Height ? Edges.Bottom : Edges.None);
        })];
    }

    // The median of the picture's outermost row and column on each side.
    private static byte BorderMedian(Mat picture)
    {
        var (width, height) = (picture.Width, picture.Height);
        var border = new List<byte>((2 * width) + (2 * height));
        for (var x = 0; x < width; x++) { border.Add(picture.At<byte>(0, x)); border.Add(picture.At<byte>(height - 1, x)); }
        for (var y = 1; y < height - 1; y++) { border.Add(picture.At<byte>(y, 0)); border.Add(picture.At<byte>(y, width - 1)); }
        border.Sort();
        return border[border.Count / 2];
    }
}
