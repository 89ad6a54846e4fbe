using Mnist.Functional.Tensors;

namespace Mnist.Functional.Layers;

/// <summary>What the layers that work along one dimension (softmax, log-softmax) share: the check that the input has it.</summary>
internal static class Dimension
{
    /// <summary><paramref name="inputShape"/> itself, once it is known to have dimension <paramref name="dim"/> (negative counts from the end, as in PyTorch).</summary>
    /// <exception cref="ShapeMismatchException">The input has too few dimensions.</exception>
    public static long[] Kept(string layer, long[] inputShape, long dim)
    {
        if (dim < -inputShape.Length || dim >= inputShape.Length)
            throw new ShapeMismatchException("", layer, $"a tensor with a dimension {dim}", Shapes.Format(inputShape));
        return [.. inputShape];
    }
}
