namespace Mnist.Functional.Initializers;

/// <summary>
/// The usual initialisers by name, as values to put in a layer:
/// <c>new Linear(784, 10) { WeightInit = Init.KaimingNormal() }</c>.
/// </summary>
public static class Init
{
    /// <summary>He uniform: <c>U(±√3 · gain/√fan)</c>, <c>gain = √(2 / (1 + slope²))</c> (PyTorch's <c>kaiming_uniform_</c>).</summary>
    /// <param name="negativeSlope">The slope of the following leaky ReLU for negative inputs; 0 for ReLU.</param>
    /// <param name="mode">Fan-in (the default) keeps forward variance; fan-out keeps backward variance.</param>
    public static VarianceScaling KaimingUniform(double negativeSlope = 0, FanMode mode = FanMode.In) =>
        new(KaimingGain(negativeSlope), mode, Distribution.Uniform);

    /// <summary>He normal: <c>N(0, (gain/√fan)²)</c>, <c>gain = √(2 / (1 + slope²))</c> (PyTorch's <c>kaiming_normal_</c>).</summary>
    /// <param name="negativeSlope">The slope of the following leaky ReLU for negative inputs; 0 for ReLU.</param>
    /// <param name="mode">Fan-in (the default) keeps forward variance; fan-out keeps backward variance.</param>
    public static VarianceScaling KaimingNormal(double negativeSlope = 0, FanMode mode = FanMode.In) =>
        new(KaimingGain(negativeSlope), mode, Distribution.Normal);

    /// <summary>Glorot (Xavier) uniform: <c>U(±gain · √(6 / (in + out)))</c>.</summary>
    public static VarianceScaling GlorotUniform(double gain = 1) => new(gain, FanMode.Average, Distribution.Uniform);

    /// <summary>Glorot (Xavier) normal: <c>N(0, gain² · 2 / (in + out))</c>.</summary>
    public static VarianceScaling GlorotNormal(double gain = 1) => new(gain, FanMode.Average, Distribution.Normal);

    /// <summary>LeCun uniform: <c>U(±√(3 / in))</c>.</summary>
    public static VarianceScaling LeCunUniform() => new(1, FanMode.In, Distribution.Uniform);

    /// <summary>LeCun normal: <c>N(0, 1 / in)</c>.</summary>
    public static VarianceScaling LeCunNormal() => new(1, FanMode.In, Distribution.Normal);

    /// <summary>
    /// PyTorch's default for Linear and Conv weights and biases: <c>U(±1/√in)</c>, which is
    /// <c>kaiming_uniform_(a=√5)</c> for the weight and the bias bound PyTorch uses with it.
    /// </summary>
    public static VarianceScaling TorchDefault { get; } = KaimingUniform(negativeSlope: Math.Sqrt(5));

    /// <summary>All zeros.</summary>
    public static Constant Zeros { get; } = new(0);

    /// <summary>All ones.</summary>
    public static Constant Ones { get; } = new(1);

    // PyTorch's calculate_gain("leaky_relu", slope), which is √2 for a plain ReLU.
    private static double KaimingGain(double negativeSlope) => Math.Sqrt(2.0 / (1 + negativeSlope * negativeSlope));
}
