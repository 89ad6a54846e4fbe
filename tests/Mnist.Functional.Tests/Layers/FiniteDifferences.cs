using Mnist.Functional.Layers;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Layers;

/// <summary>
/// A test-only gradient check: autograd's gradients against central finite differences in float64.
/// Stands in for <c>Diff.GradCheck</c> (branch <c>optim</c>) until the two branches meet.
/// </summary>
internal static class FiniteDifferences
{
    private const double Step = 1e-6;

    /// <summary>
    /// The largest relative error, <c>‖autograd − numeric‖ / max(‖autograd‖, ‖numeric‖)</c> per tensor, over the
    /// parameters and the input of <c>L = Σ y ⊙ w</c>, with <c>y</c> the layer's output and <c>w</c> fixed random weights.
    /// </summary>
    /// <remarks>Every call of the layer gets a fresh generator with the same seed, so dropout draws the same mask each time.</remarks>
    public static double MaxRelativeError(Layer layer, Tensor input, bool training = false, ulong seed = 0)
    {
        using var scope = NewDisposeScope();
        var variables = layer.Init(new Generator(seed));
        var parameters = variables.Params.Map(tensor => tensor.to(float64)).RequiringGrad();
        var state = variables.State.Map(tensor => tensor.is_floating_point() ? tensor.to(float64) : tensor.clone());
        var x = input.to(float64).detach().requires_grad_();
        Mode NewMode() => training ? Mode.Train(new Generator(seed + 1)) : Mode.Eval;
        var weights = empty_like(layer.Apply(parameters, state, x, NewMode()).Output).normal_(generator: new Generator(seed + 2));
        double Loss() => (layer.Apply(parameters, state, x, NewMode()).Output * weights).sum().item<double>();

        var tensors = parameters.Tensors.Append(x).ToList();
        var analytic = autograd.grad([(layer.Apply(parameters, state, x, NewMode()).Output * weights).sum()], tensors);
        using var noGrad = no_grad();
        return tensors.Select((tensor, i) => RelativeError(analytic[i], Numeric(tensor, Loss))).DefaultIfEmpty(0).Max();
    }

    // ∂L/∂tᵢ ≈ (L(tᵢ + h) − L(tᵢ − h)) / 2h, element by element, changing t in place and restoring it.
    private static Tensor Numeric(Tensor tensor, Func<double> loss)
    {
        var flat = tensor.view(-1);
        var gradient = zeros_like(flat);
        for (var i = 0; i < flat.numel(); i++)
        {
            using var elementScope = NewDisposeScope();
            var element = flat[i];
            var original = element.item<double>();
            element.fill_(original + Step);
            var above = loss();
            element.fill_(original - Step);
            var below = loss();
            element.fill_(original);
            gradient[i] = (above - below) / (2 * Step);
        }
        return gradient.view(tensor.shape);
    }

    private static double RelativeError(Tensor analytic, Tensor numeric)
    {
        var scale = Math.Max(analytic.norm().item<double>(), numeric.norm().item<double>());
        return scale == 0 ? 0 : (analytic - numeric).norm().item<double>() / scale;
    }
}
