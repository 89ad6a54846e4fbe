namespace Mnist.Functional.Initializers;

/// <summary>The fan-in and fan-out of a weight, the numbers variance-scaling initialisers divide by.</summary>
/// <param name="In">Inputs feeding one output: <c>in</c> for Linear, <c>in/groups × kH × kW</c> for Conv2d.</param>
/// <param name="Out">Outputs one input feeds: <c>out</c> for Linear, <c>out × kH × kW</c> for Conv2d.</param>
public readonly record struct Fan(long In, long Out)
{
    /// <summary>The fans of a weight of shape <c>[out, in, k₁, k₂, …]</c>, as PyTorch computes them: <c>In = in × ∏k</c>, <c>Out = out × ∏k</c>.</summary>
    /// <exception cref="ArgumentException">The shape has fewer than two dimensions.</exception>
    public static Fan Of(long[] weightShape)
    {
        if (weightShape.Length < 2)
            throw new ArgumentException($"Fans are defined for weights of two or more dimensions, not for shape [{string.Join(", ", weightShape)}].", nameof(weightShape));
        var receptiveField = weightShape.Skip(2).Aggregate(1L, (product, size) => product * size);
        return new(weightShape[1] * receptiveField, weightShape[0] * receptiveField);
    }
}
