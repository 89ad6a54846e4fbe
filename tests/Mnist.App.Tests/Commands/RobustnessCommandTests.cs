using System.Text.Json.Nodes;
using Mnist.App.Cli;

namespace Mnist.App.Tests.Commands;

public sealed class RobustnessCommandTests
{
    private DirectoryInfo scratch = null!;

    [SetUp]
    public void CreateScratch() => scratch = Directory.CreateTempSubdirectory("mnist-robustness-");

    [TearDown]
    public void DeleteScratch() => scratch.Delete(recursive: true);

    [Test]
    [Category("RealData")]
    public async Task A_quick_look_prints_every_figure_and_writes_the_page()
    {
        var checkpoint = Path.Combine(await TrainedRun.FolderAsync(), "checkpoint");
        var page = Path.Combine(scratch.FullName, "page.html");

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
    [Category("RealData")]
    public async Task A_quick_look_takes_the_steps_it_is_given()
    {
        var checkpoint = Path.Combine(await TrainedRun.FolderAsync(), "checkpoint");

        var result = await AppRunner.RunAsync("robustness", "--checkpoint", checkpoint, "--quick", "--steps", "3", "--report", Path.Combine(scratch.FullName, "steps.html"), "--json");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
        Assert.That(JsonNode.Parse(result.Output)!["settings"]!["pgd_steps"]!.GetValue<int>(), Is.EqualTo(3), "--steps is not overruled by --quick's 10");
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
    public async Task A_report_whose_folder_cannot_be_made_is_refused_before_any_work()
    {
        var checkpoint = Path.Combine(await TrainedRun.FolderAsync(), "checkpoint");
        var file = Path.Combine(scratch.FullName, "file");
        await File.WriteAllTextAsync(file, "");
        var page = Path.Combine(file, "page.html");

        var result = await AppRunner.RunAsync("robustness", "--checkpoint", checkpoint, "--report", page);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError), result.Error);
            Assert.That(result.Error, Does.StartWith($"error: --report: the folder {file} cannot be made, because {file} is a file."));
            Assert.That(result.Error, Does.Not.Contain("measuring"), "refused before any work");
        });
    }

    [TestCase("--steps", "0")]
    [TestCase("--restarts", "many")]
    public async Task Numbers_out_of_range_are_usage_errors(string option, string value)
    {
        var result = await AppRunner.RunAsync("robustness", "--checkpoint", "runs/x", option, value);
        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.UsageError));
        Assert.That(result.Error, Does.Contain(option));
    }

    [TestCase("run.json")]
    [TestCase("checkpoint/page.html")]
    [Category("RealData")]
    public async Task A_report_onto_what_a_run_holds_is_refused_and_the_run_is_untouched(string target)
    {
        var run = await TrainedRun.FolderAsync();
        var record = await File.ReadAllBytesAsync(Path.Combine(run, "run.json"));

        var result = await AppRunner.RunAsync("robustness", "--checkpoint", run, "--report", Path.Combine(run, target), "--force");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError), result.Error);
            Assert.That(result.Error, Does.StartWith("error: --report: ").And.Contain("no command writes over what a run holds"));
            Assert.That(result.Error, Does.Not.Contain("measuring"), "refused before any work");
            Assert.That(File.ReadAllBytes(Path.Combine(run, "run.json")), Is.EqualTo(record), "the run's record is kept");
            Assert.That(File.Exists(Path.Combine(run, "checkpoint", "page.html")), Is.False);
        });
    }

    [Test]
    [Category("RealData")]
    public async Task An_existing_file_is_replaced_only_with_force()
    {
        var page = Path.Combine(scratch.FullName, "page.html");
        await File.WriteAllTextAsync(page, "keep me");

        var result = await AppRunner.RunAsync("robustness", "--checkpoint", await TrainedRun.FolderAsync(), "--report", page);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError), result.Error);
            Assert.That(result.Error, Does.Contain("--report: ").And.Contain("exists already").And.Contain("--force"));
            Assert.That(result.Error, Does.Not.Contain("measuring"), "refused before any work");
            Assert.That(File.ReadAllText(page), Is.EqualTo("keep me"));
        });
    }

    [Test]
    [Category("RealData")]
    public async Task A_report_in_a_folder_that_takes_no_file_is_refused_before_any_work()
    {
        // sysfs takes no new file, even from root: a folder that exists but cannot be written to, on any Linux.
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/sys/kernel"))
            Assert.Ignore("needs Linux's /sys");

        var result = await AppRunner.RunAsync("robustness", "--checkpoint", await TrainedRun.FolderAsync(), "--report", "/sys/kernel/robustness.html");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError), result.Error);
            Assert.That(result.Error, Does.StartWith("error: --report: /sys/kernel/robustness.html cannot be written"));
            Assert.That(result.Error, Does.Not.Contain("measuring"), "refused before any work");
        });
    }

    [Test]
    [Category("RealData")]
    public async Task A_model_that_ends_in_a_softmax_is_refused_before_any_work()
    {
        // A network of one's own may end in a softmax, and trains; the cross-entropy of probabilities taken as logits is
        // nearly flat, so the attacks would report a robustness the model does not have.
        var folder = scratch.FullName;
        var architecture = Path.Combine(folder, "softmax.json");
        await File.WriteAllTextAsync(architecture, """
            { "version": 1, "kind": "sequential", "layers": [
              { "kind": "flatten" }, { "kind": "linear", "in_features": 784, "out_features": 10 }, { "kind": "softmax" } ] }
            """);
        var run = Path.Combine(folder, "run");
        var trained = await AppRunner.RunAsync("train", "--quick", "--model-file", architecture, "--out", run);
        Assert.That(trained.ExitCode, Is.EqualTo(ExitCodes.Success), trained.Error);

        var result = await AppRunner.RunAsync("robustness", "--checkpoint", run, "--quick");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError), result.Error);
            Assert.That(result.Error, Does.Contain("it ends in a softmax"));
            Assert.That(result.Error, Does.Not.Contain("measuring"), "refused before any work");
        });
    }
}
