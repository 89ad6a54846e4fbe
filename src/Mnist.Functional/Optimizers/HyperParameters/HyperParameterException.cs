namespace Mnist.Functional.Optimizers.HyperParameters;

/// <summary>A hyper-parameter out of its range; <see cref="Requirement"/> says the range in words, for messages that name the value another way (a JSON field).</summary>
internal sealed class HyperParameterException(string name, object value, string requirement)
    : ArgumentOutOfRangeException(name, value, $"{name} must be {requirement}.")
{
    /// <summary>What the value must be: <c>in [0, 1)</c>, <c>a positive number</c>.</summary>
    public string Requirement => requirement;
}
