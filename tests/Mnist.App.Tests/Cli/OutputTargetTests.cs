using Mnist.App.Cli;
using Mnist.App.Commands;

namespace Mnist.App.Tests.Cli;

/// <summary>Where the commands write what the user names: problems said in the option's words, missing folders made and said.</summary>
public sealed class OutputTargetTests
{
    private DirectoryInfo folder = null!;

    [SetUp]
    public void CreateFolder() => folder = Directory.CreateTempSubdirectory("mnist-app-output-");

    [TearDown]
    public void DeleteFolder()
    {
        if (OperatingSystem.IsLinux())
            foreach (var locked in folder.EnumerateDirectories("*", SearchOption.AllDirectories)) locked.UnixFileMode |= UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        folder.Delete(recursive: true);
    }

    private string In(string name) => Path.Combine(folder.FullName, name);

    [Test]
    public void A_File_In_A_Missing_Deep_Folder_Gets_Its_Folder_Made_And_Said()
    {
        using var notes = new StringWriter();

        var path = OutputTarget.File("--out", In("a/b/c/page.html"), "compare.html", notes, replace: false);

        Assert.Multiple(() =>
        {
            Assert.That(path, Is.EqualTo(In("a/b/c/page.html")));
            Assert.That(Directory.Exists(In("a/b/c")), Is.True);
            Assert.That(notes.ToString(), Is.EqualTo($"note: made the folder {In("a/b/c")} for --out, which did not exist.{Environment.NewLine}"));
        });
    }

    [Test]
    public void A_File_Whose_Folder_Exists_Makes_Nothing_And_Says_Nothing()
    {
        using var notes = new StringWriter();

        OutputTarget.File("--out", In("page.html"), "compare.html", notes, replace: false);

        Assert.That(notes.ToString(), Is.Empty);
    }

    [Test]
    public void A_Folder_Where_A_File_Is_Named_Is_Refused_In_The_Options_Words()
    {
        Directory.CreateDirectory(In("pages"));

        Assert.That(() => OutputTarget.File("--out", In("pages"), "compare.html", TextWriter.Null, replace: false), Throws.InstanceOf<IOException>().With.Message.EqualTo(
            $"--out: {In("pages")} is a folder, and --out names the file to write: give a file name, such as {In("pages/compare.html")}."));
    }

    [Test]
    public void A_Checkpoint_Folder_Where_A_File_Is_Named_Is_Refused_As_What_A_Run_Holds_With_No_Example_Inside_It()
    {
        Directory.CreateDirectory(In("run/checkpoint"));
        File.WriteAllText(In($"run/checkpoint/{Mnist.Functional.Checkpoints.CheckpointStore.ManifestFile}"), "{}");

        Assert.Multiple(() =>
        {
            Assert.That(() => OutputTarget.File("--report", In("run/checkpoint"), "robustness.html", TextWriter.Null, replace: true), Throws.InstanceOf<IOException>().With.Message.EqualTo(
                $"--report: {In("run/checkpoint")} is the checkpoint in {In("run/checkpoint")}, and no command writes over what a run holds (--force does not either): give a path outside the run's checkpoint and its own files."));
            Assert.That(() => OutputTarget.File("--report", In("run/checkpoint/page.html"), "robustness.html", TextWriter.Null, replace: true), Throws.InstanceOf<IOException>().With.Message.Contains(
                $"page.html is inside the checkpoint in {In("run/checkpoint")}"));
        });
    }

    [Test]
    public void A_File_Where_A_Folder_Is_Named_Is_Refused_In_The_Options_Words()
    {
        File.WriteAllText(In("sheet"), "");

        Assert.That(() => OutputTarget.Folder("--show", In("sheet"), TextWriter.Null), Throws.InstanceOf<IOException>().With.Message.StartWith(
            $"--show: {In("sheet")} is a file, and --show names a folder to write into"));
    }

    [TestCase("file/page.html")]
    [TestCase("file/deeper/page.html")]
    public void A_File_Standing_Where_A_Folder_Must_Be_Made_Is_Named(string target)
    {
        File.WriteAllText(In("file"), "");

        Assert.That(() => OutputTarget.File("--out", In(target), "compare.html", TextWriter.Null, replace: false), Throws.InstanceOf<IOException>().With.Message.EqualTo(
            $"--out: the folder {Path.GetDirectoryName(In(target))} cannot be made, because {In("file")} is a file."));
    }

    [Test]
    public void A_Folder_That_Takes_No_File_Is_Refused_When_Checked_Not_When_Written()
    {
        // sysfs takes no new file, even from root (whom no folder's permissions stop), so the check is seen on every Linux.
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/sys/kernel"))
            Assert.Ignore("needs Linux's /sys");

        Assert.That(() => OutputTarget.File("--out", "/sys/kernel/page.html", "compare.html", TextWriter.Null, replace: false),
            Throws.InstanceOf<IOException>().With.Message.StartWith("--out: /sys/kernel/page.html cannot be written: ").And.Message.EndsWith("Give a place you can write to."));
    }

    [Test]
    public void Checking_A_Writable_Place_Leaves_No_File_Behind()
    {
        OutputTarget.File("--out", In("page.html"), "compare.html", TextWriter.Null, replace: false);

        Assert.That(Directory.EnumerateFileSystemEntries(folder.FullName), Is.Empty, "the trial file is removed");
    }

    [Test]
    public void A_Place_Without_Permission_Is_Said_In_Our_Words()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName == "root")
        {
            Assert.Ignore("root may write anywhere (and other systems lock folders otherwise), so no place lacks permission here");
            return;
        }
        Directory.CreateDirectory(In("locked")).UnixFileMode = UnixFileMode.UserRead | UnixFileMode.UserExecute;

        Assert.That(() => OutputTarget.Writing("--out", In("locked/page.html"), () => File.WriteAllText(In("locked/page.html"), "x")),
            Throws.InstanceOf<IOException>().With.Message.EqualTo($"--out: {In("locked/page.html")} cannot be written: there is no permission to write in {In("locked")}. Give a place you can write to."));
    }

    [Test]
    public async Task Compare_Out_Onto_A_Folder_And_Predict_Show_Onto_A_File_Are_Refused_Without_DotNet_Words()
    {
        Directory.CreateDirectory(In("pages"));
        File.WriteAllText(In("sheet"), "");
        SyntheticRuns(In("a"), In("b"));

        var compare = await AppRunner.RunAsync("compare", In("a"), In("b"), "--out", In("pages"));
        var predict = await AppRunner.RunAsync("predict", "--checkpoint", In("a"), "--show", In("sheet"), In("sheet"));

        Assert.Multiple(() =>
        {
            Assert.That(compare.ExitCode, Is.EqualTo(ExitCodes.InputError));
            Assert.That(compare.Error, Does.StartWith($"error: --out: {In("pages")} is a folder, and --out names the file to write"));
            Assert.That(predict.ExitCode, Is.EqualTo(ExitCodes.InputError));
            Assert.That(predict.Error, Does.StartWith($"error: --show: {In("sheet")} is a file, and --show names a folder to write into"));
        });
    }

    [Test]
    public async Task Compare_Out_Into_A_Missing_Deep_Folder_Makes_It_And_Says_So()
    {
        SyntheticRuns(In("a"), In("b"));
        var page = In("deep/er/x.html");

        var result = await AppRunner.RunAsync("compare", In("a"), In("b"), "--out", page);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
            Assert.That(result.Error, Does.Contain($"note: made the folder {In("deep/er")} for --out, which did not exist."));
            Assert.That(File.Exists(page), Is.True);
        });
    }

    [Test]
    public async Task Compare_With_One_Run_Says_It_Needs_Another_Not_That_An_Argument_Is_Missing()
    {
        var result = await AppRunner.RunAsync("compare", In("a"));

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.UsageError));
            Assert.That(result.Error, Does.StartWith($"compare puts two or more runs side by side, and got one ({In("a")}). Name another run to compare it with"));
            Assert.That(result.Error, Does.Not.Contain("Required argument missing"));
        });
    }

    [Test]
    public void Predict_Reads_A_Folders_Image_Files_By_Name_And_Refuses_More_Than_Its_Limit_Before_Reading_Any()
    {
        const int most = 3;
        Directory.CreateDirectory(In("many"));
        for (var i = 0; i <= most; i++) File.WriteAllText(In($"many/{i:0000}.png"), "");
        Directory.CreateDirectory(In("enough"));
        for (var i = 0; i < most; i++) File.WriteAllText(In($"enough/{i:0000}.png"), "");
        Directory.CreateDirectory(In("few"));
        foreach (var name in new[] { "b.jpg", "a.PNG", "c.txt" }) File.WriteAllText(In($"few/{name}"), "");

        var (few, refused) = PredictCommand.Expand([In("few"), In("loose.png")], most);

        Assert.Multiple(() =>
        {
            Assert.That(few, Is.EqualTo(new[] { In("few/a.PNG"), In("few/b.jpg"), In("loose.png") }));
            Assert.That(refused, Is.Empty);
            Assert.That(PredictCommand.Expand([In("enough")], most).Files, Has.Count.EqualTo(most), "exactly the limit is read");
            Assert.That(() => PredictCommand.Expand([In("many")], most), Throws.ArgumentException.With.Message.EqualTo(
                $"predict reads at most 3 images at a time, and the arguments name more ({In("many")} alone holds more than 3): give fewer files or smaller folders."));
            Assert.That(() => PredictCommand.Expand([In("enough"), In("loose.png")], most), Throws.ArgumentException, "one past the limit, counted over every argument");
        });
    }

    // Two run folders as the app writes them, without training: run.json with a spec, no checkpoint.
    private static void SyntheticRuns(params string[] folders)
    {
        foreach (var run in folders)
        {
            Directory.CreateDirectory(run);
            File.WriteAllText(Path.Combine(run, "run.json"), """
                {"schema_version": 1, "state": "finished", "started_utc": "2026-12-05T10:00:00Z", "ended_utc": "2026-12-05T10:01:00Z", "reason": "Trained 1 epoch.",
                 "command": "", "epochs_completed": 1, "test_accuracy": 0.9, "test_loss": 0.3, "training_seconds": 10, "total_seconds": 12,
                 "spec": {"model": "mlp", "dataset": "mnist", "recipe": {"optimizer": "adam", "learning_rate": 0.001, "schedule": "constant", "batch_size": 128, "epochs": 1}, "seed": 1}}
                """);
        }
    }
}
