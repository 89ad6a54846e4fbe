namespace Mnist.Functional.Layers;

/// <summary>The element-wise functions an <see cref="Activation"/> layer applies, named as in <c>torch.nn</c>.</summary>
public enum ActivationFunction
{
    /// <summary>ReLU, <c>y = max(x, 0)</c> (<c>torch.nn.functional.relu</c>).</summary>
    Relu,

    /// <summary>GELU, <c>y = x · Φ(x)</c> with Φ the standard normal CDF, exact rather than the tanh approximation (<c>torch.nn.functional.gelu</c>).</summary>
    Gelu,

    /// <summary>SiLU (swish), <c>y = x · σ(x)</c> (<c>torch.nn.functional.silu</c>).</summary>
    Silu,

    /// <summary>Hyperbolic tangent, <c>y = tanh(x)</c>.</summary>
    Tanh,

    /// <summary>Logistic sigmoid, <c>y = 1 / (1 + exp(−x))</c>.</summary>
    Sigmoid,
}
