using System.Text.Json.Nodes;
using Mnist.App.Cli;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Reports;

namespace Mnist.App.Tests.Commands;

/// <summary><c>explain</c> on test digits and image files with the shared trained run (<see cref="TrainedRun"/>).</summary>
[Category("RealData")]
public sealed class ExplainCommandTests
{
    private static readonly string[] Methods = ["saliency", "gradient-x-input", "integrated-gradients", "smoothgrad", "occlusion"];

    private string run = null!;
    private DirectoryInfo folder = null!;

    [OneTimeSetUp]
    public async Task UseTheTrainedRun()
    {
        var trained = await TrainedRun.ResultAsync();
        Assert.That(trained.ExitCode, Is.Zero, trained.Error);
        run = await TrainedRun.FolderAsync();
        folder = Directory.CreateTempSubdirectory("mnist-app-explain-");
    }

    [OneTimeTearDown]
    public void DeleteFolder() => folder.Delete(recursive: true);

    [TestCaseSource(nameof(Methods))]
    public async Task Two_Test_Digits_Get_A_28_By_28_Map_Of_Their_Predicted_Class_With_The_Methods_Settings(string method)
    {
        var result = await AppRunner.RunAsync("explain", "--checkpoint", run, "--test-index", "0", "1", "--method", method, "--json");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
        var document = JsonNode.Parse(result.Output)!;
        var explanations = document["explanations"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That((string?)document["method"]!["method"], Is.EqualTo(method));
            Assert.That((string?)document["method"]!["score"], Is.EqualTo("logit"));
            Assert.That(explanations.Select(entry => (int?)entry!["test_index"]), Is.EqualTo(new int?[] { 0, 1 }));
            Assert.That(explanations.Select(entry => (int?)entry!["target"]), Is.EqualTo(explanations.Select(entry => (int?)entry!["predicted"])));
            foreach (var entry in explanations)
            {
                var map = Map(entry!);
                Assert.That(map, Has.Length.EqualTo(28 * 28));
                Assert.That(map.All(double.IsFinite) && map.Any(value => value != 0), Is.True, "a finite map that is not all zero");
                Assert.That(entry!["convergence_delta"] is null, Is.EqualTo(method != "integrated-gradients"), "a delta for integrated gradients only");
            }
        });
    }

    [Test]
    public async Task Integrated_Gradients_Maps_Add_Up_To_The_Score_Difference_Less_The_Delta_And_Gradient_Times_Input_Is_Zero_On_Black()
    {
        var integrated = JsonNode.Parse((await AppRunner.RunAsync("explain", "-c", run, "--test-index", "0", "--json")).Output)!["explanations"]![0]!;
        var product = JsonNode.Parse((await AppRunner.RunAsync("explain", "-c", run, "--test-index", "0", "--method", "gradient-x-input", "--json")).Output)!["explanations"]![0]!;
        using var mnist = await DataSources.LoadAsync(DatasetCatalog.Mnist);
        var pixels = mnist.Test.Images[0].data<byte>().ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(Map(integrated).Sum(), Is.EqualTo((double)integrated["score"]! - (double)integrated["baseline_score"]! + (double)integrated["convergence_delta"]!).Within(1e-3));
            Assert.That(Map(product).Where((_, i) => pixels[i] == 0), Is.All.EqualTo(0), "black pixels");
        });
    }

    [Test]
    public async Task Compare_To_Gives_The_Difference_Of_The_Two_Classes_Maps_And_Scores()
    {
        async Task<JsonNode> ExplainAsync(params string[] extra) =>
            JsonNode.Parse((await AppRunner.RunAsync(["explain", "-c", run, "--test-index", "0", "--method", "saliency", "--json", .. extra])).Output)!["explanations"]![0]!;

        var contrast = await ExplainAsync("--target", "7", "--compare-to", "1");
        var seven = await ExplainAsync("--target", "7");
        var one = await ExplainAsync("--target", "1");

        Assert.Multiple(() =>
        {
            Assert.That(((int?)contrast["target"], (int?)contrast["compare_to"]), Is.EqualTo(((int?)7, (int?)1)));
            Assert.That((double)contrast["score"]!, Is.EqualTo((double)seven["score"]! - (double)one["score"]!).Within(1e-4));
            Assert.That(Map(contrast), Is.EqualTo(Map(seven).Zip(Map(one), (a, b) => a - b)).Within(1e-5));
        });
    }

    [Test]
    public async Task Out_Writes_A_Heatmap_Per_Digit_And_An_Offline_Contact_Sheet_For_Image_Files_And_Test_Digits()
    {
        using var mnist = await DataSources.LoadAsync(DatasetCatalog.Mnist);
        var image = Path.Combine(folder.FullName, "five.png");
        File.WriteAllBytes(image, GreyPng.Encode(mnist.Test.Images[8].data<byte>().ToArray(), 28, 28));
        var sheet = Path.Combine(folder.FullName, "sheet");

        var result = await AppRunner.RunAsync("explain", "-c", run, image, "--test-index", "3", "--out", sheet);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
        var html = File.ReadAllText(Path.Combine(sheet, "index.html"));
        Assert.Multiple(() =>
        {
            Assert.That(Directory.GetFiles(sheet, "*.png").Select(Path.GetFileName), Is.EquivalentTo(new[] { "01-five-integrated-gradients.png", "02-test-3-integrated-gradients.png" }));
            Assert.That(html.Split("src=\"data:image/png;base64,").Length - 1, Is.EqualTo(4), "each digit and its heatmap inlined");
            Assert.That(html, Does.Not.Contain("<script").And.Not.Contain("http"), "offline");
            Assert.That(result.Output, Does.Contain("five.png").And.Contain("test digit 3"));
        });
    }

    [TestCase(new[] { "--test-index", "10000" }, ExitCodes.InputError, "--test-index 10000: the test split of MNIST holds 10,000 digits, numbered 0 to 9,999")]
    [TestCase(new[] { "--test-index", "0", "--target", "12" }, ExitCodes.InputError, "--target '12' is not a class of this model: give an index from 0 to 9.")]
    [TestCase(new[] { "--test-index", "0", "--target", "3", "--compare-to", "3" }, ExitCodes.InputError, "--compare-to 3 is the class explained")]
    [TestCase(new[] { "no-such-digit.png" }, ExitCodes.InputError, "no-such-digit.png")]
    [TestCase(new[] { "--test-index", "0", "--method", "lime" }, ExitCodes.UsageError, "lime")]
    [TestCase(new[] { "--test-index", "0", "--steps", "0" }, ExitCodes.UsageError, "--steps takes a whole number from 2 to 1,000")]
    [TestCase(new[] { "--test-index", "0", "--method", "saliency", "--steps", "20" }, ExitCodes.UsageError, "--steps is a setting of --method integrated-gradients, not of saliency")]
    [TestCase(new[] { "--test-index", "0", "--method", "smoothgrad", "--samples", "1001" }, ExitCodes.UsageError, "--samples takes a whole number from 1 to 1,000")]
    [TestCase(new[] { "--test-index", "0", "--method", "smoothgrad", "--noise", "2" }, ExitCodes.UsageError, "--noise takes a standard deviation above 0 and at most 1")]
    [TestCase(new[] { "--test-index", "0", "--method", "occlusion", "--window", "29" }, ExitCodes.UsageError, "--window takes a whole number from 1 to 28")]
    [TestCase(new[] { "--test-index", "0", "--method", "occlusion", "--window", "3", "--stride", "4" }, ExitCodes.UsageError, "--stride 4 is more than the window (3 pixels)")]
    [TestCase(new[] { "--test-index", "-1" }, ExitCodes.UsageError, "--test-index takes whole numbers from 0")]
    [TestCase(new string[0], ExitCodes.UsageError, "Give the digits to explain: IMAGE files, --test-index N, or both.")]
    public async Task Bad_Input_Is_Refused_With_Its_Exit_Code_And_A_Message_That_Names_It(string[] arguments, int exitCode, string message)
    {
        var result = await AppRunner.RunAsync(["explain", "--checkpoint", run, .. arguments]);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(exitCode), result.Error);
            Assert.That(result.Error, Does.Contain(message));
            Assert.That(result.Output, Is.Empty);
        });
    }

    private static double[] Map(JsonNode entry) => [.. entry["map"]!.AsArray().SelectMany(row => row!.AsArray().Select(value => (double)value!))];
}
