using Mnist.Functional.Optimizers.HyperParameters;
using Mnist.Functional.Parameters;
using Mnist.Functional.Tensors;
using static TorchSharp.torch;

namespace Mnist.Functional.Optimizers.Transforms;

/// <summary>
/// Scales all updates together so that their global L2 norm is at most <paramref name="MaxNorm"/>:
/// <c>u' = u · min(1, maxNorm / (‖u‖ + 10⁻⁶))</c> with <c>‖u‖ = √(Σ over every tensor and element of u²)</c>.
/// </summary>
/// <remarks>
/// The same rule as PyTorch's <c>torch.nn.utils.clip_grad_norm_</c> (including its 10⁻⁶), put first in a
/// chain to clip the gradients. The scale stays a tensor, so clipping does not wait for the device.
/// </remarks>
/// <param name="MaxNorm">The largest global norm the updates may have; positive.</param>
public sealed record ClipByGlobalNorm(double MaxNorm) : GradientTransform
{
    /// <inheritdoc />
    public override Params Init(Params parameters)
    {
        HyperParameter.Positive(MaxNorm, nameof(MaxNorm));
        return Params.Empty;
    }

    /// <inheritdoc />
    public override (Params Updates, Params State) Update(Params updates, Params state, Params parameters, long count)
    {
        HyperParameter.Positive(MaxNorm, nameof(MaxNorm));
        if (updates.Count == 0) return (updates, state);
        var globalNorm = stack(updates.Tensors.Select(update => update.norm())).norm();
        using var scalars = new ScalarScope();
        var scale = (scalars.Of(MaxNorm) / globalNorm.add(scalars.Of(1e-6))).clamp_max_(scalars.Of(1.0));
        return (updates.Map(update => update * scale), state);
    }
}
