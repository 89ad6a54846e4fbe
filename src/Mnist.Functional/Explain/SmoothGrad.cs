using System.Text.Json.Nodes;
using Mnist.Functional.Tensors;
using static TorchSharp.torch;

namespace Mnist.Functional.Explain;

/// <summary>
/// SmoothGrad (Smilkov et al. 2017, "SmoothGrad: removing noise by adding noise"): the saliency map averaged over
/// copies of the input with Gaussian noise added, <c>Map = (1/n) Σⱼ Saliency(x + εⱼ)</c>, <c>εⱼ ~ N(0, σ²)</c>.
/// Captum's <c>NoiseTunnel(Saliency).attribute(inputs, nt_type="smoothgrad", nt_samples, stdevs, target, abs)</c>.
/// </summary>
/// <remarks>
/// <para>
/// σ is in the explained input's units (Captum's <c>stdevs</c>). Smilkov et al. give it as a noise level,
/// σ / (x_max − x_min), and find 10–20% best; with raw pixels in [0, 1] the range is 1, so the default 0.15 is their 15%.
/// The default 50 samples is where they saw the map stop sharpening (Captum defaults to 5 samples and σ = 1).
/// </para>
/// <para>
/// The noise comes from a generator seeded with <c>Seed</c> and is the same n draws for every input, so a digit's map
/// depends on the digit, the model and these settings alone, never on the other inputs or the batch size; the same
/// call twice gives the same map. <c>Samples</c> forward and backward passes per input.
/// </para>
/// </remarks>
public sealed record SmoothGrad : AttributionMethod
{
    /// <summary>The method's name, <c>smoothgrad</c>.</summary>
    public const string MethodName = "smoothgrad";

    /// <summary>The most samples: 1,000.</summary>
    public const int MaxSamples = 1000;

    /// <summary>The default number of noisy samples: 50.</summary>
    public const int DefaultSamples = 50;

    /// <summary>The default noise σ: 0.15 (15% of the [0, 1] pixel range).</summary>
    public const double DefaultNoise = 0.15;

    /// <summary>SmoothGrad with the given settings.</summary>
    /// <param name="samples">Noisy copies per input, 1 to <see cref="MaxSamples"/>.</param>
    /// <param name="noise">The noise's standard deviation σ, positive and finite, in the explained input's units.</param>
    /// <param name="seed">Seeds the noise.</param>
    /// <param name="absolute">Average the gradients' absolute values (the default, as Captum's <c>Saliency</c>); <see langword="false"/> averages the signed gradients.</param>
    /// <exception cref="ArgumentOutOfRangeException">Samples out of bounds, or σ not positive and finite.</exception>
    public SmoothGrad(int samples = DefaultSamples, double noise = DefaultNoise, long seed = 0, bool absolute = true)
    {
        Samples = samples;
        Noise = noise;
        Seed = seed;
        Absolute = absolute;
    }

    /// <summary>Noisy copies of each input.</summary>
    public int Samples
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(Samples));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxSamples, nameof(Samples));
            field = value;
        }
    }

    /// <summary>The noise's standard deviation σ, in the explained input's units.</summary>
    public double Noise
    {
        get;
        init => field = double.IsFinite(value) && value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(Noise), value, "The noise's standard deviation must be a positive, finite number.");
    }

    /// <summary>Seeds the noise.</summary>
    public long Seed { get; init; }

    /// <summary>Whether each sample's gradient counts by its absolute value.</summary>
    public bool Absolute { get; init; }

    /// <inheritdoc />
    public override string Name => MethodName;

    /// <inheritdoc />
    public override JsonObject Settings() => new()
    {
        ["method"] = Name,
        ["samples"] = Samples,
        ["noise"] = Noise,
        ["seed"] = Seed,
        ["absolute"] = Absolute,
    };

    /// <inheritdoc />
    protected override int RowsPerInput(long[] shape) => Samples;

    /// <inheritdoc />
    protected override Attribution AttributeSlice(ClassScore score, Tensor inputs, Tensor targets, int batchSize)
    {
        using var scalars = new ScalarScope();
        var count = inputs.shape[0];
        using var generator = new Generator(unchecked((ulong)Seed));
        var noise = randn([Samples, .. inputs.shape[1..]], generator: generator).mul_(scalars.Of(Noise));
        var sum = zeros_like(inputs, dtype: float64);
        InPasses(Samples, (int)Math.Max(1, batchSize / count), (first, length) =>
        {
            // Rows sample-major: [length · n, ...], sample j's noise on all n inputs together.
            var noisy = (inputs.unsqueeze(0) + noise.narrow(0, first, length).unsqueeze(1)).flatten(0, 1);
            var (_, gradient) = score.ScoresAndGradient(noisy, targets.repeat(length));
            var counted = Absolute ? gradient.abs() : gradient;
            sum.add_(counted.view([length, .. inputs.shape]).to(float64).sum(dim: 0));
        });
        return new Attribution(sum.div_(scalars.Of((double)Samples)).to(float32), score.Of(inputs, targets));
    }
}
