using System.Text.Json.Nodes;
using Mnist.App.Cli;
using Mnist.Functional.Layers;
using Mnist.Functional.Models;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Optimizers.Schedules;
using Mnist.Functional.Optimizers.Transforms;
using Mnist.Functional.Testing;

namespace Mnist.App.Tests.Commands;

/// <summary><c>train --model-file</c> and <c>--optimizer-file</c>: a model and an optimizer as files, checked before anything is trained.</summary>
[Category("RealData")]
public sealed class TrainModelFileTests
{
    private TempFolder temp = null!;

    [SetUp]
    public void MakeFolder() => temp = new TempFolder();

    [TearDown]
    public void DeleteFolder() => temp.Dispose();

    // fast is the default model, whose recipe a file in no zoo trains with; robust's recipe is another, adversarial training included.
    [TestCase("fast")]
    [TestCase("robust")]
    public async Task A_Zoo_Models_Printed_Architecture_Trains_To_The_Same_Figures_As_The_Zoo_Model(string name)
    {
        var file = Path.Combine(temp.Path, $"{name}.json");
        var printed = await AppRunner.InOwnProcessAsync("models", "--architecture", name);
        File.WriteAllText(file, printed.Output);

        var fromFile = await AppRunner.InOwnProcessAsync("train", "--model-file", file, "--quick", "--json", "--out", Path.Combine(temp.Path, "file"));
        var fromZoo = await AppRunner.InOwnProcessAsync("train", "--model", name, "--quick", "--json", "--out", Path.Combine(temp.Path, "zoo"));

        Assert.That(fromFile.ExitCode, Is.EqualTo(ExitCodes.Success), fromFile.Error);
        Assert.That(fromZoo.ExitCode, Is.EqualTo(ExitCodes.Success), fromZoo.Error);
        var (a, b) = (JsonNode.Parse(fromFile.Output)!, JsonNode.Parse(fromZoo.Output)!);
        Assert.Multiple(() =>
        {
            Assert.That((double?)a["test"]!["accuracy"], Is.EqualTo((double?)b["test"]!["accuracy"]));
            Assert.That((double?)a["test"]!["loss"], Is.EqualTo((double?)b["test"]!["loss"]));
            Assert.That(File.ReadAllText(Path.Combine(temp.Path, "file", "run.json")), Does.Contain($"\"command\": \"mnist train --model-file {file} "));
            Assert.That(Mnist.Functional.Runs.Run.SpecOf(Path.Combine(temp.Path, "file", "checkpoint")).Recipe,
                Is.EqualTo(Mnist.Functional.Runs.Run.SpecOf(Path.Combine(temp.Path, "zoo", "checkpoint")).Recipe), "the zoo model's own recipe");
        });
    }

    [Test]
    public async Task An_Optimizer_File_Trains_And_The_Run_Keeps_Its_Plan()
    {
        var plan = new OptimizerPlan([new ClipByGlobalNorm(1), new Trace(0.9, Nesterov: true)], new SchedulePlan.OneCycle(0.1));
        var file = Path.Combine(temp.Path, "clipped.json");
        File.WriteAllText(file, OptimizerJson.Write(plan));
        var run = Path.Combine(temp.Path, "run");

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

    [Test]
    public async Task A_Plan_Whose_Lengths_Are_Its_Own_Resumes_To_More_Epochs_As_If_Planned_That_Long_And_One_Spanning_The_Run_Is_Refused()
    {
        string File(string name, OptimizerPlan plan)
        {
            var path = Path.Combine(temp.Path, name);
            System.IO.File.WriteAllText(path, OptimizerJson.Write(plan));
            return path;
        }
        var steady = File("steady.json", new OptimizerPlan([new ClipByGlobalNorm(1), new Trace(0.9, Nesterov: true)], new SchedulePlan.StepDecay(0.05, Duration.Epochs(1), 0.5)));
        var cycle = File("cycle.json", new OptimizerPlan([new Trace(0.9)], new SchedulePlan.OneCycle(0.1)));
        string[] Train(string plan, int epochs, string run) =>
            ["train", "--model", "mlp", "--optimizer-file", plan, "--train-items", "512", "--test-items", "200", "--epochs", $"{epochs}", "--json", "--out", Path.Combine(temp.Path, run)];

        var straight = await AppRunner.InOwnProcessAsync(Train(steady, 2, "straight"));
        var first = await AppRunner.InOwnProcessAsync(Train(steady, 1, "resumed"));
        var resumed = await AppRunner.InOwnProcessAsync("train", "--resume", Path.Combine(temp.Path, "resumed", "checkpoint"), "--epochs", "2", "--json");
        var cycled = await AppRunner.InOwnProcessAsync(Train(cycle, 1, "cycled"));
        var refused = await AppRunner.InOwnProcessAsync("train", "--resume", Path.Combine(temp.Path, "cycled", "checkpoint"), "--epochs", "2");

        Assert.Multiple(() =>
        {
            Assert.That(straight.ExitCode, Is.EqualTo(ExitCodes.Success), straight.Error);
            Assert.That(first.ExitCode, Is.EqualTo(ExitCodes.Success), first.Error);
            Assert.That(resumed.ExitCode, Is.EqualTo(ExitCodes.Success), resumed.Error);
            Assert.That((double?)JsonNode.Parse(resumed.Output)?["test"]?["loss"], Is.EqualTo((double?)JsonNode.Parse(straight.Output)?["test"]?["loss"]), "to the bit");
            Assert.That((double?)JsonNode.Parse(resumed.Output)?["test"]?["accuracy"], Is.EqualTo((double?)JsonNode.Parse(straight.Output)?["test"]?["accuracy"]));
            Assert.That(cycled.ExitCode, Is.EqualTo(ExitCodes.Success), cycled.Error);
            Assert.That(refused.ExitCode, Is.EqualTo(ExitCodes.InputError));
            Assert.That(refused.Error, Does.Contain("trains with an optimizer plan (").And.Contain("whose learning rate spans the run's 1 planned epoch, so training it to 2 epochs is not the same run")
                .And.Contain("give the plan's schedule its length in steps or epochs"));
            Assert.That(refused.Error, Does.Not.Contain("--schedule"), "a plan's schedule is not a --schedule name");
        });
    }

    [Test]
    public async Task A_Wrong_Optimizer_File_Is_Refused_Before_Training_With_The_Field_Named()
    {
        var file = Path.Combine(temp.Path, "wrong.json");
        File.WriteAllText(file, """{ "version": 1, "transforms": [{ "kind": "clip_by_global_norm", "max_norm": 1 }, { "kind": "lookahead" }], "learning_rate": 0.1 }""");

        var result = await AppRunner.RunAsync("train", "--optimizer-file", file, "--out", Path.Combine(temp.Path, "run"));

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError));
            Assert.That(result.Error, Does.Contain($"{file}: the field 'transforms[1].kind' must be one of "));
            Assert.That(Directory.Exists(Path.Combine(temp.Path, "run")), Is.False, "nothing was started");
        });
    }

    [Test]
    public async Task A_Wrong_Architecture_File_Is_Refused_Before_Training_With_The_Field_Named()
    {
        var file = Path.Combine(temp.Path, "wrong.json");
        File.WriteAllText(file, ArchitectureJson.Write(Zoo.Mlp.Network).Replace("\"out_features\": 512", "\"out_features\": 0", StringComparison.Ordinal));

        var result = await AppRunner.RunAsync("train", "--model-file", file, "--out", Path.Combine(temp.Path, "run"));

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError));
            Assert.That(result.Error, Does.Contain($"{file}: ").And.Contain("layers[1].out_features"));
            Assert.That(Directory.Exists(Path.Combine(temp.Path, "run")), Is.False, "nothing was started");
        });
    }
}
