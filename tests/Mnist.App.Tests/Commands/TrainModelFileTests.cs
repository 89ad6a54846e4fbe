using System.Text.Json.Nodes;
using Mnist.App.Cli;
using Mnist.Functional.Layers;
using Mnist.Functional.Models;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Optimizers.Schedules;
using Mnist.Functional.Optimizers.Transforms;

namespace Mnist.App.Tests.Commands;

/// <summary><c>train --model-file</c> and <c>--optimizer-file</c>: a model and an optimizer as files, checked before anything is trained.</summary>
[Category("RealData")]
public sealed class TrainModelFileTests
{
    [Test]
    public async Task A_Zoo_Models_Printed_Architecture_Trains_To_The_Same_Figures_As_The_Zoo_Model()
    {
        var folder = Directory.CreateTempSubdirectory("mnist-app-model-file-");
        try
        {
            var file = Path.Combine(folder.FullName, "fast.json");
            File.WriteAllText(file, (await AppRunner.RunAsync("models", "--architecture", "fast")).Output);

            var fromFile = await AppRunner.RunAsync("train", "--model-file", file, "--quick", "--json", "--out", Path.Combine(folder.FullName, "file"));
            var fromZoo = await AppRunner.RunAsync("train", "--model", "fast", "--quick", "--json", "--out", Path.Combine(folder.FullName, "zoo"));

            Assert.That(fromFile.ExitCode, Is.EqualTo(ExitCodes.Success), fromFile.Error);
            var (a, b) = (JsonNode.Parse(fromFile.Output)!, JsonNode.Parse(fromZoo.Output)!);
            Assert.Multiple(() =>
            {
                Assert.That((double?)a["test"]!["accuracy"], Is.EqualTo((double?)b["test"]!["accuracy"]));
                Assert.That((double?)a["test"]!["loss"], Is.EqualTo((double?)b["test"]!["loss"]));
                Assert.That(File.ReadAllText(Path.Combine(folder.FullName, "file", "run.json")), Does.Contain($"\"command\": \"mnist train --model-file {file} "));
            });
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public async Task An_Optimizer_File_Trains_And_The_Run_Keeps_Its_Plan()
    {
        var folder = Directory.CreateTempSubdirectory("mnist-app-optimizer-file-");
        try
        {
            var plan = new OptimizerPlan([new ClipByGlobalNorm(1), new Trace(0.9, Nesterov: true)], new SchedulePlan.OneCycle(0.1));
            var file = Path.Combine(folder.FullName, "clipped.json");
            File.WriteAllText(file, OptimizerJson.Write(plan));
            var run = Path.Combine(folder.FullName, "run");

            var result = await AppRunner.RunAsync("train", "--model", "mlp", "--optimizer-file", file, "--quick", "--out", run);
            var both = await AppRunner.RunAsync("train", "--optimizer", "adam", "--optimizer-file", file, "--quick");

            Assert.Multiple(() =>
            {
                Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
                Assert.That(Mnist.Functional.Runs.Run.SpecOf(Path.Combine(run, "checkpoint")).Recipe.Plan, Is.EqualTo(plan));
                Assert.That(both.ExitCode, Is.EqualTo(ExitCodes.UsageError));
                Assert.That(both.Error, Does.Contain("--optimizer and --optimizer-file both say what to train with"));
            });
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public async Task A_Wrong_Architecture_File_Is_Refused_Before_Training_With_The_Field_Named()
    {
        var folder = Directory.CreateTempSubdirectory("mnist-app-model-file-");
        try
        {
            var file = Path.Combine(folder.FullName, "wrong.json");
            File.WriteAllText(file, ArchitectureJson.Write(Zoo.Mlp.Network).Replace("\"out_features\": 512", "\"out_features\": 0", StringComparison.Ordinal));

            var result = await AppRunner.RunAsync("train", "--model-file", file, "--out", Path.Combine(folder.FullName, "run"));

            Assert.Multiple(() =>
            {
                Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError));
                Assert.That(result.Error, Does.Contain($"{file}: ").And.Contain("layers[1].out_features"));
                Assert.That(Directory.Exists(Path.Combine(folder.FullName, "run")), Is.False, "nothing was started");
            });
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
