using System.Text.Json.Nodes;
using Mnist.Functional.Tensors;
using static TorchSharp.torch;

namespace Mnist.Functional.Explain;

/// <summary>
/// Occlusion (Zeiler and Fergus 2014, "Visualizing and Understanding Convolutional Networks"): a square window slides
/// over the image and sets what it covers to a fill value; each element's attribution is the score's fall,
/// <c>F(x) − F(x with the window filled)</c>, averaged over the windows that cover it. Captum's
/// <c>Occlusion.attribute(inputs, sliding_window_shapes=(C, w, w), strides=(C, s, s), baselines=fill, target)</c>.
/// </summary>
/// <remarks>
/// Inputs are images with their rows and columns last, <c>[N, ..., H, W]</c>; the window covers every channel. As in
/// Captum, the first window sits at the top left corner and windows step by <c>Stride</c> until they reach the far
/// edge, where the last one may be cut off, so every element is covered when the stride is at most the window. The fill
/// is in the explained input's units: 0, the default, is black for raw pixels in [0, 1], MNIST's background, so a window
/// over empty background changes nothing and scores 0. A positive value says the covered ink supported the class.
/// One forward pass per window position and input (169 for the default window 4 and stride 2 on 28×28), no gradients.
/// </remarks>
public sealed record Occlusion : AttributionMethod
{
    /// <summary>The method's name, <c>occlusion</c>.</summary>
    public const string MethodName = "occlusion";

    /// <summary>Occlusion with the given settings.</summary>
    /// <param name="window">The window's side in elements, at least 1 and at most the image's smaller side (checked against the inputs).</param>
    /// <param name="stride">How far the window moves each step, 1 to <paramref name="window"/>.</param>
    /// <param name="fill">The value the window sets, finite, in the explained input's units.</param>
    /// <exception cref="ArgumentOutOfRangeException">A window below 1, a stride outside 1 to the window, or a fill that is not finite.</exception>
    public Occlusion(int window = 4, int stride = 2, double fill = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(stride, window);
        (Window, Stride, Fill) = (window, stride, double.IsFinite(fill) ? fill : throw new ArgumentOutOfRangeException(nameof(fill), fill, "The fill value must be a finite number."));
    }

    /// <summary>The window's side, in elements.</summary>
    public int Window { get; }

    /// <summary>How far the window moves each step, in elements.</summary>
    public int Stride { get; }

    /// <summary>The value the window sets.</summary>
    public double Fill { get; }

    /// <inheritdoc />
    public override string Name => MethodName;

    /// <inheritdoc />
    public override JsonObject Settings() => new() { ["method"] = Name, ["window"] = Window, ["stride"] = Stride, ["fill"] = Fill };

    /// <inheritdoc />
    protected override int RowsPerInput(long[] shape) => Offsets(shape[^2]).Count * Offsets(shape[^1]).Count;

    /// <inheritdoc />
    protected override void RequireFits(long[] shape)
    {
        if (shape.Length < 3)
            throw new ArgumentException($"Occlusion needs images with their rows and columns last, [N, ..., H, W], not {Shapes.Format(shape)}.", nameof(shape));
        var side = Math.Min(shape[^2], shape[^1]);
        if (Window > side)
            throw new ArgumentException($"The occlusion window of {Window}×{Window} does not fit images of {shape[^2]}×{shape[^1]}; use a window of at most {side}.", nameof(shape));
    }

    /// <summary>The window positions along a side of <paramref name="length"/> elements: 0, stride, 2·stride, … until a window reaches the far edge.</summary>
    internal IReadOnlyList<long> Offsets(long length) =>
        [.. Enumerable.Range(0, checked((int)((length - Window + Stride - 1) / Stride) + 1)).Select(k => (long)k * Stride)];

    /// <inheritdoc />
    protected override Attribution AttributeSlice(ClassScore score, Tensor inputs, Tensor targets, int batchSize)
    {
        using var scalars = new ScalarScope();
        var count = inputs.shape[0];
        var (height, width) = (inputs.shape[^2], inputs.shape[^1]);
        var masks = Masks(height, width);
        var windows = (int)masks.shape[0];
        var scores = score.Of(inputs, targets);
        var towardFill = inputs.neg().add_(scalars.Of(Fill)).unsqueeze(0);
        var sum = zeros([count, height * width], float64);
        InPasses(windows, (int)Math.Max(1, batchSize / count), (first, length) =>
        {
            // Rows window-major: [length · n, ...], window w over all n inputs together; x + mask ⊙ (fill − x).
            var mask = masks.narrow(0, first, length).view([length, 1, .. Enumerable.Repeat(1L, (int)inputs.dim() - 3), height, width]);
            var occluded = (inputs.unsqueeze(0) + mask * towardFill).flatten(0, 1);
            var fall = scores.unsqueeze(0) - score.Of(occluded, targets.repeat(length)).view(length, count);
            sum.add_(fall.to(float64).t().matmul(masks.narrow(0, first, length).flatten(1).to(float64)));
        });
        var covered = masks.flatten(1).sum(dim: 0).to(float64);
        var perElement = (sum / covered).view(count, 1, height, width).to(float32);
        return new Attribution(perElement.expand(inputs.shape).contiguous(), scores);
    }

    // [windows, H, W]: 1 where window w covers, 0 elsewhere; rows first, then columns, as Captum counts them.
    private Tensor Masks(long height, long width)
    {
        using var scalars = new ScalarScope();
        var (rows, columns) = (Offsets(height), Offsets(width));
        var masks = zeros([rows.Count * columns.Count, height, width], float32);
        var w = 0L;
        foreach (var row in rows)
            foreach (var column in columns)
                masks[w++].narrow(0, row, Math.Min(Window, height - row)).narrow(1, column, Math.Min(Window, width - column)).fill_(scalars.Of(1.0));
        return masks;
    }
}
