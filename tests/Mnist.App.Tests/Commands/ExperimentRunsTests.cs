using System.Text.Json.Nodes;
using Mnist.App.Cli;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Models;
using Mnist.Functional.Runs;

namespace Mnist.App.Tests.Commands;

/// <summary>An experiment script's runs are ordinary run folders in the experiment's folder, so <c>mnist runs</c> lists them and <c>compare</c> takes them.</summary>
[Category("RealData")]
public sealed class ExperimentRunsTests
{
    [Test]
    public async Task An_Experiments_Runs_Are_Listed_By_Mnist_Runs_With_The_Figures_The_Experiment_Got()
    {
        var temp = Directory.CreateTempSubdirectory("mnist-app-experiment-");
        try
        {
            // Given an experiment of two seeds, run as a script does, into the folder its --out names
            var folder = Experiment.FolderFor("seed-sweep", ExperimentScale.Quick, ["--quick", "--out", Path.Combine(temp.FullName, "seeds")], DateTimeOffset.Now);
            var scale = new ExperimentScale(TrainItems: 512, TestItems: 200, MaxEpochs: 1);
            using var mnist = await DataSources.LoadAsync(DatasetCatalog.Mnist);
            var accuracies = new List<double>();
            foreach (var seed in new[] { 1L, 2L })
            {
                using var run = Experiment.Run(RunSpec.Of(Zoo.Default, seed: seed) with { Threads = 1 }, mnist, scale, TextWriter.Null,
                    folder: Experiment.RunFolderFor(folder, $"seed-{seed}"), command: "dotnet run -c Release scripts/seed-sweep.cs -- --quick");
                accuracies.Add(run.Test!.Accuracy);
            }

            // When mnist runs lists the experiment's folder
            var listed = await AppRunner.RunAsync("runs", folder, "--json");
            var compared = await AppRunner.RunAsync("compare", Path.Combine(folder, "seed-1"), Path.Combine(folder, "seed-2"), "--out", Path.Combine(temp.FullName, "compare.html"));

            // Then it lists both runs, finished, with the accuracy each had, and compare takes them
            Assert.That(listed.ExitCode, Is.EqualTo(ExitCodes.Success), listed.Error);
            var runs = JsonNode.Parse(listed.Output)!["runs"]!.AsArray();
            Assert.Multiple(() =>
            {
                Assert.That(folder, Is.EqualTo(Path.Combine(temp.FullName, "seeds")));
                Assert.That(runs.Select(run => (string)run!["name"]!), Is.EquivalentTo(new[] { "seed-1", "seed-2" }));
                Assert.That(runs.Select(run => (string)run!["state"]!), Has.All.EqualTo("finished"));
                Assert.That(runs.OrderBy(run => (string)run!["name"]!).Select(run => (double)run!["test_accuracy"]!), Is.EqualTo(accuracies));
                Assert.That(compared.ExitCode, Is.EqualTo(ExitCodes.Success), compared.Error);
                Assert.That(File.ReadAllText(Path.Combine(temp.FullName, "compare.html")), Does.Contain("seed-2"));
            });
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    [Test]
    public void The_Experiments_Folder_Is_The_Ones_Out_Names_Else_A_New_One_And_A_Run_Is_Named_By_A_Plain_Folder_Name()
    {
        var at = new DateTimeOffset(2026, 11, 24, 22, 15, 3, TimeSpan.Zero);
        Assert.Multiple(() =>
        {
            Assert.That(Experiment.FolderFor("zoo", ExperimentScale.Full, ["fast", "--out", "mine"], at), Is.EqualTo("mine"));
            Assert.That(Experiment.FolderFor("zoo", ExperimentScale.Quick, ["--quick"], at), Is.EqualTo(ExperimentScale.Quick.FolderFor("zoo", at)));
            Assert.That(() => Experiment.FolderFor("zoo", ExperimentScale.Full, ["--out"], at), Throws.ArgumentException.With.Message.Contains("--out needs a folder"));
            Assert.That(Experiment.RunFolderFor("x", "01-fast"), Is.EqualTo(Path.Combine("x", "01-fast")));
            Assert.That(() => Experiment.RunFolderFor("x", "a/b"), Throws.ArgumentException);
            Assert.That(() => Experiment.RunFolderFor("x", ".."), Throws.ArgumentException);
        });
    }
}
