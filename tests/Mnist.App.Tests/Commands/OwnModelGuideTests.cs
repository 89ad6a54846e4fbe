using Mnist.App.Cli;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Models;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Optimizers.Schedules;
using Mnist.Functional.Reports;
using Mnist.Functional.Runs;
using Mnist.Functional.Testing;
using static Mnist.Functional.Layers.Nn;

namespace Mnist.App.Tests.Commands;

/// <summary>docs/own-model.md's worked example as written: its architecture file, the summary and the refusal it prints, and its C# run, whose folder every command it lists then takes.</summary>
[NonParallelizable]
[Category("RealData")]
public sealed class OwnModelGuideTests
{
    private const string Guide = "docs/own-model.md";
    private const string CommandLine = "## From the command line";
    private const string ThisFile = "tests/Mnist.App.Tests/Commands/OwnModelGuideTests.cs";
    private DirectoryInfo folder = null!;

    [OneTimeSetUp]
    public void WriteTheGuidesArchitectureFile()
    {
        folder = Directory.CreateTempSubdirectory("mnist-app-own-guide-");
        File.WriteAllText(Path.Combine(folder.FullName, "mine.json"), ReadmeCode.Fenced(Guide, CommandLine, 1) + "\n");
    }

    [OneTimeTearDown]
    public void Clean() => folder.Delete(recursive: true);

    // A line of the guide, "mnist ARGS…", run as its own process in the guide's folder, so its relative paths are the guide's.
    private Task<(int ExitCode, string Output, string Error)> Command(string line) =>
        AppRunner.InOwnProcessInAsync(folder.FullName, [.. line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)]);

    [Test]
    public async Task The_Summary_And_The_Refusal_Of_A_Wrong_Shape_Are_The_Guides_Word_For_Word()
    {
        var wrong = ReadmeCode.Fenced(Guide, CommandLine, 1).Replace("\"in_features\": 3136", "\"in_features\": 3000", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(folder.FullName, "wrong.json"), wrong);

        var summary = await Command("mnist models --summary --model-file mine.json");
        var refused = await Command("mnist models --summary --model-file wrong.json");

        Assert.Multiple(() =>
        {
            Assert.That(summary.ExitCode, Is.EqualTo(ExitCodes.Success), summary.Error);
            Assert.That(summary.Output.ReplaceLineEndings("\n").TrimEnd('\n'), Is.EqualTo(ReadmeCode.Fenced(Guide, CommandLine, 2)));
            Assert.That(refused.ExitCode, Is.EqualTo(ExitCodes.InputError));
            Assert.That(refused.Error.ReplaceLineEndings("\n").Split('\n'), Does.Contain(ReadmeCode.Fenced(Guide, CommandLine, 3)), "the message, among the engine's own warnings");
        });
    }

    private static async Task TrainMine()
    {
        // Guide: From C#
        var net = Sequential(
            Conv2d(1, 8, 3, padding: 1), BatchNorm2d(8), LeakyRelu(0.1),
            Residual(Sequential(Conv2d(8, 8, 3, padding: 1), BatchNorm2d(8), LeakyRelu(0.1))),
            AvgPool2d(2), Flatten(), Linear(8 * 14 * 14, 10));
        var mine = new ZooModel("mine", "my own net", net, new Recipe(OptimizerKind.Adam, 1e-3, ScheduleKind.Constant, BatchSize: 128, Epochs: 1));
        using var mnist = await DataSources.LoadAsync(DatasetCatalog.Mnist);
        using var run = Run.Execute(RunSpec.Of(mine) with { TrainItems = 1024, TestItems = 500, Folder = "runs/mine" }, mnist);
        // Guide: end
    }

    [Test]
    public async Task The_Csharp_Run_Makes_A_Folder_That_Every_Command_The_Guide_Lists_Takes()
    {
        // The guide's C#, line for line: its using directives are this file's, the rest is TrainMine's body.
        var guide = ReadmeCode.Lines(ReadmeCode.Blocks(Guide, "## From C#")[0]);
        var usings = guide.TakeWhile(line => line.StartsWith("using ", StringComparison.Ordinal)).ToArray();
        Assert.That(guide.Skip(usings.Length).SkipWhile(string.IsNullOrEmpty), Is.EqualTo(ReadmeCode.Lines(ReadmeCode.Region(ThisFile, "// Guide: From C#", "// Guide: end"))));
        Assert.That(File.ReadAllLines(Path.Combine(Repository.Root(), ThisFile)), Is.SupersetOf(usings));

        // Run in the guide's folder, where its relative "runs/mine" lands.
        var here = Environment.CurrentDirectory;
        Environment.CurrentDirectory = folder.FullName;
        try
        {
            await TrainMine();
        }
        finally
        {
            Environment.CurrentDirectory = here;
        }
        using (var mnist = await DataSources.LoadAsync(DatasetCatalog.Mnist))
            File.WriteAllBytes(Path.Combine(folder.FullName, "my-digit.png"), GreyPng.Encode(mnist.Test.Images[0].contiguous().data<byte>().ToArray(), 28, 28));

        // Every command of the guide's list but serve, which runs until stopped (ServeOwnModelTests serves such a model).
        var commands = ReadmeCode.Fenced(Guide, CommandLine, 5).Split('\n').Where(line => !line.StartsWith("mnist serve ", StringComparison.Ordinal)).ToArray();
        Assert.That(commands, Has.Length.EqualTo(4));
        Assert.Multiple(async () =>
        {
            foreach (var line in commands)
            {
                var result = await Command(line);
                Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), $"{line}: {result.Error}");
            }
        });
        Assert.That(RunJournal.Read(Path.Combine(folder.FullName, "runs", "mine")).EpochsCompleted, Is.EqualTo(2), "train --resume … --epochs 2 took the run to its second epoch");
    }
}
