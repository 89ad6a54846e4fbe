using Mnist.Functional.Testing;

namespace Mnist.Functional.Reports.Tests;

/// <summary>Mnist.Functional.Reports is one folder, whose namespace is its own; a new folder must go on docs/DESIGN.md's map first.</summary>
public sealed class ArchitectureTests
{
    private static readonly FolderMap Map = new("src/Mnist.Functional.Reports", "Mnist.Functional.Reports", new Dictionary<string, string[]>
    {
        [""] = [],
    });

    [Test]
    public void Every_Folder_Uses_Only_What_The_Map_Allows() =>
        Assert.That(Map.Violations(), Is.Empty);
}
