using TorchSharp;
using static TorchSharp.torch;

namespace Mnist.Functional.Robustness.Corruptions;

/// <summary>
/// A Gaussian blur as <c>skimage.filters.gaussian</c> makes it, which MNIST-C's corruptions call: scipy's
/// <c>gaussian_filter</c> with the kernel cut at 4 σ (radius <c>int(4σ + 0.5)</c>), weights <c>exp(−x²/2σ²)</c>
/// normalised to sum 1, edges extended with the nearest pixel (<c>mode='nearest'</c>).
/// </summary>
internal static class GaussianFilter
{
    /// <summary>Each image blurred: <c>[N, H, W] float32 -> [N, H, W] float32</c>, two separable 1-D passes.</summary>
    public static Tensor Apply(Tensor images, double sigma)
    {
        using var scope = NewDisposeScope();
        var radius = (int)((4.0 * sigma) + 0.5);
        var weights = Enumerable.Range(-radius, (2 * radius) + 1).Select(x => Math.Exp(-0.5 * x * x / (sigma * sigma))).ToArray();
        var total = weights.Sum();
        var kernel = tensor(weights.Select(weight => (float)(weight / total)).ToArray());
        var padded = nn.functional.pad(images.unsqueeze(1), [radius, radius, radius, radius], PaddingModes.Replicate);
        var rows = nn.functional.conv2d(padded, kernel.reshape(1, 1, 1, -1));
        return nn.functional.conv2d(rows, kernel.reshape(1, 1, -1, 1)).squeeze(1).MoveToOuterDisposeScope();
    }
}
