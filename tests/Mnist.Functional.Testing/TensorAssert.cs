using Mnist.Functional.Parameters;
using Mnist.Functional.Tensors;
using static TorchSharp.torch;

namespace Mnist.Functional.Testing;

/// <summary>Assertions over tensors and parameter trees, with messages that give shapes and the largest difference.</summary>
public static class TensorAssert
{
    /// <summary>Same shape and every element bit-identical.</summary>
    public static void BitIdentical(Tensor actual, Tensor expected, string what = "tensor")
    {
        SameShape(actual, expected, what);
        Assert.That(actual.eq(expected).all().item<bool>(), Is.True, $"{what} differs; largest difference {MaxDifference(actual, expected):G6}");
    }

    /// <summary>Same shape and every element within <paramref name="tolerance"/> (absolute).</summary>
    public static void Close(Tensor actual, Tensor expected, double tolerance, string what = "tensor")
    {
        SameShape(actual, expected, what);
        var difference = MaxDifference(actual, expected);
        Assert.That(difference, Is.LessThanOrEqualTo(tolerance), $"{what}: largest difference {difference:G6} exceeds {tolerance:G3}");
    }

    /// <summary>Same paths and shapes, and every tensor within <paramref name="tolerance"/>.</summary>
    public static void Close(Params actual, Params expected, double tolerance)
    {
        Assert.That(actual.FirstStructuralDifference(expected), Is.Null);
        foreach (var (path, tensor) in actual) Close(tensor, expected[path], tolerance, path);
    }

    /// <summary>Same paths and shapes, and every tensor bit-identical.</summary>
    public static void BitIdentical(Params actual, Params expected)
    {
        Assert.That(actual.FirstStructuralDifference(expected), Is.Null);
        foreach (var (path, tensor) in actual) BitIdentical(tensor, expected[path], path);
    }

    /// <summary>The largest absolute element-wise difference, in float64.</summary>
    public static double MaxDifference(Tensor actual, Tensor expected)
    {
        using var scope = NewDisposeScope();
        return actual.numel() == 0 ? 0 : (actual.to(float64) - expected.to(float64)).abs().max().item<double>();
    }

    private static void SameShape(Tensor actual, Tensor expected, string what) =>
        Assert.That(actual.shape, Is.EqualTo(expected.shape), $"{what}: shape {Shapes.Format(actual.shape)} is not {Shapes.Format(expected.shape)}");
}
