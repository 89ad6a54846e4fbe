namespace Mnist.Functional.Initializers;

/// <summary>The distribution a variance-scaling initialiser draws from.</summary>
public enum Distribution
{
    /// <summary>Uniform in <c>±√3 · std</c>, which has standard deviation <c>std</c>.</summary>
    Uniform,

    /// <summary>Normal with mean 0 and standard deviation <c>std</c>.</summary>
    Normal,
}
