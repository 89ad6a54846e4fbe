namespace Mnist.Functional.Optimizers.HyperParameters;

/// <summary>
/// Checks on hyper-parameters, made where the value is used (a transform's <c>Init</c> and <c>Update</c>, a schedule's
/// <c>At</c>), so that a value set with <c>with</c> is checked too, and a bad value fails with its name rather than as
/// NaN losses later. Each refusal is a <see cref="HyperParameterException"/>.
/// </summary>
internal static class HyperParameter
{
    public static void Positive(double value, string name) => Require(value > 0 && double.IsFinite(value), value, name, "a positive number");

    public static void Positive(long value, string name) => Require(value > 0, value, name, "positive");

    public static void NonNegative(double value, string name) => Require(value >= 0 && double.IsFinite(value), value, name, "zero or more");

    /// <summary>A decay rate or a share: in [0, 1), or in [0, 1] where one is allowed.</summary>
    public static void Fraction(double value, string name, bool oneAllowed = false) =>
        Require(value >= 0 && (value < 1 || (oneAllowed && value == 1)), value, name, $"in [0, 1{(oneAllowed ? "]" : ")")}");

    private static void Require(bool valid, object value, string name, string requirement)
    {
        if (!valid) throw new HyperParameterException(name, value, requirement);
    }
}
