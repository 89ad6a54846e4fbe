using Mnist.Functional.Testing;

namespace Mnist.Functional.Tests;

/// <summary>The core's folders use one another only as docs/DESIGN.md's map says, and never in a cycle.</summary>
public sealed class ArchitectureTests
{
    /// <summary>The map of <c>src/Mnist.Functional</c>, bottom to top: each folder and the folders it may use.</summary>
    private static readonly FolderMap Map = new("src/Mnist.Functional", "Mnist.Functional", new Dictionary<string, string[]>
    {
        ["Text"] = [],
        ["Json"] = ["Text"],
        ["Tensors"] = [],
        ["Parameters"] = ["Tensors", "Text"],
        ["Autodiff"] = ["Parameters", "Tensors"],
        ["Initializers"] = ["Json", "Parameters", "Tensors"],
        ["Layers"] = ["Initializers", "Json", "Parameters", "Tensors", "Text"],
        ["Losses"] = ["Tensors"],
        ["Optimizers.HyperParameters"] = [],
        ["Optimizers.Schedules"] = ["Json", "Optimizers.HyperParameters"],
        ["Optimizers.Transforms"] = ["Json", "Optimizers.HyperParameters", "Optimizers.Schedules", "Parameters", "Tensors"],
        ["Optimizers"] = ["Json", "Optimizers.HyperParameters", "Optimizers.Schedules", "Optimizers.Transforms", "Autodiff", "Parameters", "Tensors"],
        ["Data"] = ["Tensors"],
        ["Training"] = ["Autodiff", "Data", "Layers", "Losses", "Optimizers", "Optimizers.Schedules", "Parameters", "Tensors"],
        ["Training.Observers"] = ["Training"],
        ["Evaluation"] = ["Layers", "Losses", "Parameters", "Tensors"],
        ["Robustness.Corruptions"] = ["Tensors", "Text"],
        ["Robustness"] = ["Robustness.Corruptions", "Autodiff", "Data", "Evaluation", "Layers", "Parameters", "Tensors"],
        ["Explain"] = ["Autodiff", "Evaluation", "Layers", "Parameters", "Tensors", "Text"],
    });

    [Test]
    public void Every_Folder_Uses_Only_What_The_Map_Allows() =>
        Assert.That(Map.Violations(), Is.Empty);
}
