using System.Globalization;
using static TorchSharp.torch;

namespace Mnist.Functional.Robustness;

/// <summary>
/// The fast gradient sign method (Goodfellow, Shlens &amp; Szegedy 2015, "Explaining and Harnessing Adversarial
/// Examples"): one step of size ε along the sign of the loss's gradient, <c>x' = clip(x + ε · sign(∇ₓL(x, y)), 0, 1)</c>,
/// with L the cross-entropy of the true label. As torchattacks' FGSM and PyTorch's "Adversarial Example Generation"
/// tutorial define it; an L∞ attack.
/// </summary>
public sealed record Fgsm : Attack
{
    /// <summary>FGSM with radius <paramref name="epsilon"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epsilon"/> is negative or not finite.</exception>
    public Fgsm(double epsilon) => Epsilon = Pgd.CheckedEpsilon(epsilon);

    /// <inheritdoc />
    public override double Epsilon { get; }

    /// <inheritdoc />
    public override AttackNorm Norm => AttackNorm.Linf;

    /// <inheritdoc />
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"FGSM ε={Epsilon:G4}");

    /// <inheritdoc />
    protected override Tensor Search(PixelModel model, Tensor pixels, Tensor labels, Generator generator) =>
        SteepestAscent.Run(model, pixels, labels, Epsilon, AttackNorm.Linf, steps: 1, stepSize: Epsilon, randomStart: false, generator);
}
