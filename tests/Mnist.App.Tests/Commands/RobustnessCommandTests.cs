using System.Text.Json.Nodes;
using Mnist.App.Cli;

namespace Mnist.App.Tests.Commands;

public sealed class RobustnessCommandTests
{
    [Test]
    [Category("RealData")]
    public async Task A_quick_look_prints_every_figure_and_writes_the_page()
    {
        var checkpoint = Path.Combine(await TrainedRun.FolderAsync(), "checkpoint");
        var page = Path.Combine(Directory.CreateTempSubdirectory("mnist-robustness-").FullName, "page.html");

        var result = await AppRunner.RunAsync("robustness", "--checkpoint", checkpoint, "--quick", "--report", page, "--json");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
        var report = JsonNode.Parse(result.Output)!.AsObject();
        var fgsm = report["fgsm"]!.AsArray().Select(row => row!["accuracy"]!.GetValue<double>()).ToArray();
        var pgd = report["pgd"]!.AsArray().Select(row => row!["accuracy"]!.GetValue<double>()).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(report["test_items"]!.GetValue<long>(), Is.EqualTo(1000));
            Assert.That(report["corruptions"]!.AsArray(), Has.Count.EqualTo(15));
            Assert.That(report["settings"]!["pgd_steps"]!.GetValue<int>(), Is.EqualTo(10));
            Assert.That(fgsm, Has.Length.EqualTo(2));
            Assert.That(pgd.Zip(fgsm).All(pair => pair.First <= pair.Second), Is.True, "PGD never weaker than FGSM");
            Assert.That(report["clean_accuracy"]!.GetValue<double>(), Is.GreaterThan(fgsm[0]));
            Assert.That(File.ReadAllText(page), Does.Contain("Accuracy against ε").And.Contain("canny_edges").And.Contain("data:image/png;base64,"));
        });
    }

    [Test]
    public async Task A_checkpoint_that_is_not_there_is_refused_with_exit_2()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-run-" + Guid.NewGuid().ToString("N"));
        var result = await AppRunner.RunAsync("robustness", "--checkpoint", missing);
        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError));
        Assert.That(result.Error, Does.Contain(missing));
    }

    [Test]
    [Category("RealData")]
    public async Task A_report_in_a_missing_folder_is_refused_before_any_work()
    {
        var checkpoint = Path.Combine(await TrainedRun.FolderAsync(), "checkpoint");
        var page = Path.Combine(Path.GetTempPath(), "no-such-folder-" + Guid.NewGuid().ToString("N"), "page.html");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = await AppRunner.RunAsync("robustness", "--checkpoint", checkpoint, "--report", page);
        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError));
        Assert.That(result.Error, Does.Contain("--report").And.Contain("does not exist"));
        Assert.That(clock.Elapsed.TotalSeconds, Is.LessThan(60), "refused before the measurements");
    }

    [TestCase("--steps", "0")]
    [TestCase("--restarts", "many")]
    public async Task Numbers_out_of_range_are_usage_errors(string option, string value)
    {
        var result = await AppRunner.RunAsync("robustness", "--checkpoint", "runs/x", option, value);
        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.UsageError));
        Assert.That(result.Error, Does.Contain(option));
    }
}
