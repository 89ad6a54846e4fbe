using static TorchSharp.torch;

namespace Mnist.Functional.Initializers;

/// <summary>
/// Draws with standard deviation <c>std = Gain / √fan</c>: uniform in <c>±√3 · std</c> or normal <c>N(0, std²)</c>.
/// He, Glorot, LeCun and PyTorch's layer defaults are all of this form (see <see cref="Init"/>).
/// </summary>
/// <param name="Gain">The factor on <c>1/√fan</c>: √2 for He with ReLU, 1 for LeCun and Glorot.</param>
/// <param name="Mode">Which fan to divide by.</param>
/// <param name="Distribution">Uniform or normal.</param>
public sealed record VarianceScaling(double Gain, FanMode Mode, Distribution Distribution) : Initializer
{
    /// <inheritdoc />
    public override Tensor Create(long[] shape, Fan fan, Generator generator)
    {
        var std = StandardDeviation(fan);
        return Distribution == Distribution.Uniform
            ? empty(shape).uniform_(-Math.Sqrt(3.0) * std, Math.Sqrt(3.0) * std, generator)
            : empty(shape).normal_(0, std, generator);
    }

    /// <summary>The standard deviation drawn for a weight with these fans: <c>Gain / √fan</c>.</summary>
    public double StandardDeviation(Fan fan) => Gain / Math.Sqrt(Mode switch
    {
        FanMode.In => fan.In,
        FanMode.Out => fan.Out,
        _ => (fan.In + fan.Out) / 2.0,
    });
}
