using Mnist.Functional.Autodiff;
using Mnist.Functional.Layers;
using Mnist.Functional.Parameters;
using static TorchSharp.torch;

namespace Mnist.Functional.Explain;

/// <summary>
/// The function an attribution explains: one number per sample, the score the model gives its target class,
/// <c>F(x)[b] = score(model(preprocess(x)))[b, target[b]]</c>, with the model in evaluation mode.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Preprocess"/> sets the space the input lives in, and so where every gradient is taken and where a
/// baseline, a fill value or a noise level is measured. The app explains raw pixels in [0, 1], <c>[B, 1, 28, 28]</c>,
/// with the run's normalisation <c>(x − mean) / std</c> as <see cref="Preprocess"/>: a gradient is then
/// <c>∂F/∂pixel = (1/std) · ∂F/∂(normalised pixel)</c>, a baseline of 0 is a black image (−mean/std in the
/// model's own input), and a map shows the 28×28 image the model saw. Without <see cref="Preprocess"/> the input is
/// what the model takes.
/// </para>
/// <para>
/// The model runs in evaluation mode (dropout passes inputs through, batch norm reads its running statistics), so each
/// sample's score depends on that sample alone and the gradient of the batch's summed scores is every sample's own
/// gradient. The model's parameters and state are only read.
/// </para>
/// </remarks>
/// <param name="Model">The network: <c>[B, ...] -> [B, C]</c> class outputs.</param>
/// <param name="Variables">Its trained parameters and state.</param>
/// <param name="Preprocess">Maps the explained input to the model's input, such as the run's normalisation; <see langword="null"/> for none.</param>
/// <param name="Kind">The number explained: the model's output (logit) by default, or the softmax probability.</param>
public sealed record ClassScore(Layer Model, Variables Variables, Func<Tensor, Tensor>? Preprocess = null, ScoreKind Kind = ScoreKind.Logit)
{
    /// <summary>The scores of the target classes, <c>inputs: [B, ...], targets: [B] int64 -> [B]</c>, taking part in autograd when the inputs do.</summary>
    /// <exception cref="ArgumentException">The targets do not match the batch, the model's outputs are not <c>[B, C]</c>, or a target is not one of the C classes.</exception>
    public Tensor Of(Tensor inputs, Tensor targets)
    {
        var outputs = Outputs(inputs);
        RequireTargets(targets, inputs.shape[0], outputs.shape[1]);
        var scores = Kind == ScoreKind.Probability ? nn.functional.softmax(outputs, 1) : outputs;
        return scores.gather(1, targets.to(int64).unsqueeze(1)).squeeze(1);
    }

    /// <summary>The class outputs, <c>[B, ...] -> [B, C]</c> in the model's floating-point type (logits or log-probabilities, as the model ends), in evaluation mode.</summary>
    /// <exception cref="ArgumentException">The model's outputs are not <c>[B, C]</c>.</exception>
    public Tensor Outputs(Tensor inputs)
    {
        var x = Preprocess is null ? inputs : Preprocess(inputs);
        var outputs = Model.Apply(Variables.Params, Variables.State, x, Mode.Eval).Output;
        if (outputs.shape.Length != 2 || outputs.shape[0] != inputs.shape[0])
            throw new ArgumentException($"The model gives outputs of shape {Tensors.Shapes.Format(outputs.shape)} for {inputs.shape[0]} inputs, but an attribution needs one score per class, [B, C].", nameof(inputs));
        return outputs;
    }

    /// <summary>
    /// The scores and their gradients with respect to the inputs, <c>inputs: [B, ...] -> ([B], [B, ...])</c>, both
    /// detached: no autograd graph outlives the call. Built on <see cref="Diff.ValueAndGradWithAux{TAux}"/> of the summed scores.
    /// </summary>
    public (Tensor Scores, Tensor Gradient) ScoresAndGradient(Tensor inputs, Tensor targets)
    {
        var valueAndGrad = Diff.ValueAndGradWithAux(tree =>
        {
            var scores = Of(tree[Diff.InputPath], targets);
            return (scores.sum(), scores.detach());
        });
        var result = valueAndGrad(Diff.AsTree(inputs));
        return (result.Aux, result.Grads[Diff.InputPath]);
    }

    /// <summary>
    /// This score with the model's floating-point parameters and state converted to <paramref name="type"/>; the copies
    /// belong to the caller's dispose scope (tensors already of that type are shared, not copied).
    /// </summary>
    public ClassScore In(ScalarType type)
    {
        Tensor Convert(Tensor tensor) => tensor.is_floating_point() ? tensor.to(type) : tensor;
        return this with { Variables = new Variables(Variables.Params.Map(Convert), Variables.State.Map(Convert)) };
    }

    /// <summary>Refuses targets that are not one class per input, <c>[count]</c>.</summary>
    internal static void RequireTargetShape(Tensor targets, long count)
    {
        if (targets.shape.Length != 1 || targets.shape[0] != count)
            throw new ArgumentException($"{count} inputs need {count} target classes, [{count}], not {Tensors.Shapes.Format(targets.shape)}.", nameof(targets));
    }

    private static void RequireTargets(Tensor targets, long count, long classes)
    {
        RequireTargetShape(targets, count);
        if (targets.is_floating_point())
            throw new ArgumentException($"Target classes must be integers, not {targets.dtype}.", nameof(targets));
        if (count == 0) return;
        var wholeTargets = targets.to(int64);
        var (lowest, highest) = (wholeTargets.min().item<long>(), wholeTargets.max().item<long>());
        if (lowest < 0 || highest >= classes)
            throw new ArgumentException($"Target class {(lowest < 0 ? lowest : highest)} is not one of the model's {classes} classes (0 to {classes - 1}).", nameof(targets));
    }
}
