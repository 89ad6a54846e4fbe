using System.Text.Json.Nodes;
using Mnist.App.Cli;
using Mnist.App.Tests.Serve;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Native;
using Mnist.Functional.Reports;
using Mnist.Functional.Runs;
using Mnist.Functional.Runs.Tests.Datasets;

namespace Mnist.App.Tests.Commands;

/// <summary>
/// A person's own data through the command line: a folder of photo-like digits by class (MNIST test digits drawn as
/// dark ink on lit, ruled paper, three times MNIST's size), and a set of IDX files of another image size and 26 classes
/// added under a name, each made here from nothing.
/// </summary>
[Category("RealData")]
[NonParallelizable]
public sealed class OwnDataTests
{
    private DirectoryInfo temp = null!;

    [SetUp]
    public void Create() => temp = Directory.CreateTempSubdirectory("mnist-own-data-");

    [TearDown]
    public void Delete() => temp.Delete(recursive: true);

    [Test]
    public async Task Evaluate_On_A_Folder_Gives_Predicts_Answers_Plus_Accuracy_And_Names_Skipped_Files()
    {
        var root = await PhotoDigitsAsync(Path.Combine(temp.FullName, "mine"), perClass: 2, skip: 0);
        await File.WriteAllTextAsync(Path.Combine(root, "3", "scan.png"), "not a picture");
        var checkpoint = Path.Combine(await TrainedRun.FolderAsync(), "checkpoint");

        var evaluated = await AppRunner.RunAsync("evaluate", "--checkpoint", checkpoint, "--dataset", root, "--json");
        Assert.That(evaluated.ExitCode, Is.EqualTo(ExitCodes.Success), evaluated.Error);
        var metrics = JsonNode.Parse(evaluated.Output)!.AsObject();
        var files = metrics["files"]!.AsArray();
        var predicted = await AppRunner.RunAsync(["predict", "--checkpoint", checkpoint, "--json", .. files.Select(file => file!["file"]!.GetValue<string>())]);
        Assert.That(predicted.ExitCode, Is.EqualTo(ExitCodes.Success), predicted.Error);
        var answers = JsonNode.Parse(predicted.Output)!["predictions"]!.AsArray();

        Assert.Multiple(() =>
        {
            Assert.That(files, Has.Count.EqualTo(20));
            Assert.That(metrics["skipped"]!.AsArray().Single()!["file"]!.GetValue<string>(), Does.EndWith("scan.png"));
            Assert.That(evaluated.Error, Does.Contain("skipped: ").And.Contain("scan.png"));
            for (var i = 0; i < files.Count; i++)
            {
                var answer = answers[i]!;
                Assert.That(files[i]!["predicted"]!.GetValue<string>(), Is.EqualTo(answer["label_name"]!.GetValue<string>()), files[i]!["file"]!.GetValue<string>());
                Assert.That(files[i]!["probability"]!.GetValue<double>(), Is.EqualTo(answer["probabilities"]![answer["label_name"]!.GetValue<string>()]!.GetValue<double>()).Within(1e-5));
            }
            var right = files.Count(file => file!["predicted"]!.GetValue<string>() == file["actual"]!.GetValue<string>());
            Assert.That(metrics["test"]!["accuracy"]!.GetValue<double>(), Is.EqualTo(right / 20.0).Within(1e-12));
        });
    }

    [Test]
    public async Task Fine_Tuning_Starts_From_A_Trained_Run_Reports_Before_And_After_And_Evaluates_On_The_Same_Split()
    {
        var root = await PhotoDigitsAsync(Path.Combine(temp.FullName, "mine"), perClass: 8, skip: 100);
        var source = await TrainedRun.FolderAsync();
        var output = Path.Combine(temp.FullName, "tuned");

        var trained = await AppRunner.RunAsync("train", "--init-from", source, "--dataset", root, "--test-fraction", "0.5", "--freeze", "all-but-head", "--epochs", "2", "--json", "--out", output);

        Assert.That(trained.ExitCode, Is.EqualTo(ExitCodes.Success), trained.Error);
        var metrics = JsonNode.Parse(trained.Output)!.AsObject();
        var evaluated = await AppRunner.RunAsync("evaluate", "--checkpoint", output, "--json");
        Assert.That(evaluated.ExitCode, Is.EqualTo(ExitCodes.Success), evaluated.Error);
        var record = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "run.json")))!;
        var page = await File.ReadAllTextAsync(Path.Combine(output, "report.html"));
        using var before = TrainedModel.Load(Path.Combine(source, "checkpoint"));
        using var after = TrainedModel.Load(Path.Combine(output, "checkpoint"));
        var head = WarmStart.HeadOf(after.Spec.Network);
        bool Kept(string path) => before.Variables.Params[path].equal(after.Variables.Params[path]).all().item<bool>();
        Assert.Multiple(() =>
        {
            Assert.That(after.Variables.Params.Paths.Where(path => !path.StartsWith(head + ".", StringComparison.Ordinal)), Is.Not.Empty.And.All.Matches<string>(Kept), "all-but-head keeps every layer but the head");
            Assert.That(after.Variables.Params.Paths.Where(path => path.StartsWith(head + ".", StringComparison.Ordinal)), Is.Not.Empty.And.None.Matches<string>(Kept), "the head learns");
            Assert.That(trained.Error, Does.Contain($"layers {string.Join(", ", WarmStart.LayersWithParameters(after.Spec.Network).SkipLast(1))} frozen"), "all-but-head is named as the layers it freezes");
            Assert.That(page, Does.Contain($"<div class=\"value\">{ReportFormat.Percent(metrics["initial_test"]!["accuracy"]!.GetValue<double>())}</div><div class=\"label\">test accuracy before fine-tuning ("), "the page shows the model it started from");
            Assert.That(metrics["initial_test"]!["accuracy"]!.GetValue<double>(), Is.InRange(0.0, 1.0));
            Assert.That(metrics["test"]!["per_class"]!.AsArray().Sum(c => c!["support"]!.GetValue<int>()), Is.EqualTo(40), "half of 80 images");
            Assert.That(JsonNode.Parse(evaluated.Output)!["test"]!["accuracy"]!.GetValue<double>(), Is.EqualTo(metrics["test"]!["accuracy"]!.GetValue<double>()), "evaluate draws the same test split");
            Assert.That(record["command"]!.GetValue<string>(), Does.Contain("--init-from").And.Contain("--freeze").And.Contain("--test-fraction 0.5"));
        });
    }

    [Test]
    public async Task Bad_Folders_Are_Refused_With_Exit_2_Naming_The_Folder()
    {
        var root = await PhotoDigitsAsync(Path.Combine(temp.FullName, "mine"), perClass: 2, skip: 0);
        Directory.CreateDirectory(Path.Combine(root, "empty-class"));

        var trained = await AppRunner.RunAsync("train", "--dataset", root, "--epochs", "1", "--out", Path.Combine(temp.FullName, "run"));
        var freezeAlone = await AppRunner.RunAsync("train", "--dataset", root, "--freeze", "0", "--out", Path.Combine(temp.FullName, "run2"));

        Assert.Multiple(() =>
        {
            Assert.That(trained.ExitCode, Is.EqualTo(ExitCodes.InputError));
            Assert.That(trained.Error, Does.Contain(Path.Combine(root, "empty-class")));
            Assert.That(freezeAlone.ExitCode, Is.EqualTo(ExitCodes.InputError));
            Assert.That(freezeAlone.Error, Does.Contain("--init-from"));
        });
    }

    [Test]
    public async Task An_Added_Set_Of_26_Classes_And_32_Pixel_Images_Trains_Evaluates_And_Exports()
    {
        using var cache = new CacheFolder(Path.Combine(temp.FullName, "cache"));
        var files = LetterFiles.WriteAll(Path.Combine(temp.FullName, "letters"), train: 8, test: 2);
        await File.WriteAllLinesAsync(Path.Combine(temp.FullName, "names.txt"), Enumerable.Range(1, 26).Select(label => $"{label} {'A' + label - 1}"));

        var added = await AppRunner.RunAsync("data", "add", "letters", "--from", files, "--class-names", Path.Combine(temp.FullName, "names.txt"));
        Assert.That(added.ExitCode, Is.EqualTo(ExitCodes.Success), added.Error);
        var run = Path.Combine(temp.FullName, "run");
        var trained = await AppRunner.RunAsync("train", "--model", "fast", "--dataset", "letters", "--batch-size", "26", "--json", "--out", run);
        Assert.That(trained.ExitCode, Is.EqualTo(ExitCodes.Success), trained.Error);
        var evaluated = await AppRunner.RunAsync("evaluate", "--checkpoint", run);
        var exported = await AppRunner.RunAsync("export", "--checkpoint", run, "--format", "onnx", "--out", Path.Combine(temp.FullName, "letters.onnx"));
        var picture = Path.Combine(temp.FullName, "bar.png");
        await File.WriteAllBytesAsync(picture, GreyPng.Encode([.. Enumerable.Range(0, 64 * 64).Select(i => (byte)(i / 64 is >= 20 and < 26 && i % 64 is >= 8 and < 56 ? 0 : 240))], 64, 64));
        var predicted = await AppRunner.RunAsync("predict", "--checkpoint", run, "--json", picture);
        var explained = await AppRunner.RunAsync("explain", "--checkpoint", run, "--json", "--out", Path.Combine(temp.FullName, "explained"), picture);
        var robustnessPage = Path.Combine(temp.FullName, "robustness.html");
        var robustness = await AppRunner.RunAsync("robustness", "--checkpoint", run, "--quick", "--json", "--report", robustnessPage);
        var (address, _, stop, server) = await RunningServe.StartAsync(run);
        JsonNode info, served;
        try
        {
            using var client = new HttpClient { BaseAddress = address };
            info = JsonNode.Parse(await client.GetStringAsync("api/info"))!;
            using var upload = new ByteArrayContent(await File.ReadAllBytesAsync(picture));
            using var response = await client.PostAsync("api/predict", upload);
            Assert.That(response.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
            served = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        }
        finally
        {
            await RunningServe.StopAsync(stop, server);
        }

        Assert.Multiple(() =>
        {
            Assert.That(added.Output, Does.Contain("26 classes").And.Contain("32 × 32"));
            Assert.That(JsonNode.Parse(trained.Output)!["test"]!["per_class"]!.AsArray(), Has.Count.EqualTo(26));
            Assert.That(evaluated.ExitCode, Is.EqualTo(ExitCodes.Success), evaluated.Error);
            Assert.That(evaluated.Output, Does.Contain("25 Z"), "the class names from the mapping");
            Assert.That(exported.ExitCode, Is.EqualTo(ExitCodes.Success), exported.Error);
            Assert.That(exported.Output, Does.Contain("[batch, 1, 32, 32]").And.Contain("[batch, 26]"));
            Assert.That(predicted.ExitCode, Is.EqualTo(ExitCodes.Success), predicted.Error);
            Assert.That(JsonNode.Parse(predicted.Output)!["predictions"]![0]!["probabilities"]!.AsObject(), Has.Count.EqualTo(26), "a photo is prepared at the model's 32 × 32");
            Assert.That(explained.ExitCode, Is.EqualTo(ExitCodes.Success), "explain builds the network for the dataset's 32 × 32, not the zoo's 28 × 28: " + explained.Error);
            Assert.That(robustness.ExitCode, Is.EqualTo(ExitCodes.Success), "robustness measures a 32 × 32 model: " + robustness.Error);
            Assert.That(robustness.Error, Does.Contain("note: MNIST-C's corruptions are defined on 28 × 28 digits, and this model reads 32 × 32 images, so they are left out"));
            Assert.That(robustness.Error, Does.Not.Contain("measuring shot_noise"));
            Assert.That(JsonNode.Parse(robustness.Output)!["corruptions"]!.AsArray(), Is.Empty, "MNIST-C's corruptions are not drawn at 32 × 32");
            Assert.That(JsonNode.Parse(robustness.Output)!["corruptions_left_out"]!.GetValue<string>(), Does.Contain("32 × 32"));
            Assert.That(JsonNode.Parse(robustness.Output)!["pgd"]!.AsArray(), Has.Count.EqualTo(2), "the attacks are measured at any size");
            Assert.That(File.ReadAllText(robustnessPage), Does.Contain("width=\"64\" height=\"64\"").And.Contain("Corruptions left out"), "the page shows the digits at 32 × 32, twice their size");
            Assert.That(info["dataset"]!.GetValue<string>(), Is.EqualTo("letters"));
            Assert.That(info["classes"]!.AsArray().Select(name => name!.GetValue<string>()), Is.EqualTo(Enumerable.Range(0, 26).Select(c => ((char)('A' + c)).ToString())));
            Assert.That((info["input"]!["width"]!.GetValue<int>(), info["input"]!["height"]!.GetValue<int>()), Is.EqualTo((32, 32)), "the dataset's image size");
            Assert.That(served["probabilities"]!.AsObject().Select(pair => pair.Key), Is.EqualTo(Enumerable.Range(0, 26).Select(c => ((char)('A' + c)).ToString())), "serve answers in the dataset's classes");
            Assert.That(served["label_name"]!.GetValue<string>(), Is.EqualTo(JsonNode.Parse(predicted.Output)!["predictions"]![0]!["label_name"]!.GetValue<string>()), "serve and predict give the same answer");
            Assert.That(served["prepared"]!.GetValue<string>(), Does.StartWith("data:image/png;base64,"));
            Assert.That(PngSize(served["prepared"]!.GetValue<string>()), Is.EqualTo((32, 32)), "the digit the model saw, at its 32 × 32");
        });
    }

    // The width and height of a PNG given as a data URI, from its IHDR chunk.
    private static (int Width, int Height) PngSize(string dataUri)
    {
        var png = Convert.FromBase64String(dataUri["data:image/png;base64,".Length..]);
        return (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    // perClass MNIST test digits of each class (after the first `skip` of each), each drawn 84 × 84 as dark ink on paper
    // lit from the left, with ruled lines, as PNG in root/<digit>/.
    private static async Task<string> PhotoDigitsAsync(string root, int perClass, int skip)
    {
        Engine.Start(EngineOptions.ForTraining);
        using var mnist = await DataSources.LoadAsync(DatasetCatalog.Mnist);
        var labels = mnist.Test.Labels.data<long>().ToArray();
        var pixels = mnist.Test.Images.data<byte>().ToArray();
        const int scale = 3, side = 28 * scale;
        for (var digit = 0; digit < 10; digit++)
        {
            var folder = Directory.CreateDirectory(Path.Combine(root, digit.ToString(System.Globalization.CultureInfo.InvariantCulture))).FullName;
            foreach (var item in Enumerable.Range(0, labels.Length).Where(i => labels[i] == digit).Skip(skip).Take(perClass))
            {
                var photo = new byte[side * side];
                for (var y = 0; y < side; y++)
                    for (var x = 0; x < side; x++)
                    {
                        var paper = (y % 21 == 20 ? 170.0 : 235.0) - (60.0 * x / side);
                        var ink = pixels[(item * 784) + ((y / scale) * 28) + (x / scale)] / 255.0;
                        photo[(y * side) + x] = (byte)Math.Round((paper * (1 - ink)) + (25 * ink));
                    }
                await File.WriteAllBytesAsync(Path.Combine(folder, $"{item}.png"), GreyPng.Encode(photo, side, side));
            }
        }
        return root;
    }
}
