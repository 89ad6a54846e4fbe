using Mnist.Functional.Testing;

namespace Mnist.Functional.Tests.Testing;

/// <summary>The architecture tests' checker finds every kind of use against the map, and only those.</summary>
public sealed class FolderMapTests
{
    private static readonly FolderMap Map = new("src/Example", "Example", new Dictionary<string, string[]>
    {
        ["Low"] = [],
        ["Low.Part"] = ["Low"],
        ["High"] = ["Low"],
    });

    private static (string, string) File(string path, string code) => (path, code);

    [Test]
    public void Code_That_Keeps_The_Map_Passes_Whatever_Its_Comments_And_Strings_Say()
    {
        var problems = Map.Check(
        [
            File("Low/Thing.cs", "namespace Example.Low;\npublic sealed class Thing { }\n"),
            File("Low/Part/Piece.cs", "namespace Example.Low.Part;\npublic sealed class Piece { public Thing? Owner { get; } }\n"),
            File("High/User.cs", """
                using Example.Low;

                namespace Example.High;

                /// <summary>Unlike <c>Example.High.User</c>, never Example.High.Other.Thing; see High.User.</summary>
                public sealed class User
                {
                    // Example.High.Other is only a comment.
                    public string Text(Thing thing) => $"Example.High.User holds {thing} and {"Example.Low.Part.Piece"}, {{ High.User }}";
                }
                """),
        ]);

        Assert.That(problems, Is.Empty);
    }

    [TestCase("using Example.High;\n", "using Example.High")]
    [TestCase("using static Example.High.User;\n", "using Example.High.User")]
    [TestCase("", "Example.High.User", "public object? Value => default(Example.High.User);")]
    [TestCase("", "High.User", "public object? Value => default(High.User);")]
    [TestCase("", "Example.High.User", "public string Text(int x) => $\"{x} {typeof(Example.High.User)}\";")]
    public void A_Use_Against_The_Map_Is_Named_With_Its_File_And_How(string usings, string how, string member = "")
    {
        var problems = Map.Check(
        [
            File("High/User.cs", "namespace Example.High;\npublic sealed class User { }\n"),
            File("Low/Thing.cs", $"{usings}namespace Example.Low;\npublic sealed class Thing {{ {member} }}\n"),
        ]);

        Assert.That(problems, Has.One.StartsWith("Low/Thing.cs: Low uses High").And.Contain(how).And.Contain("no other folder"));
    }

    [Test]
    public void A_Type_Of_An_Enclosing_Folder_Named_Bare_Counts_As_A_Use()
    {
        var map = Map with { Allowed = new Dictionary<string, string[]> { ["Low"] = ["Low.Part"], ["Low.Part"] = [], ["High"] = ["Low"] } };

        var problems = map.Check(
        [
            File("Low/Thing.cs", "using Example.Low.Part;\nnamespace Example.Low;\npublic sealed class Thing { public Piece? Part { get; } }\n"),
            File("Low/Part/Piece.cs", "namespace Example.Low.Part;\npublic sealed class Piece { public Thing? Owner { get; } }\n"),
        ]);

        Assert.That(problems, Has.Some.Contains("Low/Part/Piece.cs: Low.Part uses Low (the type Thing)"));
    }

    [Test]
    public void A_Cycle_Is_Named_Whether_In_The_Code_Or_In_The_Map()
    {
        var cyclic = Map with { Allowed = new Dictionary<string, string[]> { ["Low"] = ["High"], ["Low.Part"] = [], ["High"] = ["Low"] } };

        var problems = cyclic.Check(
        [
            File("High/User.cs", "using Example.Low;\nnamespace Example.High;\npublic sealed class User { public Thing? Thing { get; } }\n"),
            File("Low/Thing.cs", "using Example.High;\nnamespace Example.Low;\npublic sealed class Thing { public User? User { get; } }\n"),
        ]);

        Assert.Multiple(() =>
        {
            Assert.That(problems, Has.Some.EqualTo("the map itself has a cycle: High -> Low -> High"));
            Assert.That(problems, Has.Some.EqualTo("the code has a cycle: High -> Low -> High"));
        });
    }

    [Test]
    public void A_Folder_Off_The_Map_Or_A_Namespace_Unlike_Its_Folder_Is_Named()
    {
        var problems = Map.Check(
        [
            File("Middle/Thing.cs", "namespace Example.Middle;\npublic sealed class Thing { }\n"),
            File("Low/Misplaced.cs", "namespace Example.High;\npublic sealed class Misplaced { }\n"),
        ]);

        Assert.Multiple(() =>
        {
            Assert.That(problems, Has.Some.StartsWith("Middle/Thing.cs: the folder Middle is not on the map"));
            Assert.That(problems, Has.Some.EqualTo("Low/Misplaced.cs: declares namespace Example.High, but its folder's namespace is Example.Low"));
        });
    }
}
