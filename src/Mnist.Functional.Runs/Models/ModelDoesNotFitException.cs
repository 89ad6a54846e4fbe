namespace Mnist.Functional.Models;

/// <summary>
/// A model's architecture cannot take a dataset's images, or give its number of scores: the message names the model,
/// the layer (its path in the model and what it is) and the shapes that do not go together.
/// </summary>
public sealed class ModelDoesNotFitException(string model, ModelShape shape, string problem, Exception? inner = null)
    : ArgumentException($"{model} does not fit {shape}: {problem}", inner)
{
    /// <summary>The model's name.</summary>
    public string Model { get; } = model;

    /// <summary>What it was to fit.</summary>
    public ModelShape Shape { get; } = shape;
}
