using Mnist.App.Cli;

namespace Mnist.App.Tests.Commands;

/// <summary>
/// No command that writes a file the user names destroys what a run holds (its checkpoint, record, report, metrics),
/// whatever option it is given, and none replaces an existing file unless asked with <c>--force</c>.
/// </summary>
[Category("RealData")]
public sealed class RunOutputsTests
{
    private static async Task<(string Run, Dictionary<string, byte[]> Before)> RunAndItsFilesAsync()
    {
        var run = await TrainedRun.FolderAsync();
        var files = Directory.EnumerateFiles(run, "*", SearchOption.AllDirectories)
            .Where(file => !file.EndsWith(".onnx", StringComparison.Ordinal))
            .ToDictionary(file => file, File.ReadAllBytes);
        return (run, files);
    }

    private static void AssertUntouched(Dictionary<string, byte[]> before)
    {
        foreach (var (file, bytes) in before)
            Assert.That(File.ReadAllBytes(file), Is.EqualTo(bytes), $"{file} was changed");
    }

    [TestCase("checkpoint/model.safetensors", "the checkpoint in")]
    [TestCase("checkpoint/checkpoint.json", "the checkpoint in")]
    [TestCase("run.json", "the run's record (run.json)")]
    [TestCase("metrics.json", "the run's metrics (metrics.json)")]
    [TestCase("report.html", "the run's report (report.html)")]
    [TestCase("checkpoint.7.tmp", "the checkpoint in")]
    [TestCase(".checkpoint.lock", "part of the checkpoint of the run")]
    [TestCase(".run.lock", "the run's lock (.run.lock)")]
    public async Task Export_Onto_Anything_A_Run_Holds_Is_Refused_Even_With_Force(string part, string said)
    {
        var (run, before) = await RunAndItsFilesAsync();

        var plain = await AppRunner.RunAsync("export", "--checkpoint", run, "--out", Path.Combine(run, part));
        var forced = await AppRunner.RunAsync("export", "--checkpoint", run, "--out", Path.Combine(run, part), "--force");

        Assert.Multiple(() =>
        {
            foreach (var result in new[] { plain, forced })
            {
                Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError), result.Error);
                Assert.That(result.Error, Does.StartWith($"error: --out: {Path.Combine(run, part)}").And.Contain(said).And.Contain("no command writes over what a run holds"));
            }
            AssertUntouched(before);
        });
    }

    [TestCase("checkpoint/checkpoint.json")]
    [TestCase("report.html")]
    [TestCase("run.json")]
    public async Task Compare_Onto_A_Runs_Files_Is_Refused_Before_Any_Work(string part)
    {
        var (run, before) = await RunAndItsFilesAsync();

        var result = await AppRunner.RunAsync("compare", run, run, "--out", Path.Combine(run, part), "--force");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError), result.Error);
            Assert.That(result.Error, Does.Contain("no command writes over what a run holds"));
            Assert.That(result.Output, Is.Empty, "refused before any work");
            AssertUntouched(before);
        });
    }

    [Test]
    public async Task A_Link_To_A_Runs_File_Counts_As_That_File()
    {
        var (run, before) = await RunAndItsFilesAsync();
        using var elsewhere = new Mnist.Functional.Testing.TempFolder();
        var link = Path.Combine(elsewhere.Path, "weights.onnx");
        File.CreateSymbolicLink(link, Path.Combine(run, "checkpoint", "model.safetensors"));
        var linkedFolder = Path.Combine(elsewhere.Path, "linked");
        Directory.CreateSymbolicLink(linkedFolder, Path.Combine(run, "checkpoint"));

        var throughFile = await AppRunner.RunAsync("export", "--checkpoint", run, "--out", link, "--force");
        var throughFolder = await AppRunner.RunAsync("export", "--checkpoint", run, "--out", Path.Combine(linkedFolder, "model.onnx"));

        Assert.Multiple(() =>
        {
            Assert.That(throughFile.ExitCode, Is.EqualTo(ExitCodes.InputError), throughFile.Error);
            Assert.That(throughFolder.ExitCode, Is.EqualTo(ExitCodes.InputError), throughFolder.Error);
            Assert.That(throughFolder.Error, Does.Contain("the checkpoint in"));
            AssertUntouched(before);
        });
    }

    [Test]
    public async Task Predict_Show_Into_A_Checkpoint_Is_Refused()
    {
        var (run, before) = await RunAndItsFilesAsync();
        using var images = new Mnist.Functional.Testing.TempFolder();
        var image = Path.Combine(images.Path, "blank.png");
        File.WriteAllBytes(image, Mnist.Functional.Reports.GreyPng.Encode(new byte[28 * 28], 28, 28));

        var result = await AppRunner.RunAsync("predict", "--checkpoint", run, "--show", Path.Combine(run, "checkpoint"), image);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError), result.Error);
            Assert.That(result.Error, Does.Contain("--show: ").And.Contain("no command writes over what a run holds"));
            AssertUntouched(before);
        });
    }

    [Test]
    public async Task An_Existing_File_Is_Replaced_Only_With_Force_And_A_File_Beside_A_Run_Is_Fine()
    {
        var run = await TrainedRun.FolderAsync();
        using var folder = new Mnist.Functional.Testing.TempFolder();
        var page = Path.Combine(folder.Path, "page.html");
        File.WriteAllText(page, "mine");
        var beside = Path.Combine(run, "compare-beside.html");

        var refused = await AppRunner.RunAsync("compare", run, run, "--out", page);
        var kept = File.ReadAllText(page);
        var forced = await AppRunner.RunAsync("compare", run, run, "--out", page, "--force");
        var besideRun = await AppRunner.RunAsync("compare", run, run, "--out", beside);
        File.Delete(beside);

        Assert.Multiple(() =>
        {
            Assert.That(refused.ExitCode, Is.EqualTo(ExitCodes.InputError));
            Assert.That(refused.Error, Is.EqualTo($"error: --out: {page} exists already, and --out does not replace a file unless asked: give another name, or add --force to replace it.{Environment.NewLine}"));
            Assert.That(kept, Is.EqualTo("mine"));
            Assert.That(forced.ExitCode, Is.EqualTo(ExitCodes.Success), forced.Error);
            Assert.That(File.ReadAllText(page), Does.Contain("<html"), "replaced by the comparison page");
            Assert.That(besideRun.ExitCode, Is.EqualTo(ExitCodes.Success), besideRun.Error);
        });
    }

    [Test]
    public async Task A_Place_Where_Nothing_Can_Be_Written_Is_Named_As_The_File_Meant_Not_A_Temporary_File()
    {
        Assume.That(OperatingSystem.IsLinux(), "/proc");
        var run = await TrainedRun.FolderAsync();

        var result = await AppRunner.RunAsync("export", "--checkpoint", run, "--out", "/proc/m.onnx");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError), result.Error);
            Assert.That(result.Error, Does.StartWith("error: --out: /proc/m.onnx cannot be written: ").And.Not.Contain(".tmp").And.Not.Contain("Could not find"));
        });
    }

    [TestCase(64, false)]
    [TestCase(65, true)]
    public async Task Compare_Takes_Its_Limit_Of_Runs_And_Says_So_One_Past_It(int count, bool refused)
    {
        var result = await AppRunner.RunAsync(["compare", .. Enumerable.Range(0, count).Select(i => $"/nonexistent/run{i}")]);

        Assert.Multiple(() =>
        {
            Assert.That(result.Error, Does.Not.Contain("Unrecognized command or argument"));
            if (refused)
            {
                Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.UsageError));
                Assert.That(result.Error, Does.StartWith("compare puts at most 64 runs side by side, and got 65."));
            }
            else
            {
                Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError), "past the parser, to the first missing run");
            }
        });
    }
}
