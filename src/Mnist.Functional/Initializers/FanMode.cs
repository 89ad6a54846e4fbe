namespace Mnist.Functional.Initializers;

/// <summary>Which fan a variance-scaling initialiser divides by.</summary>
public enum FanMode
{
    /// <summary>Fan-in: keeps the variance of activations in the forward pass (He, LeCun).</summary>
    In,

    /// <summary>Fan-out: keeps the variance of gradients in the backward pass.</summary>
    Out,

    /// <summary>The mean of fan-in and fan-out, <c>(in + out) / 2</c> (Glorot).</summary>
    Average,
}
