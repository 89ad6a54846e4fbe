namespace Mnist.Functional.Tensors;

/// <summary>Shape helpers for messages and summaries.</summary>
public static class Shapes
{
    /// <summary>Formats a shape as <c>[B, 1, 28, 28]</c>.</summary>
    public static string Format(ReadOnlySpan<long> shape)
    {
        var parts = new string[shape.Length];
        for (var i = 0; i < shape.Length; i++) parts[i] = shape[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
        return "[" + string.Join(", ", parts) + "]";
    }

    /// <summary>Formats a shape as <c>[B, 1, 28, 28]</c>.</summary>
    public static string Format(long[] shape) => Format(shape.AsSpan());

    /// <summary>Elements in one sample of a batch with the batch first: <c>[B, 32, 26, 26]</c> gives 32·26·26.</summary>
    public static long ElementsPerSample(long[] shape) => shape.Skip(1).Aggregate(1L, (product, size) => product * size);
}
