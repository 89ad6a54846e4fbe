using static TorchSharp.torch;

namespace Mnist.Functional.Data;

/// <summary>
/// A batch of <c>B</c> items: <c>images: [B, 28, 28] uint8</c> as drawn from a split, or whatever the pipeline's
/// transforms make of them (<c>[B, 1, 28, 28] float32</c> after <see cref="Preprocess.Standard"/>); <c>labels: [B] int64</c>.
/// </summary>
/// <param name="Images">The inputs.</param>
/// <param name="Labels">The class indices.</param>
public readonly record struct Batch(Tensor Images, Tensor Labels)
{
    /// <summary>The number of items, <c>B</c>.</summary>
    public long Count => Labels.shape[0];
}
