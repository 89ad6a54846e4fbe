using System.Globalization;
using Mnist.Functional.Tensors;
using static TorchSharp.torch;

namespace Mnist.Functional.Robustness;

/// <summary>
/// The images an attack may reach from <c>x</c>: those within ε of it in the attack's norm that are still pictures, with
/// every pixel in [0, 1]. Projects onto that set and checks that a result lies in it.
/// </summary>
internal static class EpsilonBall
{
    /// <summary>How far past ε, relative to ε, float32 rounding may leave a projected image: <c>x − (x − ε)</c> is not exactly ε.</summary>
    internal const double RelativeSlack = 1e-5;

    /// <summary>
    /// The nearest image to <paramref name="candidate"/> inside the ball of radius <paramref name="epsilon"/> around
    /// <paramref name="pixels"/> and inside [0, 1]: <c>[B, ...] -> [B, ...]</c>.
    /// </summary>
    /// <remarks>
    /// L∞: clamp each pixel to <c>[max(x − ε, 0), min(x + ε, 1)]</c>, the exact projection onto the intersection.
    /// L2: scale δ = candidate − x by <c>min(1, ε / ‖δ‖₂)</c> per sample, then clamp to [0, 1]; clamping moves each
    /// pixel toward x (which is in [0, 1]), so it never leaves the ball (torchattacks' PGDL2 does the same).
    /// </remarks>
    public static Tensor Project(Tensor candidate, Tensor pixels, double epsilon, AttackNorm norm)
    {
        using var scalars = new ScalarScope();
        if (norm == AttackNorm.Linf)
        {
            var low = pixels.sub(scalars.Of(epsilon)).clamp_min_(scalars.Of(0.0));
            var high = pixels.add(scalars.Of(epsilon)).clamp_max_(scalars.Of(1.0));
            return candidate.clamp(low, high);
        }
        var delta = candidate.sub(pixels);
        var lengths = PerSampleL2(delta);
        var factor = lengths.clamp_min(scalars.Of(1e-12)).reciprocal_().mul_(scalars.Of(epsilon)).clamp_max_(scalars.Of(1.0));
        return pixels.add(delta.mul_(AsSampleColumn(factor, delta))).clamp_(scalars.Of(0.0), scalars.Of(1.0));
    }

    /// <summary>
    /// Checks that every image of <paramref name="adversarial"/> is within <paramref name="epsilon"/> of its original
    /// (up to <see cref="RelativeSlack"/>) and has every pixel in [0, 1].
    /// </summary>
    /// <exception cref="InvalidOperationException">An image left its ball or [0, 1]: the attack is wrong, and its figures would be too.</exception>
    public static void Require(Tensor adversarial, Tensor pixels, double epsilon, AttackNorm norm, string attack)
    {
        using var scope = NewDisposeScope();
        var delta = adversarial.sub(pixels);
        var distance = (norm == AttackNorm.Linf ? delta.abs().flatten(1).amax(1) : PerSampleL2(delta)).max().item<float>();
        var (lowest, highest) = (adversarial.min().item<float>(), adversarial.max().item<float>());
        var allowed = epsilon * (1 + RelativeSlack) + 1e-7;
        if (!(distance <= allowed) || !(lowest >= 0) || !(highest <= 1))
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"{attack} made an image outside what it may reach: its largest {(norm == AttackNorm.Linf ? "L∞" : "L2")} distance from the original is {distance:G6} for ε = {epsilon:G6}, and its pixels span [{lowest:G6}, {highest:G6}] where [0, 1] is allowed. The attack is wrong; no figure from it can be trusted."));
    }

    /// <summary>‖δ‖₂ of each sample: <c>[B, ...] -> [B]</c>.</summary>
    public static Tensor PerSampleL2(Tensor delta) => delta.flatten(1).norm(1, keepdim: false, p: 2);

    /// <summary>A per-sample factor <c>[B]</c> shaped to multiply a batch like <paramref name="like"/>: <c>[B, 1, 1, …]</c>.</summary>
    public static Tensor AsSampleColumn(Tensor factor, Tensor like) =>
        factor.reshape([.. new[] { factor.shape[0] }, .. Enumerable.Repeat(1L, (int)like.dim() - 1)]);
}
