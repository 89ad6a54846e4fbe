using Mnist.Functional.Testing;

namespace Mnist.App.Tests;

/// <summary>The app's folders use one another only as docs/DESIGN.md's map says, and never in a cycle.</summary>
public sealed class ArchitectureTests
{
    /// <summary>The map of <c>src/Mnist.App</c>, bottom to top: each folder and the folders it may use.</summary>
    private static readonly FolderMap Map = new("src/Mnist.App", "Mnist.App", new Dictionary<string, string[]>
    {
        ["Cli"] = [],
        ["Progress"] = [],
        ["Digits"] = [],
        ["Serve"] = ["Digits"],
        ["Training"] = ["Cli", "Progress"],
        ["Commands"] = ["Cli", "Digits", "Progress", "Serve", "Training"],
        [""] = ["Cli", "Commands"],
    });

    [Test]
    public void Every_Folder_Uses_Only_What_The_Map_Allows() =>
        Assert.That(Map.Violations(), Is.Empty);
}
