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
    // fast is the default model, whose recipe a file in no zoo trains with; robust's recipe is another, adversarial training included.
    [TestCase("fast")]
    [TestCase("robust")]
    public async Task A_Zoo_Models_Printed_Architecture_Trains_To_The_Same_Figures_As_The_Zoo_Model(string name)
    {
        var folder = Directory.CreateTempSubdirectory("mnist-app-model-file-");
        try
        {
            var file = Path.Combine(folder.FullName, $"{name}.json");
            var printed = await AppRunner.InOwnProcessAsync("models", "--architecture", name);
            File.WriteAllText(file, printed.Output);

            var fromFile = await AppRunner.InOwnProcessAsync("train", "--model-file", file, "--quick", "--json", "--out", Path.Combine(folder.FullName, "file"));
            var fromZoo = await AppRunner.InOwnProcessAsync("train", "--model", name, "--quick", "--json", "--out", Path.Combine(folder.FullName, "zoo"));

            Assert.That(fromFile.ExitCode, Is.EqualTo(ExitCodes.Success), fromFile.Error);
            Assert.That(fromZoo.ExitCode, Is.EqualTo(ExitCodes.Success), fromZoo.Error);
            var (a, b) = (JsonNode.Parse(fromFile.Output)!, JsonNode.Parse(fromZoo.Output)!);
            Assert.Multiple(() =>
            {
                Assert.That((double?)a["test"]!["accuracy"], Is.EqualTo((double?)b["test"]!["accuracy"]));
                Assert.That((double?)a["test"]!["loss"], Is.EqualTo((double?)b["test"]!["loss"]));
                Assert.That(File.ReadAllText(Path.Combine(folder.FullName, "file", "run.json")), Does.Contain($"\"command\": \"mnist train --model-file {file} "));
                Assert.That(Mnist.Functional.Runs.Run.SpecOf(Path.Combine(folder.FullName, "file", "checkpoint")).Recipe,
                    Is.EqualTo(Mnist.Functional.Runs.Run.SpecOf(Path.Combine(folder.FullName, "zoo", "checkpoint")).Recipe), "the zoo model's own recipe");
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
    public async Task A_Wrong_Optimizer_File_Is_Refused_Before_Training_With_The_Field_Named()
    {
        var folder = Directory.CreateTempSubdirectory("mnist-app-optimizer-file-");
        try
        {
            var file = Path.Combine(folder.FullName, "wrong.json");
            File.WriteAllText(file, """{ "version": 1, "transforms": [{ "kind": "clip_by_global_norm", "max_norm": 1 }, { "kind": "lookahead" }], "learning_rate": 0.1 }""");

            var result = await AppRunner.RunAsync("train", "--optimizer-file", file, "--out", Path.Combine(folder.FullName, "run"));

            Assert.Multiple(() =>
            {
                Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError));
                Assert.That(result.Error, Does.Contain($"{file}: the field 'transforms[1].kind' must be one of "));
                Assert.That(Directory.Exists(Path.Combine(folder.FullName, "run")), Is.False, "nothing was started");
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
