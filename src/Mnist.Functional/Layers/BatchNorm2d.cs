namespace Mnist.Functional.Layers;

/// <summary>
/// Batch normalisation of images: <c>x: [B, C, H, W] -> [B, C, H, W]</c>, statistics per channel over
/// the batch and both spatial axes. See <see cref="BatchNorm"/> for the formula, parameters and state.
/// </summary>
/// <param name="NumFeatures">The number of channels C.</param>
public sealed record BatchNorm2d(int NumFeatures) : BatchNorm(NumFeatures)
{
    /// <inheritdoc />
    protected override string ExpectedShape => "[B, C, H, W]";

    /// <inheritdoc />
    protected override bool AcceptsRank(long rank) => rank == 4;
}
