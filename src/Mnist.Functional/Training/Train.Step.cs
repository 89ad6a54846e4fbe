using Mnist.Functional.Autodiff;
using Mnist.Functional.Data;
using Mnist.Functional.Layers;
using Mnist.Functional.Parameters;
using static TorchSharp.torch;

namespace Mnist.Functional.Training;

/// <summary>
/// Training as folds: <see cref="Step"/> is one pure update, an epoch folds steps over
/// the batches of an epoch, and <see cref="Fit"/> folds epochs into a <see cref="History"/>.
/// </summary>
public static partial class Train
{
    /// <summary>
    /// One update: the loss of <paramref name="batch"/> and its gradient at the current parameters,
    /// then the optimizer's rule: <c>(θ, s, opt) -> (θ', s', opt')</c>.
    /// </summary>
    /// <remarks>
    /// Runs in exactly one dispose scope: every temporary of the step is freed before it returns, and
    /// the new parameters, layer state and optimizer state belong to no scope (the caller, usually the
    /// epoch fold, owns them). <paramref name="state"/> is left as it was. When the loss is
    /// NaN or infinite, or the update would make a parameter, a layer's state or an optimizer moment NaN or
    /// infinite, no update is made and <paramref name="state"/> comes back unchanged (the outcome says why).
    /// </remarks>
    /// <param name="setup">The model, optimizer and loss.</param>
    /// <param name="state">The state before the step.</param>
    /// <param name="batch">Preprocessed inputs and their labels; the setup's <see cref="TrainingSetup.BatchTransform"/>, if any, makes the images the loss is taken on.</param>
    /// <param name="generator">Where dropout (and the batch transform) draw from.</param>
    public static StepOutcome Step(TrainingSetup setup, TrainState state, Batch batch, Generator generator)
    {
        using var scope = NewDisposeScope();
        var lossOf = setup.LossOrDefault;
        var layerState = state.Variables.State;
        var images = setup.BatchTransform is { } transform ? transform(state.Variables, batch, state.Step, generator) : batch.Images;
        var valueAndGrad = Diff.ValueAndGradWithAux(parameters =>
        {
            var output = setup.Model.Apply(parameters, layerState, images, Mode.Train(generator));
            return (lossOf(output.Output, batch.Labels), output);
        });

        var result = valueAndGrad(state.Variables.Params);
        var loss = result.Value.item<float>();
        if (!float.IsFinite(loss))
            return new StepOutcome(state, loss, 0, batch.Count);

        var correct = result.Aux.Output.argmax(1).eq(batch.Labels).sum().item<long>();
        var (parameters, optimizer) = setup.Optimizer.Update(result.Grads, state.Optimizer, state.Variables.Params);
        var next = state with
        {
            Variables = new Variables(parameters, Detached(result.Aux.State, layerState)),
            Optimizer = optimizer,
        };
        if (FirstNonFinite(next) is { } nonFinite)
            return new StepOutcome(state, loss, correct, batch.Count, nonFinite);
        return new StepOutcome(next.DetachFromDisposeScope(), loss, correct, batch.Count);
    }

    // One flag read for the whole state when all is well (the usual case); the offending tensor is named otherwise.
    private static string? FirstNonFinite(TrainState state) =>
        Params.AllFinite(state.Variables.Params.Tensors.Concat(state.Variables.State.Tensors).Concat(state.Optimizer.Moments.Tensors)) ? null
        : state.Variables.Params.FirstNonFinite() is { } parameter ? $"parameter {parameter}"
        : state.Variables.State.FirstNonFinite() is { } layerState ? $"layer state {layerState}"
        : state.Optimizer.Moments.FirstNonFinite() is { } moment ? $"optimizer state {moment}"
        : null;

    // A layer may hand its state back unchanged; only new tensors need to leave the graph.
    private static Params Detached(Params newState, Params oldState) =>
        newState.Map((path, tensor) => oldState.TryGet(path, out var old) && old.Handle == tensor.Handle ? tensor : tensor.detach());
}
