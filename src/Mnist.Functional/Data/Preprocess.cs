using static TorchSharp.torch;
using Mnist.Functional.Tensors;

namespace Mnist.Functional.Data;

/// <summary>Preprocessing as small pure functions over image tensors that compose with <see cref="Then"/>. None changes its input.</summary>
public static class Preprocess
{
    // In-place operations below only ever touch the tensor the function has just made, never its input.

    /// <summary>Pixels to floats in [0, 1]: <c>x / 255</c>, <c>[...] uint8 -> [...] float32</c>.</summary>
    public static Tensor ToUnitRange(Tensor pixels)
    {
        using var scalars = new ScalarScope();
        return pixels.to_type(float32, copy: true).div_(scalars.Of(255.0));
    }

    /// <summary>Standardizes with the training split's statistics: <c>(x − mean) / std</c>, shape kept.</summary>
    public static Func<Tensor, Tensor> Normalize(PixelStats stats) => x =>
    {
        using var scalars = new ScalarScope();
        return x.sub(scalars.Of(stats.Mean)).div_(scalars.Of(stats.Std));
    };

    /// <summary>Adds the channel axis: <c>[B, 28, 28] -> [B, 1, 28, 28]</c> (NCHW).</summary>
    public static Tensor ToNchw(Tensor images) => images.unsqueeze(1);

    /// <summary>
    /// <see cref="ToUnitRange"/> then <see cref="Normalize"/> in one pass over a fresh tensor:
    /// <c>x · 1/(255·std) − mean/std</c>, <c>[...] uint8 -> [...] float32</c>.
    /// </summary>
    /// <remarks>Equal to the two in sequence up to float32 rounding, with one allocation instead of two; batching is about a third faster.</remarks>
    public static Func<Tensor, Tensor> Standardize(PixelStats stats)
    {
        var scale = 1.0 / (255.0 * stats.Std);
        var shift = -stats.Mean / stats.Std;
        return pixels =>
        {
            using var scalars = new ScalarScope();
            return pixels.to_type(float32, copy: true).mul_(scalars.Of(scale)).add_(scalars.Of(shift));
        };
    }

    /// <summary>
    /// <see cref="Standardize"/> for pixels already scaled to [0, 1], differentiable in them:
    /// <c>x · 255 · 1/(255·std) − mean/std</c>, <c>[...] float32 -> [...] float32</c>. Attacks work on these pixels and
    /// differentiate through this function.
    /// </summary>
    /// <remarks>
    /// For <c>x = p / 255</c> as <see cref="ToUnitRange"/> makes it, <c>x · 255</c> is <c>p</c> again exactly in float32
    /// for every p in 0…255, so the result is bit-identical to <see cref="Standardize"/> of the raw pixels: an unchanged
    /// image is classified exactly as evaluation classifies it.
    /// </remarks>
    public static Func<Tensor, Tensor> StandardizeUnitRange(PixelStats stats)
    {
        var scale = 1.0 / (255.0 * stats.Std);
        var shift = -stats.Mean / stats.Std;
        return x =>
        {
            using var scalars = new ScalarScope();
            return x.mul(scalars.Of(255.0)).mul_(scalars.Of(scale)).add_(scalars.Of(shift));
        };
    }

    /// <summary>The standard chain for training and evaluation: <c>[B, 28, 28] uint8 -> [B, 1, 28, 28] float32</c>, standardized.</summary>
    public static Func<Tensor, Tensor> Standard(PixelStats stats) => Standardize(stats).Then(ToNchw);

    /// <summary>The function that applies <paramref name="first"/>, then <paramref name="second"/>.</summary>
    public static Func<Tensor, Tensor> Then(this Func<Tensor, Tensor> first, Func<Tensor, Tensor> second) =>
        x => second(first(x));
}
