using Mnist.Functional.Data;
using Mnist.Functional.Layers;
using Mnist.Functional.Parameters;
using static TorchSharp.torch;

namespace Mnist.Functional.Robustness;

/// <summary>
/// A classifier of raw pixels, the thing an attack differentiates: <c>pixels: [B, 1, 28, 28] float32 in [0, 1] -> [B, C]</c>
/// logits (or log-probabilities). The model's normalisation happens inside it, so a gradient with respect to the pixels
/// flows through the preprocessing, and an attack's ε and its clipping to [0, 1] are in the space a picture lives in.
/// </summary>
public delegate Tensor PixelModel(Tensor pixels);

/// <summary>Builds <see cref="PixelModel"/>s from a layer, its variables and the pixel statistics it was trained with.</summary>
public static class PixelModels
{
    /// <summary>
    /// <paramref name="model"/> in evaluation mode (batch norm reads its running statistics, dropout passes inputs
    /// through) on pixels in [0, 1], standardised with <paramref name="normalisation"/> as in training. This is the
    /// model to measure: attacking a model in training mode measures another function.
    /// </summary>
    public static PixelModel InEvaluation(Layer model, Variables variables, PixelStats normalisation) =>
        Of(model, variables.Params, variables.State, normalisation, Mode.Eval);

    /// <summary>
    /// <paramref name="model"/> with the given parameters and layer state, run in <paramref name="mode"/>, on pixels in
    /// [0, 1] standardised with <paramref name="normalisation"/>. The layers' new state (batch-norm statistics in
    /// training mode) is not kept: looking for an attack does not change the model.
    /// </summary>
    public static PixelModel Of(Layer model, Params parameters, Params state, PixelStats normalisation, Mode mode)
    {
        var standardise = Preprocess.StandardizeUnitRange(normalisation);
        return pixels => model.Apply(parameters, state, standardise(pixels), mode).Output;
    }
}
