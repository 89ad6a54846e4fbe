using System.Text.Json.Nodes;
using Mnist.App.Cli;

namespace Mnist.App.Tests.Commands;

[Category("RealData")]
public sealed class EvaluateCommandTests
{
    [Test]
    public async Task Evaluate_Gives_Exactly_The_Accuracy_Training_Reported()
    {
        var trained = await TrainedRun.MetricsAsync();
        var checkpoint = Path.Combine(await TrainedRun.FolderAsync(), "checkpoint");

        var result = await AppRunner.RunAsync("evaluate", "--checkpoint", checkpoint, "--json");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
        var metrics = JsonNode.Parse(result.Output)!.AsObject();
        Assert.Multiple(() =>
        {
            Assert.That(metrics["test"]!["accuracy"]!.GetValue<double>(), Is.EqualTo(trained["test"]!["accuracy"]!.GetValue<double>()));
            Assert.That(metrics["test"]!["loss"]!.GetValue<double>(), Is.EqualTo(trained["test"]!["loss"]!.GetValue<double>()).Within(1e-9));
            Assert.That(metrics["test"]!["per_class"]!.AsArray(), Has.Count.EqualTo(10));
            Assert.That(metrics.Select(field => field.Key), Has.None.EqualTo("training"), "a checkpoint alone has no training: the fields are left out");
            Assert.That(metrics["timing"]!["evaluation_seconds"]!.GetValue<double>(), Is.GreaterThan(0));
        });
    }

    [Test]
    public async Task Evaluate_Prints_Accuracy_Per_Class_Metrics_And_The_Confusion_Matrix()
    {
        var checkpoint = Path.Combine(await TrainedRun.FolderAsync(), "checkpoint");

        var result = await AppRunner.RunAsync("evaluate", "--checkpoint", checkpoint);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
            Assert.That(result.Output, Does.Contain("test accuracy").And.Contain("precision").And.Contain("confusion matrix"));
        });
    }

    [Test]
    public async Task A_Missing_Checkpoint_Says_What_To_Pass()
    {
        var result = await AppRunner.RunAsync("evaluate", "--checkpoint", "/nonexistent/run");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError));
            Assert.That(result.Error, Does.Contain("There is no run folder or checkpoint folder at /nonexistent/run"));
            Assert.That(result.Error, Does.Not.Contain("   at "));
        });
    }

    [Test]
    public async Task A_Checkpoint_That_Does_Not_Fit_Its_Model_Names_The_Tensors()
    {
        var folder = Directory.CreateTempSubdirectory("mnist-app-mismatch-").FullName;
        try
        {
            var source = Path.Combine(await TrainedRun.FolderAsync(), "checkpoint");
            var copy = Path.Combine(folder, "checkpoint");
            Directory.CreateDirectory(copy);
            foreach (var file in Directory.GetFiles(source)) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
            var manifest = Path.Combine(copy, "checkpoint.json");
            // A manifest that names another zoo model and, as one written before architectures were saved, none of its own.
            var document = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(manifest))!;
            var config = document["metadata"]!["config"]!.AsObject();
            config["model"] = "lenet5";
            config.Remove("architecture");
            File.WriteAllText(manifest, document.ToJsonString());

            var result = await AppRunner.RunAsync("evaluate", "--checkpoint", copy);

            Assert.Multiple(() =>
            {
                Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError));
                Assert.That(result.Error, Does.Contain("does not match the model").And.Contain("missing 0.weight [6, 1, 5, 5]"));
            });
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
