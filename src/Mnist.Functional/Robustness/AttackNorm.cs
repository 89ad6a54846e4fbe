namespace Mnist.Functional.Robustness;

/// <summary>The norm that measures how far an attack may move an image: the radius ε of its ball is in this norm, on pixels in [0, 1].</summary>
public enum AttackNorm
{
    /// <summary><c>‖δ‖∞ = max |δᵢ|</c>: every pixel may move by up to ε (the MNIST challenge's threat model, ε = 0.3).</summary>
    Linf,

    /// <summary><c>‖δ‖₂ = sqrt(Σ δᵢ²)</c>: the whole change has Euclidean length up to ε.</summary>
    L2,
}
