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
}
