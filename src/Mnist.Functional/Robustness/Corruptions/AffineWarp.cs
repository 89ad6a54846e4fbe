using Mnist.Functional.Tensors;
using static TorchSharp.torch;

namespace Mnist.Functional.Robustness.Corruptions;

/// <summary>
/// <c>skimage.transform.warp(x, inverse_map=aff)</c> with bilinear interpolation and zeros outside the image (its
/// defaults, <c>order=1, mode='constant', cval=0</c>), as MNIST-C's shear, scale, rotate and translate call it.
/// </summary>
internal static class AffineWarp
{
    private const double Centre = (Corruption.Side - 1) / 2.0;

    /// <summary>
    /// Each image resampled: output pixel (column x, row y) takes the input at <c>A · (x − 13.5, y − 13.5) + (13.5, 13.5) + t</c>:
    /// <c>images: [N, 28, 28], linear: [N, 2, 2] float64, shift: [N, 2] float64 -> [N, 28, 28]</c>.
    /// </summary>
    /// <remarks>
    /// Keeping the centre (13.5, 13.5) fixed is what MNIST-C does for shear, scale and rotate (its <c>a3, b3</c>
    /// translation); translate passes the identity and the shift. The sampling is <c>grid_sample</c> with
    /// <c>align_corners</c>, so grid coordinates −1 and 1 are the centres of pixels 0 and 27.
    /// </remarks>
    public static Tensor Apply(Tensor images, Tensor linear, Tensor shift)
    {
        using var scope = NewDisposeScope();
        using var scalars = new ScalarScope();
        var coordinates = arange(scalars.Of((long)Corruption.Side), dtype: float64).sub(scalars.Of(Centre));
        var grid = meshgrid([coordinates, coordinates], indexing: "xy");
        var outputs = stack([grid[0].flatten(), grid[1].flatten()], 1);               // [784, 2]: (x, y) about the centre
        var inputs = outputs.matmul(linear.transpose(1, 2)).add(shift.unsqueeze(1));   // [N, 784, 2]
        var normalised = inputs.div(scalars.Of(Centre)).reshape(-1, Corruption.Side, Corruption.Side, 2).to(float32);
        return nn.functional.grid_sample(images.unsqueeze(1), normalised, GridSampleMode.Bilinear, GridSamplePaddingMode.Zeros, align_corners: true)
            .squeeze(1).MoveToOuterDisposeScope();
    }

    /// <summary>A random sign per image, −1 or 1 with equal chance: <c>[N] float64</c>.</summary>
    public static Tensor RandomSigns(long count, Generator generator)
    {
        using var scalars = new ScalarScope();
        return randint(0, 2, [count], dtype: float64, generator: generator).mul_(scalars.Of(2.0)).sub_(scalars.Of(1.0));
    }
}
