using System.Text.Json.Nodes;
using Mnist.Functional.Evaluation;
using static TorchSharp.torch;

namespace Mnist.Functional.Explain;

/// <summary>
/// An attribution method as a value: its settings, and a function from (the explained score, inputs, target classes)
/// to a map of the inputs' shape that says how much each input element contributed to the target class's score.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Attribute"/> runs in slices of inputs, each in its own dispose scope and with gradient tracking only
/// inside the library's <see cref="Autodiff.Diff"/>, so explaining 10,000 digits holds one slice's worth of memory
/// besides the result, and what it returns holds no autograd graph. A sample's map depends on that sample alone, never
/// on the rest of the batch or the slice size (the model runs in evaluation mode, and SmoothGrad draws the same noise
/// for every input).
/// </para>
/// <para>
/// The model runs in its own precision, float32 for the zoo: the maps explain the model as it predicts. Gradients with
/// respect to the input go through libtorch's convolution backward pass, which in libtorch 2.10 is wrong in float32 for
/// some channel counts (the gradient of <c>Conv2d(1, 6, 5)</c>, LeNet-5's first layer, was off by as much as the
/// gradient itself); the library's <c>Conv2d</c> works around it, and the tests check the maps against finite
/// differences and PyTorch through such a layer.
/// </para>
/// </remarks>
public abstract record AttributionMethod
{
    /// <summary>The names of the methods, as the app's <c>--method</c> takes them.</summary>
    public static IReadOnlyList<string> Names { get; } =
        [Saliency.MethodName, GradientTimesInput.MethodName, IntegratedGradients.MethodName, SmoothGrad.MethodName, Occlusion.MethodName];

    /// <summary>The method called <paramref name="name"/> (one of <see cref="Names"/>) with its default settings.</summary>
    /// <exception cref="ArgumentException">No method has that name; the message lists those there are.</exception>
    public static AttributionMethod Named(string name) => name switch
    {
        Saliency.MethodName => new Saliency(),
        GradientTimesInput.MethodName => new GradientTimesInput(),
        IntegratedGradients.MethodName => new IntegratedGradients(),
        SmoothGrad.MethodName => new SmoothGrad(),
        Occlusion.MethodName => new Occlusion(),
        _ => throw new ArgumentException($"There is no attribution method '{Text.OutsideText.Show(name, 40)}'; choose one of {string.Join(", ", Names)}.", nameof(name)),
    };

    /// <summary>The method's name, such as <c>integrated-gradients</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The method's name and settings as JSON, such as <c>{"method": "occlusion", "window": 4, "stride": 2, "fill": 0}</c>.</summary>
    public abstract JsonObject Settings();

    /// <summary>
    /// Explains the score of each input's target class: <c>inputs: [N, ...], targets: [N] int64 -> Attribution</c> with
    /// a <c>[N, ...]</c> map. The result belongs to the caller's dispose scope.
    /// </summary>
    /// <param name="score">The model, its variables, the input space and the number explained.</param>
    /// <param name="inputs">Floating-point inputs in the space <see cref="ClassScore.Preprocess"/> starts from, first dimension N.</param>
    /// <param name="targets">The class explained for each input, <c>[N]</c>.</param>
    /// <param name="batchSize">Rows per forward pass: an input expands into several rows (integrated gradients' steps, SmoothGrad's samples, occlusion's windows), so fewer inputs go into each pass.</param>
    /// <exception cref="ArgumentException">The inputs are not floating point, the targets do not match them or name no class of the model, or the inputs are too small for the method (an occlusion window larger than the image).</exception>
    public Attribution Attribute(ClassScore score, Tensor inputs, Tensor targets, int batchSize = Evaluator.DefaultBatchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        RequireInputs(inputs, targets);
        RequireFits(inputs.shape);
        var count = inputs.shape[0];
        var map = zeros(inputs.shape, float32);
        var scores = zeros(count, float32);
        var (baselineScores, deltas) = HasConvergenceDelta ? (zeros(count, float32), zeros(count, float32)) : (null, null);
        var perSlice = Math.Max(1, batchSize / RowsPerInput(inputs.shape));
        using var noGradient = no_grad();
        for (long start = 0; start < count; start += perSlice)
        {
            using (var scope = NewDisposeScope())
            {
                var length = Math.Min(perSlice, count - start);
                var slice = AttributeSlice(score, inputs.narrow(0, start, length), targets.narrow(0, start, length).to(int64), batchSize);
                map.narrow(0, start, length).copy_(slice.Map);
                scores.narrow(0, start, length).copy_(slice.Scores);
                baselineScores?.narrow(0, start, length).copy_(slice.BaselineScores!);
                deltas?.narrow(0, start, length).copy_(slice.ConvergenceDelta!);
            }
            Tensors.FinalizerLeftovers.Collect();
        }
        return new Attribution(map, scores, baselineScores, deltas);
    }

    /// <summary>The attribution of one slice of inputs and targets (int64); its tensors may belong to the slice's dispose scope.</summary>
    /// <param name="score">The explained score.</param>
    /// <param name="inputs">The slice, <c>[n, ...]</c>.</param>
    /// <param name="targets">Its targets, <c>[n]</c>.</param>
    /// <param name="batchSize">The most rows one forward pass may hold.</param>
    protected abstract Attribution AttributeSlice(ClassScore score, Tensor inputs, Tensor targets, int batchSize);

    /// <summary>How many rows of forward pass one input of <paramref name="shape"/> (batch first) becomes: 1 for a plain gradient.</summary>
    protected virtual int RowsPerInput(long[] shape) => 1;

    /// <summary>Whether the method gives a baseline score and a convergence delta (integrated gradients).</summary>
    protected virtual bool HasConvergenceDelta => false;

    /// <summary>Refuses inputs of a shape the settings do not fit; <paramref name="shape"/> has the batch first.</summary>
    protected virtual void RequireFits(long[] shape)
    {
    }

    /// <summary>Runs <paramref name="rows"/> rows through <paramref name="pass"/> in passes of at most <paramref name="batchSize"/> rows, each in its own dispose scope; <paramref name="pass"/> gets (first row, row count).</summary>
    internal static void InPasses(int rows, int batchSize, Action<int, int> pass)
    {
        for (var start = 0; start < rows; start += batchSize)
        {
            using var scope = NewDisposeScope();
            pass(start, Math.Min(batchSize, rows - start));
        }
    }

    private static void RequireInputs(Tensor inputs, Tensor targets)
    {
        if (inputs.shape.Length < 2)
            throw new ArgumentException($"Attributions need a batch of inputs, [N, ...], not {Tensors.Shapes.Format(inputs.shape)}.", nameof(inputs));
        if (!inputs.is_floating_point())
            throw new ArgumentException($"Attributions need floating-point inputs (pixels in [0, 1] as float32), not {inputs.dtype}.", nameof(inputs));
        ClassScore.RequireTargetShape(targets, inputs.shape[0]);
    }
}
