using System.Text.Json.Nodes;
using Mnist.Functional.Tensors;
using static TorchSharp.torch;

namespace Mnist.Functional.Explain;

/// <summary>
/// Integrated gradients (Sundararajan, Taly and Yan 2017, "Axiomatic Attribution for Deep Networks"): the gradient
/// integrated along the straight path from a baseline <c>x′</c> to the input,
/// <c>Mapᵢ = (xᵢ − x′ᵢ) · ∫₀¹ ∂F/∂xᵢ(x′ + α(x − x′)) dα ≈ (xᵢ − x′ᵢ) · Σₖ wₖ ∂F/∂xᵢ(x′ + αₖ(x − x′))</c>,
/// returned with the convergence delta <c>Σᵢ Mapᵢ − (F(x) − F(x′))</c>, which completeness says is 0 for the exact
/// integral. Captum's <c>IntegratedGradients.attribute(inputs, baselines, target, n_steps, method,
/// return_convergence_delta=True)</c>, with the same defaults (50 steps, Gauss–Legendre, a baseline of 0).
/// </summary>
/// <remarks>
/// The baseline is a constant image in the explained input's space: with raw pixels in [0, 1] the default 0 is a black
/// image, MNIST's background, which the model sees as −mean/std. The attributions do not depend on that choice of
/// space: an affine preprocessing scales the gradient and the difference <c>x − x′</c> inversely. <c>Steps</c> forward
/// and backward passes per input, plus two forward passes for the delta.
/// </remarks>
public sealed record IntegratedGradients : AttributionMethod
{
    /// <summary>The method's name, <c>integrated-gradients</c>.</summary>
    public const string MethodName = "integrated-gradients";

    /// <summary>The fewest steps: 2 (the trapezoid rule needs both ends).</summary>
    public const int MinSteps = 2;

    /// <summary>The most steps: 1,000, twenty times the default, where the quadrature error is long below float32's.</summary>
    public const int MaxSteps = 1000;

    /// <summary>The default number of steps, Captum's: 50.</summary>
    public const int DefaultSteps = 50;

    /// <summary>Integrated gradients with the given settings.</summary>
    /// <param name="steps">Points on the path, <see cref="MinSteps"/> to <see cref="MaxSteps"/>.</param>
    /// <param name="baseline">The baseline's value for every input element, finite, in the explained input's units.</param>
    /// <param name="quadrature">How the integral is approximated.</param>
    /// <exception cref="ArgumentOutOfRangeException">Steps out of bounds, or a baseline that is not finite.</exception>
    public IntegratedGradients(int steps = DefaultSteps, double baseline = 0, Quadrature quadrature = Quadrature.GaussLegendre)
    {
        Steps = steps;
        Baseline = baseline;
        Quadrature = quadrature;
    }

    /// <summary>Points on the path from the baseline to the input.</summary>
    public int Steps
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, MinSteps, nameof(Steps));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxSteps, nameof(Steps));
            field = value;
        }
    }

    /// <summary>The baseline <c>x′</c>: this value in every input element (0, a black image, for raw pixels in [0, 1]).</summary>
    public double Baseline
    {
        get;
        init => field = double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(nameof(Baseline), value, "The baseline must be a finite number.");
    }

    /// <summary>How the path integral is approximated.</summary>
    public Quadrature Quadrature
    {
        get;
        init => field = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(Quadrature), value, "Unknown quadrature.");
    }

    /// <inheritdoc />
    public override string Name => MethodName;

    /// <inheritdoc />
    public override JsonObject Settings() => new()
    {
        ["method"] = Name,
        ["steps"] = Steps,
        ["baseline"] = Baseline,
        ["quadrature"] = Quadrature == Quadrature.GaussLegendre ? "gauss-legendre" : "trapezoid",
    };

    /// <inheritdoc />
    protected override int RowsPerInput(long[] shape) => Steps;

    /// <inheritdoc />
    protected override bool HasConvergenceDelta => true;

    /// <inheritdoc />
    protected override Attribution AttributeSlice(ClassScore score, Tensor inputs, Tensor targets, int batchSize)
    {
        using var scalars = new ScalarScope();
        var (alphas, weights) = QuadratureRule.Of(Quadrature, Steps);
        var count = inputs.shape[0];
        var baseline = full_like(inputs, scalars.Of(Baseline));
        var path = inputs - baseline;
        var integral = zeros_like(inputs, dtype: float64);
        var stepsPerPass = (int)Math.Max(1, batchSize / count);
        InPasses(Steps, stepsPerPass, (first, length) =>
        {
            // Rows step-major: [length · n, ...], step k's n inputs together.
            var alpha = tensor(alphas.AsSpan(first, length).ToArray(), float32).view(Broadcast(length, inputs.dim()));
            var points = (baseline.unsqueeze(0) + alpha * path.unsqueeze(0)).flatten(0, 1);
            var (_, gradient) = score.ScoresAndGradient(points, targets.repeat(length));
            var weight = tensor(weights.AsSpan(first, length).ToArray(), float64).view(Broadcast(length, inputs.dim()));
            integral.add_((gradient.view([length, .. inputs.shape]).to(float64) * weight).sum(dim: 0));
        });
        var map = path.to(float64) * integral;
        var scores = score.Of(inputs, targets);
        var baselineScores = score.Of(baseline, targets);
        var delta = map.flatten(1).sum(1) - (scores.to(float64) - baselineScores.to(float64));
        return new Attribution(map.to(float32), scores, baselineScores, delta.to(float32));
    }

    // [length, 1, 1, ...]: one weight per step, broadcast over a slice of inputs of rank inputRank.
    private static long[] Broadcast(int length, long inputRank) => [length, .. Enumerable.Repeat(1L, (int)inputRank)];
}
