using Mnist.Functional.Robustness.Corruptions;
using OpenCvSharp;
using static TorchSharp.torch;

namespace Mnist.Functional.Images;

/// <summary>
/// MNIST-C's <c>canny_edges</c>: the digit replaced by its edges, white on black, as <c>skimage.feature.canny(x)</c>
/// finds them with its defaults, computed with OpenCV: a Gaussian blur of σ 1 (9 × 9, zeros outside, divided by the
/// same blur of an all-ones image, as scikit-image smooths under a mask), Sobel derivatives (edges reflected), the
/// Euclidean gradient magnitude, hysteresis between 0.1 and 0.2 of the [0, 1] range with 8-connected edges, and no
/// edge on the outermost ring of pixels (scikit-image's eroded mask). Nothing random. The one difference: OpenCV's
/// non-maximum suppression rounds the gradient's direction to one of four, where scikit-image interpolates between
/// neighbours, so a few edge pixels differ.
/// </summary>
public static class CannyEdges
{
    /// <summary>σ of the smoothing, in pixels.</summary>
    public const double Sigma = 1;

    /// <summary>The hysteresis thresholds on the gradient magnitude of [0, 1] images.</summary>
    public const double LowThreshold = 0.1, HighThreshold = 0.2;

    // OpenCV's Canny takes 16-bit derivatives: magnitudes up to 4 (a Sobel of [0, 1] pixels) scaled by this keep three decimals.
    private const double DerivativeScale = 1000;
    private const int Side = 28;

    /// <summary>The corruption.</summary>
    public static Corruption Corruption { get; } = new(MnistC.CannyEdgesName, "Canny edges (σ 1, thresholds 0.1 and 0.2) in place of the digit", Apply);

    private static Tensor Apply(Tensor digits, Generator generator)
    {
        var count = (int)digits.shape[0];
        var pixels = digits.contiguous().data<float>().ToArray();
        var edges = new float[pixels.Length];
        using var ones = new Mat(Side, Side, MatType.CV_32FC1, Scalar.All(1));
        using var weight = Smoothed(ones);
        for (var image = 0; image < count; image++)
        {
            using var digit = Mat.FromPixelData(Side, Side, MatType.CV_32FC1, pixels[(image * Side * Side)..((image + 1) * Side * Side)]);
            using var found = Edges(digit, weight);
            for (var row = 1; row < Side - 1; row++)
                for (var column = 1; column < Side - 1; column++)
                    edges[(image * Side * Side) + (row * Side) + column] = found.At<byte>(row, column) > 0 ? 1f : 0f;
        }
        return tensor(edges, digits.shape);
    }

    private static Mat Edges(Mat digit, Mat weight)
    {
        using var blurred = Smoothed(digit);
        using var smoothed = new Mat();
        Cv2.Divide(blurred, weight, smoothed);
        using var dx = new Mat();
        using var dy = new Mat();
        using var dx16 = new Mat();
        using var dy16 = new Mat();
        Cv2.Sobel(smoothed, dx, MatType.CV_32FC1, 1, 0, 3, borderType: BorderTypes.Reflect);
        Cv2.Sobel(smoothed, dy, MatType.CV_32FC1, 0, 1, 3, borderType: BorderTypes.Reflect);
        dx.ConvertTo(dx16, MatType.CV_16SC1, DerivativeScale);
        dy.ConvertTo(dy16, MatType.CV_16SC1, DerivativeScale);
        var edges = new Mat();
        Cv2.Canny(dx16, dy16, edges, LowThreshold * DerivativeScale, HighThreshold * DerivativeScale, L2gradient: true);
        return edges;
    }

    private static Mat Smoothed(Mat image)
    {
        var radius = (int)((4 * Sigma) + 0.5);   // scikit-image cuts the kernel at 4 σ
        var result = new Mat();
        Cv2.GaussianBlur(image, result, new OpenCvSharp.Size((2 * radius) + 1, (2 * radius) + 1), Sigma, Sigma, BorderTypes.Constant);
        return result;
    }
}
