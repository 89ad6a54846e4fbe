using Mnist.Functional.Testing;

namespace Mnist.Functional.Runs.Tests;

/// <summary>The folders of Mnist.Functional.Runs use one another only as docs/DESIGN.md's map says, and never in a cycle.</summary>
public sealed class ArchitectureTests
{
    /// <summary>The map of <c>src/Mnist.Functional.Runs</c>, bottom to top: each folder and the folders it may use.</summary>
    private static readonly FolderMap Map = new("src/Mnist.Functional.Runs", "Mnist.Functional", new Dictionary<string, string[]>
    {
        ["IO"] = [],
        ["Native"] = [],
        ["Datasets"] = ["IO"],
        ["Datasets.Sources"] = ["Datasets", "IO"],
        ["Checkpoints"] = ["IO"],
        ["Models"] = ["IO"],
        ["Runs"] = ["Checkpoints", "Datasets", "Datasets.Sources", "IO", "Models", "Native"],
        ["Runs.Sweeps"] = ["Runs", "Checkpoints", "Datasets", "IO", "Models"],
    });

    [Test]
    public void Every_Folder_Uses_Only_What_The_Map_Allows() =>
        Assert.That(Map.Violations(), Is.Empty);
}
