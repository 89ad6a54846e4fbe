namespace Mnist.Functional.Optimizers.HyperParameters;

/// <summary>Checks on hyper-parameters, so that a bad value fails where it is given, with its name, rather than as NaN losses later.</summary>
internal static class HyperParameter
{
    public static double Positive(double value, string name) =>
        value > 0 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive.");

    public static long Positive(long value, string name) =>
        value > 0 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive.");

    public static double NonNegative(double value, string name) =>
        value >= 0 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be zero or more.");

    /// <summary>A decay rate or a share: in [0, 1), or in [0, 1] where one is allowed.</summary>
    public static double Fraction(double value, string name, bool oneAllowed = false) =>
        value >= 0 && (value < 1 || (oneAllowed && value == 1))
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, 1{(oneAllowed ? "]" : ")")}.");
}
