using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Mnist.App.Cli;
using Mnist.App.Tests.Serve;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Runs;
using Mnist.Functional.Testing;

namespace Mnist.App.Tests.Commands;

/// <summary>
/// The README's own-model example, word for word: its command lines, each <c>mnist</c> line in its own process in a folder
/// of its own, the ONNX Runtime program on the exported file, serve; and its C# as a real file-based program in a folder
/// outside the repository, referencing the library by the README's lines.
/// </summary>
[NonParallelizable]
[Category("RealData")]
public sealed partial class ReadmeOwnModelTests
{
    private const string Readme = "README.md";
    private const string Section = "**Your own model.**";
    // Where the README's script says the clone is: the test puts the repository's own path there.
    private const string Clone = "../Mnist.Functional/";
    private DirectoryInfo folder = null!;
    private Dataset mnist = null!;

    [OneTimeSetUp]
    public async Task MakeTheReadersFolder()
    {
        folder = Directory.CreateTempSubdirectory("mnist-app-readme-own-");
        mnist = await DataSources.LoadAsync(DatasetCatalog.Mnist);
    }

    [OneTimeTearDown]
    public void Clean()
    {
        mnist.Dispose();
        folder.Delete(recursive: true);
    }

    [Test]
    public async Task The_Readmes_Command_Lines_Train_Evaluate_Export_And_Serve_Their_Own_Model_And_Onnx_Runtime_Agrees()
    {
        // The lines as a reader types them, without their comments.
        var lines = ReadmeCode.Fenced(Readme, Section, 0).Split('\n').Select(line => Comment().Replace(line, "").Trim()).ToArray();
        Assert.That(lines.Select(line => string.Join(' ', line.Split(' ').Take(2))),
            Is.EqualTo(new[] { "mnist models", "mnist models", "mnist train", "mnist evaluate", "mnist export", "dotnet run", "mnist serve" }));

        foreach (var line in lines.Where(line => line.StartsWith("mnist ", StringComparison.Ordinal) && !line.StartsWith("mnist serve ", StringComparison.Ordinal)))
        {
            // "mnist ARGS > FILE" writes what the command prints to FILE, as the shell would.
            var (command, redirect) = (line.Split(" > ")[0], line.Split(" > ").ElementAtOrDefault(1));
            var result = await AppRunner.InOwnProcessInAsync(folder.FullName, [.. command.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)]);
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), $"{line}: {result.Error}");
            if (redirect is not null) File.WriteAllText(Path.Combine(folder.FullName, redirect), result.Output);
        }
        var run = Path.Combine(folder.FullName, "runs", "mine");

        // ONNX Runtime, by the README's own program, classifies the first test digits as the library does.
        var onnxLine = lines.Single(line => line.StartsWith("dotnet run ", StringComparison.Ordinal)).Split(' ');
        Assert.That(onnxLine[2..5], Is.EqualTo(new[] { "scripts/onnx-classify.cs", "--", "runs/mine/model.onnx" }));
        Assert.That(onnxLine[5], Is.EqualTo("~/.cache/mnist-functional/mnist/t10k-images-idx3-ubyte"), "the cache's test images (here: wherever this machine keeps them)");
        var count = int.Parse(onnxLine[6], CultureInfo.InvariantCulture);
        var output = Program(folder.FullName, TimeSpan.FromMinutes(10), "dotnet", "run", Path.Combine(Repository.Root(), onnxLine[2]), "--", onnxLine[4],
            mnist.Files!.PathOf(SplitKind.Test, IdxKind.Images), onnxLine[6]);
        using (var trained = TrainedModel.Load(Path.Combine(run, RunFolder.CheckpointName)))
        {
            var library = Run.EvaluateTest(trained, mnist).Test.Predicted.Take(count);
            Assert.That(ClassLine().Matches(output).Select(match => int.Parse(match.Groups["class"].Value, CultureInfo.InvariantCulture)), Is.EqualTo(library), output);
        }

        // serve, on the folder the README names, serves that model (it runs until stopped: here in process, on a free port).
        Assert.That(lines[^1], Is.EqualTo("mnist serve --checkpoint runs/mine"));
        var (address, _, stop, server) = await RunningServe.StartAsync(run);
        try
        {
            using var client = new HttpClient { BaseAddress = address };
            Assert.That((string?)JsonNode.Parse(await client.GetStringAsync("api/info"))!["model"], Is.EqualTo("mine"));
        }
        finally
        {
            await RunningServe.StopAsync(stop, server);
        }
    }

    [Test]
    public async Task The_Readmes_Csharp_Runs_From_Outside_The_Repository_And_Every_Command_Takes_Its_Folder()
    {
        var script = ReadmeCode.Blocks(Readme, Section)[0];
        var references = script.Split('\n').TakeWhile(line => line.StartsWith("#:", StringComparison.Ordinal)).ToArray();
        var libtorch = XDocument.Load(Path.Combine(Repository.Root(), "Directory.Packages.props")).Descendants("LibTorchVersion").Single().Value;
        Assert.That(references, Is.EqualTo(new[]
        {
            $"#:project {Clone}src/Mnist.Functional.Reports/Mnist.Functional.Reports.csproj",
            $"#:package libtorch-cpu-linux-x64@{libtorch}",
            "#:property PublishAot=false",
        }), "the report library (and through it the run pipeline), the engine of the version the repository builds with, and reflection-based JSON");

        // A folder outside the repository, the script in it with the clone's path made this repository's.
        var outside = Path.Combine(folder.FullName, "my-project");
        Directory.CreateDirectory(outside);
        Assert.That(Path.GetFullPath(outside), Does.Not.StartWith(Repository.Root()));
        File.WriteAllText(Path.Combine(outside, "mine.cs"), script.Replace(Clone, Repository.Root().TrimEnd('/') + "/", StringComparison.Ordinal));

        // Built once (about a minute), its output kept in the test's folder; libtorch linked from the package cache, not copied.
        var output = Program(outside, TimeSpan.FromMinutes(10), "dotnet", "run", "--artifacts-path", Path.Combine(outside, "artifacts"), "mine.cs");
        var evaluate = await AppRunner.InOwnProcessInAsync(outside, "evaluate", "--checkpoint", "runs/mine-cs", "--json");

        Assert.That(evaluate.ExitCode, Is.EqualTo(ExitCodes.Success), evaluate.Error);
        var accuracy = JsonNode.Parse(evaluate.Output)!["test"]!["accuracy"]!.GetValue<double>();
        Assert.Multiple(() =>
        {
            Assert.That(output.Trim(), Is.EqualTo($"test accuracy {accuracy:P2}: mnist evaluate --checkpoint runs/mine-cs"));
            Assert.That(RunJournal.Read(Path.Combine(outside, "runs", "mine-cs")).TestAccuracy, Is.EqualTo(accuracy));
            Assert.That(File.ReadAllText(Path.Combine(outside, "runs", "mine-cs", "report.html")), Does.Contain("mine-cs"), "the run wrote its report");
        });
    }

    // A program run to its end in a folder, what it printed; the dotnet builds link libtorch from the package cache instead of copying it.
    private static string Program(string workingDirectory, TimeSpan limit, string program, params string[] arguments) =>
        ExternalProgram.Run(program, arguments, workingDirectory, limit, new Dictionary<string, string> { ["CreateHardLinksForCopyLocalIfPossible"] = "true" });

    [GeneratedRegex(@"\s+#.*$")]
    private static partial Regex Comment();

    [GeneratedRegex(@"^digit \d+: class (?<class>\d)", RegexOptions.Multiline)]
    private static partial Regex ClassLine();
}
