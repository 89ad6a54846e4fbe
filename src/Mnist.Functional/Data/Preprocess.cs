using static TorchSharp.torch;

namespace Mnist.Functional.Data;

/// <summary>Preprocessing as small pure functions over image tensors that compose with <see cref="Then"/>. None changes its input.</summary>
public static class Preprocess
{
    /// <summary>Pixels to floats in [0, 1]: <c>x / 255</c>, <c>[...] uint8 -> [...] float32</c>.</summary>
    public static Tensor ToUnitRange(Tensor pixels) => pixels.to_type(float32).div(255f);

    /// <summary>Standardizes with the training split's statistics: <c>(x − mean) / std</c>, shape kept.</summary>
    public static Func<Tensor, Tensor> Normalize(PixelStats stats) => x => x.sub(stats.Mean).div(stats.Std);

    /// <summary>Adds the channel axis: <c>[B, 28, 28] -> [B, 1, 28, 28]</c> (NCHW).</summary>
    public static Tensor ToNchw(Tensor images) => images.unsqueeze(1);

    /// <summary>The standard chain for training and evaluation: <c>[B, 28, 28] uint8 -> [B, 1, 28, 28] float32</c>, normalized.</summary>
    public static Func<Tensor, Tensor> Standard(PixelStats stats) =>
        ((Func<Tensor, Tensor>)ToUnitRange).Then(Normalize(stats)).Then(ToNchw);

    /// <summary>The function that applies <paramref name="first"/>, then <paramref name="second"/>.</summary>
    public static Func<Tensor, Tensor> Then(this Func<Tensor, Tensor> first, Func<Tensor, Tensor> second) =>
        x => second(first(x));
}
