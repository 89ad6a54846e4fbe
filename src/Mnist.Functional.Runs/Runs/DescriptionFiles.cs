using Mnist.Functional.Datasets;
using Mnist.Functional.IO;
using Mnist.Functional.Json;
using Mnist.Functional.Layers;
using Mnist.Functional.Models;
using Mnist.Functional.Optimizers;

namespace Mnist.Functional.Runs;

/// <summary>
/// Architecture and optimizer files a person wrote (or <c>mnist models --architecture</c> printed), read and checked
/// before any tensor exists: a regular file within the form's size limit, then its JSON form read by
/// <see cref="ArchitectureJson"/> or <see cref="OptimizerJson"/>, which name the field at fault.
/// </summary>
public static class DescriptionFiles
{
    /// <summary>
    /// The model in the architecture file <paramref name="path"/>, checked to take <paramref name="dataset"/>'s images to one
    /// score per class, named after the file (<c>my-net.json</c> is <c>my-net</c>) and trained with <paramref name="recipe"/>.
    /// </summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="IOException">It is not a regular file, is too large, or is not an architecture this library can build for the dataset (<see cref="DescriptionException"/>); the message names the field or layer.</exception>
    public static ZooModel Model(string path, DatasetInfo dataset, Recipe recipe)
    {
        using var stream = InputFile.OpenRead(path, "an architecture file", ArchitectureLimits.Default.MaxBytes);
        var network = ArchitectureJson.Read(stream, [1, dataset.Image.Height, dataset.Image.Width], dataset.ClassNames.Count, path);
        return new ZooModel(Path.GetFileNameWithoutExtension(path), $"Read from {Path.GetFileName(path)}", network, recipe);
    }

    /// <summary>The optimizer plan in the file <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="IOException">It is not a regular file, is too large, or is not an optimizer this library can build (<see cref="DescriptionException"/>); the message names the field.</exception>
    public static OptimizerPlan Optimizer(string path)
    {
        using var stream = InputFile.OpenRead(path, "an optimizer file", OptimizerJson.MaxBytes);
        return OptimizerJson.Read(stream, path);
    }
}
