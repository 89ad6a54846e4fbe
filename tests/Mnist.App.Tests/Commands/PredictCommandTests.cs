using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Mnist.App.Cli;
using Mnist.Functional.Checkpoints;
using Mnist.Functional.Data;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Models;
using Mnist.Functional.Native;
using Mnist.Functional.Reports;
using Mnist.Functional.Runs;
using Mnist.Functional.Testing;
using Mnist.Functional.Training;
using static TorchSharp.torch;

namespace Mnist.App.Tests.Commands;

/// <summary>
/// <c>predict</c> on PNGs rendered from real MNIST test digits, with a model trained here: the <c>fast</c> zoo
/// model, one epoch of 10,000 training digits (about 97.7% test accuracy), saved as <c>train</c> saves it.
/// </summary>
[Category("RealData")]
public sealed class PredictCommandTests
{
    private const int Digits = 20;
    private DirectoryInfo folder = null!;
    private string checkpoint = null!;
    private string[] images = null!;
    private long[] labels = null!;
    private byte[][] digits = null!;

    [OneTimeSetUp]
    public async Task TrainAModelAndRenderTestDigits()
    {
        var clock = Stopwatch.StartNew();
        Engine.Start(threads: 1); // small batches on a busy 2-core machine run faster on one thread
        folder = Directory.CreateTempSubdirectory("mnist-app-predict-");
        checkpoint = Path.Combine(folder.FullName, "checkpoint");
        using var mnist = await DataSources.LoadAsync(DatasetCatalog.Mnist);
        using var scope = NewDisposeScope();

        var spec = new RunSpec(Zoo.Fast, DatasetCatalog.Mnist, Zoo.Fast.Recipe with { BatchSize = 32, Epochs = 1 }, Seed: 1)
        {
            TrainItems = 10_000,
            TestEachEpoch = false,
            Folder = folder.FullName,
        };
        using (Run.Execute(spec, mnist)) { }

        labels = mnist.Test.Labels[..Digits].data<long>().ToArray();
        digits = [.. Enumerable.Range(0, Digits).Select(i => mnist.Test.Images[i].data<byte>().ToArray())];
        images = [.. Enumerable.Range(0, Digits).Select(i =>
            Write($"test-{i:00}.png", BlackOnWhitePhoto(mnist.Test.Images[i].data<byte>().ToArray(), shift: i)))];
        TestContext.Progress.WriteLine($"trained and rendered in {clock.Elapsed.TotalSeconds:F1} s");
    }

    [OneTimeTearDown]
    public void DeleteFolder() => folder.Delete(recursive: true);

    /// <remarks>
    /// At least 18 of the 20, not all: the model gets about 2.3% of test digits wrong in their own 28×28 form,
    /// and the round trip (scaled up, inverted, cropped at a threshold, scaled down, re-centred) moves a few
    /// edge pixels, which can tip a digit the model was unsure of.
    /// </remarks>
    [Test]
    public async Task Thousands_Of_Files_Take_The_Memory_Of_A_Batch_Not_Of_Every_File()
    {
        const int count = 3000;
        var many = Directory.CreateDirectory(Path.Combine(folder.FullName, "many")).FullName;
        for (var i = 0; i < count; i++) File.Copy(images[i % images.Length], Path.Combine(many, $"{i:00000}.png"));
        GC.Collect();
        await using var memory = WorkingSetPeak.Start(TimeSpan.FromMilliseconds(20));

        var result = await AppRunner.RunAsync("predict", "--checkpoint", checkpoint, "--json", many);
        var grownMiB = await memory.StopAsync();
        var baseline = memory.Baseline;
        TestContext.Out.WriteLine($"predict on {count} files: working set grew by {grownMiB:F0} MiB over {baseline / (1024.0 * 1024.0):F0} MiB");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
            Assert.That(JsonNode.Parse(result.Output)!["predictions"]!.AsArray(), Has.Count.EqualTo(count));
            // The earlier build kept every prepared image: about 290 KiB a file, over 800 MiB for these.
            Assert.That(grownMiB, Is.LessThan(400), "memory is flat in the number of files");
        });
    }

    [Test]
    public async Task Predict_Returns_The_Labels_Of_Test_Digits_Rendered_As_Large_Black_On_White_Pngs()
    {
        var result = await AppRunner.RunAsync(["predict", "--checkpoint", checkpoint, "--json", .. images]);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
        var document = JsonNode.Parse(result.Output)!;
        var predictions = document["predictions"]!.AsArray();
        var predicted = predictions.Select(prediction => (long)prediction!["predicted"]!).ToArray();
        var right = predicted.Zip(labels).Count(pair => pair.First == pair.Second);
        TestContext.Out.WriteLine($"labels    {string.Join(" ", labels)}\npredicted {string.Join(" ", predicted)}\n{right} of {Digits} right");
        Assert.Multiple(() =>
        {
            Assert.That((string?)document["model"], Is.EqualTo("fast"));
            Assert.That(predictions.Select(prediction => (string?)prediction!["file"]), Is.EqualTo(images));
            Assert.That(predictions.Select(prediction => (string?)prediction!["label_name"]), Is.EqualTo(predicted.Select(label => $"{label}")));
            Assert.That(predictions.Select(prediction => prediction!["probabilities"]!.AsObject().Sum(pair => (double)pair.Value!)),
                Is.All.EqualTo(1).Within(1e-4), "each image's probabilities over the 10 classes sum to 1");
            Assert.That(right, Is.GreaterThanOrEqualTo(18));
        });
    }

    [Test]
    public async Task Predict_Prints_One_Line_Per_Image_With_Its_Class_And_Top_Probabilities()
    {
        var result = await AppRunner.RunAsync("predict", "--checkpoint", checkpoint, "--top", "2", images[0], images[1]);

        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
            Assert.That(lines, Has.Length.EqualTo(2));
            Assert.That(lines[0], Does.Match($@"^{Regex.Escape(images[0])}  \d \(\d+\.\d\d%\); next \d \(\d+\.\d\d%\)$"));
            Assert.That(lines[1], Does.StartWith(images[1] + "  "));
        });
    }

    [Test]
    public async Task The_Run_Folder_Stands_For_Its_Checkpoint_As_In_Evaluate()
    {
        var fromCheckpoint = await AppRunner.RunAsync("predict", "--checkpoint", checkpoint, images[0]);
        var fromRun = await AppRunner.RunAsync("predict", "--checkpoint", folder.FullName, images[0]);

        Assert.Multiple(() =>
        {
            Assert.That(fromRun.ExitCode, Is.EqualTo(ExitCodes.Success), fromRun.Error);
            Assert.That(fromRun.Output, Is.EqualTo(fromCheckpoint.Output));
        });
    }

    [Test]
    public async Task A_Fashion_Checkpoint_Shows_Class_Names_Beside_Their_Indices()
    {
        var fashion = Path.Combine(folder.FullName, "fashion");
        using (NewDisposeScope())
        {
            var setup = new TrainingSetup(Zoo.Fast.Network, Zoo.Fast.Recipe.OptimizerFor(1, 1), 1);
            using var untrained = TrainState.Init(setup, new Generator(1));
            TrainingCheckpoint.Save(fashion, untrained, [], RunSpecJson.ToJson(new RunSpec(Zoo.Fast, DatasetCatalog.FashionMnist, Zoo.Fast.Recipe) { Normalisation = new PixelStats(0.286, 0.353) }));
        }

        var result = await AppRunner.RunAsync("predict", "--checkpoint", fashion, "--top", "1", images[0]);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
        var names = string.Join("|", DatasetCatalog.FashionMnist.ClassNames.Select(Regex.Escape));
        var lines = result.Output.TrimEnd().Split('\n');
        Assert.Multiple(() =>
        {
            Assert.That(lines[0], Does.Match($@"^{Regex.Escape(images[0])}  \d ({names}) \(\d+\.\d\d%\)$"));
            Assert.That(lines.Skip(1), Has.Some.Contains("warning: low confidence"), "an untrained model is unsure, and says so");
        });
    }

    [Test]
    public async Task A_Missing_Checkpoint_Says_What_To_Pass()
    {
        var missing = Path.Combine(folder.FullName, "no-such-run");

        var result = await AppRunner.RunAsync("predict", "--checkpoint", missing, images[0]);

        AssertInputError(result, $"error: There is no run folder or checkpoint folder at {missing}");
    }

    [Test]
    public async Task A_Batch_Answers_Every_Readable_Image_And_Names_Each_Refused_One_With_Exit_Code_5()
    {
        var garbage = Write("garbage.png", "this is not a PNG"u8.ToArray());
        var blank = Write("blank-in-batch.png", GreyPng.Encode(Enumerable.Repeat((byte)255, 64 * 48).ToArray(), 64, 48));
        var missing = Path.Combine(folder.FullName, "none.png");

        var result = await AppRunner.RunAsync("predict", "--checkpoint", checkpoint, images[0], garbage, images[1], blank, missing);

        var answered = result.Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.SomeRefused));
            Assert.That(answered.Select(line => line.Split(' ')[0]), Is.EqualTo(new[] { images[0], images[1] }));
            Assert.That(result.Error, Does.Contain($"error: {garbage} cannot be read as an image: it is not an image of a known format"));
            Assert.That(result.Error, Does.Contain($"error: {blank} shows no digit"));
            Assert.That(result.Error, Does.Contain(missing));
            Assert.That(result.Error, Does.Contain("answered 2 of 5 images; 3 refused, each named above (exit code 5)."));
            Assert.That(result.Error, Does.Not.Contain("   at "), "no stack trace");
        });
    }

    [Test]
    public async Task Json_Lists_The_Refused_Images_Beside_The_Answers()
    {
        var garbage = Write("garbage-json.png", "not an image"u8.ToArray());

        var result = await AppRunner.RunAsync("predict", "--checkpoint", checkpoint, "--json", garbage, images[2]);

        var document = JsonNode.Parse(result.Output)!;
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.SomeRefused));
            Assert.That((string?)document["predictions"]!.AsArray().Single()!["file"], Is.EqualTo(images[2]));
            Assert.That((string?)document["refused"]!.AsArray().Single()!["file"], Is.EqualTo(garbage));
            Assert.That((string?)document["refused"]![0]!["reason"], Does.Contain("cannot be read as an image"));
        });
    }

    [Test]
    public async Task A_Folder_Stands_For_Its_Image_Files_In_Name_Order()
    {
        var album = Directory.CreateDirectory(Path.Combine(folder.FullName, "album")).FullName;
        foreach (var (name, source) in new[] { ("b.PNG", images[4]), ("a.png", images[3]), ("c.png", images[5]) })
            File.Copy(source, Path.Combine(album, name));
        File.WriteAllText(Path.Combine(album, "notes.txt"), "not an image, and not read");

        var result = await AppRunner.RunAsync("predict", "--checkpoint", checkpoint, "--json", album);
        var oneByOne = await AppRunner.RunAsync("predict", "--checkpoint", checkpoint, "--json", images[3], images[4], images[5]);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
        var predictions = JsonNode.Parse(result.Output)!["predictions"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(predictions.Select(prediction => Path.GetFileName((string?)prediction!["file"])), Is.EqualTo(new[] { "a.png", "b.PNG", "c.png" }));
            Assert.That(predictions.Select(prediction => (long)prediction!["predicted"]!),
                Is.EqualTo(JsonNode.Parse(oneByOne.Output)!["predictions"]!.AsArray().Select(prediction => (long)prediction!["predicted"]!)));
        });
    }

    [Test]
    public async Task An_Empty_Folder_A_Pipe_And_A_Truncated_Image_Are_Input_Errors_That_Name_Them()
    {
        var pipe = Path.Combine(folder.FullName, "pipe.png");
        using (var mkfifo = Process.Start("mkfifo", pipe)) await mkfifo.WaitForExitAsync();
        var cut = Write("cut.png", File.ReadAllBytes(images[0])[..300]);
        var empty = Directory.CreateDirectory(Path.Combine(folder.FullName, "empty")).FullName;

        AssertInputError(await AppRunner.RunAsync("predict", "--checkpoint", checkpoint, empty), $"error: {empty} is a folder that holds no image file (.png, .jpg, .jpeg, .webp, .gif, .bmp)");
        AssertInputError(await FifoGuard.ResultAsync(pipe, () => AppRunner.RunAsync("predict", "--checkpoint", checkpoint, pipe)), $"error: {pipe} is empty or is not a regular file");
        AssertInputError(await AppRunner.RunAsync("predict", "--checkpoint", checkpoint, cut), $"error: {cut} cannot be read as an image: the file is cut short (truncated).");
    }

    [Test]
    public async Task Json_Flags_Weak_Answers_And_Show_Writes_The_Digits_Beside_Their_Pictures_And_A_Contact_Sheet()
    {
        var two = Write("two-digits.png", GreyPng.Encode(SideBySideDigits(), 300, 120));
        var show = Path.Combine(folder.FullName, "show");

        var result = await AppRunner.RunAsync("predict", "--checkpoint", checkpoint, "--json", "--show", show, images[0], two);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
        var predictions = JsonNode.Parse(result.Output)!["predictions"]!.AsArray();
        var sheet = File.ReadAllText(Path.Combine(show, "index.html"));
        Assert.Multiple(() =>
        {
            Assert.That(result.Error, Does.Contain($"note: made the folder {show} for --show, which did not exist."));
            Assert.That(result.Error, Does.Contain($"contact sheet: {Path.Combine(show, "index.html")} (and each image beside the digit the model saw"));
            Assert.That((bool)predictions[0]!["weak"]!, Is.False, "a clear test digit");
            Assert.That((bool)predictions[1]!["weak"]!, Is.True, "two digits in one image");
            Assert.That(predictions[1]!["warnings"]!.AsArray().Select(code => (string?)code), Does.Contain("several-blobs"));
            Assert.That(Directory.GetFiles(show, "*.png").Select(Path.GetFileName), Is.EquivalentTo(new[]
            {
                "01-test-00.png", "01-test-00-integrated-gradients.png", "02-two-digits.png", "02-two-digits-integrated-gradients.png",
            }));
            Assert.That(Regex.Count(sheet, "<img src=\"data:image/png;base64,"), Is.EqualTo(4), "each image and where the model looked inlined");
            Assert.That(sheet, Does.Contain($"Where it looked for {(string?)predictions[0]!["label_name"]}"));
            Assert.That(sheet, Does.Contain("several separate blobs of ink"));
        });
    }

    [Test]
    public async Task The_Example_Photos_Of_Own_Digits_Read_As_Their_Digits()
    {
        var examples = Path.Combine(Repository.Root(), "..", "shared", "cases", "own-digits");
        if (!Directory.Exists(examples)) Assert.Ignore($"no example photos at {examples}");
        var files = Directory.GetFiles(examples).Order().ToArray();

        var result = await AppRunner.RunAsync(["predict", "--checkpoint", checkpoint, "--json", .. files]);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
        var predictions = JsonNode.Parse(result.Output)!["predictions"]!.AsArray();
        Assert.That(predictions.Select(prediction => $"{Path.GetFileName((string?)prediction!["file"])} {(int)prediction["predicted"]!}"),
            Is.EqualTo(files.Select(file => $"{Path.GetFileName(file)} {Path.GetFileName(file)[0]}")));
    }

    [Test]
    public async Task Test_Digits_Cropped_To_Their_Ink_Read_As_Their_Digits_In_Both_Polarities()
    {
        // The first 0, 4, 7 and 1 of the test split, enlarged ten times and cut out to their ink, as people cut out their own.
        var files = (from digit in new long[] { 0, 4, 7, 1 }
                     let index = Array.IndexOf(labels, digit)
                     from blackOnWhite in new[] { true, false }
                     select Write($"{digit}-tight-{(blackOnWhite ? "black-on-white" : "white-on-black")}.png", CroppedToInk(digits[index], blackOnWhite))).ToArray();

        var result = await AppRunner.RunAsync(["predict", "--checkpoint", checkpoint, "--json", .. files]);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
        var predictions = JsonNode.Parse(result.Output)!["predictions"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(predictions.Select(prediction => $"{Path.GetFileName((string?)prediction!["file"])} {(int)prediction["predicted"]!}"),
                Is.EqualTo(files.Select(file => $"{Path.GetFileName(file)} {Path.GetFileName(file)[0]}")));
            Assert.That(predictions.Where(prediction => prediction!["warnings"]!.AsArray().Any(code => (string?)code is "touches-border" or "several-blobs")), Is.Empty,
                "a digit that fills its picture is neither cut off nor in pieces");
        });
    }

    [Test]
    public async Task A_Blank_Image_Is_An_Input_Error_That_Names_The_File()
    {
        var blank = Write("blank.png", GreyPng.Encode(Enumerable.Repeat((byte)255, 64 * 48).ToArray(), 64, 48));

        var result = await AppRunner.RunAsync("predict", "--checkpoint", checkpoint, blank);

        AssertInputError(result, $"error: {blank} shows no digit");
    }

    [Test]
    public async Task A_Missing_Image_Is_An_Input_Error_That_Names_The_File()
    {
        var missing = Path.Combine(folder.FullName, "none.png");

        var result = await AppRunner.RunAsync("predict", "--checkpoint", checkpoint, missing);

        AssertInputError(result, "error: ", missing);
    }

    [Test]
    public async Task Predict_Without_A_Checkpoint_Option_Is_A_Usage_Error()
    {
        var result = await AppRunner.RunAsync("predict", images[0]);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.UsageError));
            Assert.That(result.Error, Does.Contain("--checkpoint"));
        });
    }

    private static void AssertInputError(AppRunner.Result result, string start, string? alsoContains = null) =>
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError));
            Assert.That(result.Error, Does.StartWith(start).And.Contain(alsoContains ?? start));
            Assert.That(result.Error, Does.Not.Contain("   at "), "no stack trace");
            Assert.That(result.Output, Is.Empty);
        });

    // A 28×28 MNIST digit as a person might photograph it: 4× larger (112×112), black ink on white,
    // off-centre on a 150×120 page.
    private static byte[] BlackOnWhitePhoto(byte[] digit, int shift)
    {
        const int scale = 4, width = 150, height = 120;
        var (left, top) = (5 + shift, 3 + (shift / 3));
        var page = new byte[width * height];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var (column, row) = ((x - left) / scale, (y - top) / scale);
                var ink = x >= left && y >= top && column < 28 && row < 28 ? digit[(row * 28) + column] : 0;
                page[(y * width) + x] = (byte)(255 - ink);
            }
        return GreyPng.Encode(page, width, height);
    }

    // A 28×28 digit enlarged ten times (bilinear) and cut out to the pixels above a quarter of full ink, dark on light or light on dark.
    private static byte[] CroppedToInk(byte[] digit, bool blackOnWhite)
    {
        const int scale = 10, side = 28 * scale;
        double At(int x, int y) => digit[(Math.Clamp(y, 0, 27) * 28) + Math.Clamp(x, 0, 27)];
        var large = new byte[side * side];
        for (var y = 0; y < side; y++)
            for (var x = 0; x < side; x++)
            {
                var (u, v) = (((x + 0.5) / scale) - 0.5, ((y + 0.5) / scale) - 0.5);
                var (left, top) = ((int)Math.Floor(u), (int)Math.Floor(v));
                var (fx, fy) = (u - left, v - top);
                var value = ((1 - fy) * (((1 - fx) * At(left, top)) + (fx * At(left + 1, top)))) + (fy * (((1 - fx) * At(left, top + 1)) + (fx * At(left + 1, top + 1))));
                large[(y * side) + x] = (byte)Math.Round(value);
            }
        var inked = Enumerable.Range(0, side * side).Where(i => large[i] > 64).ToArray();
        var (x0, x1) = (inked.Min(i => i % side), inked.Max(i => i % side));
        var (y0, y1) = (inked.Min(i => i / side), inked.Max(i => i / side));
        var (width, height) = (x1 - x0 + 1, y1 - y0 + 1);
        var crop = new byte[width * height];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var ink = large[((y + y0) * side) + x + x0];
                crop[(y * width) + x] = blackOnWhite ? (byte)(255 - ink) : ink;
            }
        return GreyPng.Encode(crop, width, height);
    }

    // Two black rings side by side on white, 300×120: two blobs of ink of the same size.
    private static byte[] SideBySideDigits() =>
        [.. Enumerable.Range(0, 300 * 120).Select(i =>
        {
            var (x, y) = (i % 300, i / 300);
            var distance = Math.Sqrt(Math.Pow(x < 150 ? x - 70 : x - 230, 2) + Math.Pow(y - 60, 2));
            return distance is > 25 and < 35 ? (byte)0 : (byte)255;
        })];

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(folder.FullName, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
