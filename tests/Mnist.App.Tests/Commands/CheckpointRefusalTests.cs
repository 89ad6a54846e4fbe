using System.Text.Json.Nodes;
using Mnist.App.Cli;
using Mnist.Functional.Checkpoints;
using Mnist.Functional.Data;
using Mnist.Functional.Datasets;
using Mnist.Functional.Models;
using Mnist.Functional.Native;
using Mnist.Functional.Parameters;
using Mnist.Functional.Reports;
using Mnist.Functional.Runs;
using Mnist.Functional.Tensors;
using Mnist.Functional.Training;
using static TorchSharp.torch;

namespace Mnist.App.Tests.Commands;

/// <summary>
/// A checkpoint that would give a meaningless result is refused with exit 2 and a message naming what is wrong, by
/// <c>evaluate</c>, <c>predict</c>, <c>robustness</c> and <c>train --resume</c>; nothing reaches the engine unchecked. Every checkpoint here
/// is built by the test: an untrained <c>mlp</c>, saved as <c>train</c> saves it, then spoiled in one way.
/// </summary>
public sealed class CheckpointRefusalTests
{
    private DirectoryInfo folder = null!;
    private string image = null!;

    [SetUp]
    public void CreateFolder()
    {
        Engine.Start();
        folder = Directory.CreateTempSubdirectory("mnist-app-refusal-");
        var pixels = new byte[64 * 64];
        for (var y = 16; y < 48; y++) for (var x = 28; x < 36; x++) pixels[(y * 64) + x] = 255; // a white bar: a "1" on black
        image = Path.Combine(folder.FullName, "one.png");
        File.WriteAllBytes(image, GreyPng.Encode(pixels, 64, 64));
    }

    [TearDown]
    public void DeleteFolder() => folder.Delete(recursive: true);

    private string Checkpoint(Func<Params, Params>? parameters = null, Action<JsonObject>? config = null, Action<JsonObject>? manifest = null)
    {
        using var scope = NewDisposeScope();
        var directory = Path.Combine(folder.FullName, "checkpoint");
        var model = Zoo.Mlp;
        var setup = model.Recipe.SetupFor(model.Network, stepsPerEpoch: 10, seed: 1);
        using var generator = new Generator(1);
        var state = TrainState.Init(setup, generator);
        state = state with { Variables = state.Variables with { Params = (parameters ?? (p => p))(state.Variables.Params) } };
        var json = RunSpecJson.ToJson(new RunSpec(model, DatasetCatalog.Mnist, model.Recipe, 1) { Normalisation = new PixelStats(0.1307, 0.3081) });
        config?.Invoke(json);
        TrainingCheckpoint.Save(directory, state, GeneratorState.Capture(generator), json);
        if (manifest is not null)
        {
            var path = Path.Combine(directory, CheckpointStore.ManifestFile);
            var document = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            manifest(document);
            File.WriteAllText(path, document.ToJsonString());
        }
        return directory;
    }

    private static void AssertRefused(AppRunner.Result result, params string[] named) => Assert.Multiple(() =>
    {
        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError), result.Error + result.Output);
        foreach (var text in named) Assert.That(result.Error, Does.Contain(text));
        Assert.That(result.Error, Does.Not.Contain("   at "), "no stack trace");
        Assert.That(result.Output, Is.Empty, "no result is printed");
    });

    [Test]
    public async Task Predict_With_A_Weight_Holding_NaN_Is_Refused_Naming_The_Tensor()
    {
        var checkpoint = Checkpoint(parameters: p => p.With("7.bias", full(10, float.NaN)));

        AssertRefused(await AppRunner.RunAsync("predict", "--checkpoint", checkpoint, image), "model.safetensors", "the tensor 7.bias holds NaN or infinite values");
    }

    [Test]
    public async Task Predict_With_Outputs_That_Overflow_Says_So_Instead_Of_Giving_Class_0()
    {
        // Every weight finite, but the last two layers' so large that the scores overflow float32 to infinity: the
        // load's own forward pass finds it, before any image is read, and names the largest tensor.
        var checkpoint = Checkpoint(parameters: p => p.Map((path, tensor) => path is "4.weight" or "7.weight" ? full_like(tensor, 1e30f) : tensor));

        AssertRefused(await AppRunner.RunAsync("predict", "--checkpoint", checkpoint, image), "the model's outputs are NaN or infinite even for a plain black image", "too large for float32 arithmetic", ".weight");
    }

    [Test]
    public async Task Robustness_With_A_Weight_Holding_NaN_Is_Refused_Naming_The_Tensor_Before_Any_Work()
    {
        var checkpoint = Checkpoint(parameters: p => p.With("7.bias", full(10, float.NaN)));

        var result = await AppRunner.RunAsync("robustness", "--checkpoint", checkpoint, "--quick");

        AssertRefused(result, "model.safetensors", "the tensor 7.bias holds NaN or infinite values");
        Assert.That(result.Error, Does.Not.Contain("measuring"));
    }

    [TestCase("pixel_std", 0.0, "must be a number from 0.001 to 1")]
    [TestCase("pixel_std", 0.000999, "must be a number from 0.001 to 1")]
    [TestCase("pixel_std", double.NaN, "must be a number from 0.001 to 1")]
    [TestCase("pixel_mean", double.PositiveInfinity, "'metadata.config.pixel_mean' must be a number from 0 to 1")]
    public async Task Predict_With_Pixel_Statistics_That_Cannot_Normalise_Is_Refused_Naming_The_Field(string field, double value, string message)
    {
        // As the checkpoint stores them: a number, or a named literal for NaN and infinity.
        var checkpoint = Checkpoint(config: json => json[field] = double.IsFinite(value) ? value : value.ToString(System.Globalization.CultureInfo.InvariantCulture));

        AssertRefused(await AppRunner.RunAsync("predict", "--checkpoint", checkpoint, image), $"'metadata.config.{field}'", message);
    }

    [Test]
    public async Task Predict_With_The_Pixel_Mean_Missing_Is_Refused_Naming_The_Field()
    {
        var checkpoint = Checkpoint(config: json => json.Remove("pixel_mean"));

        AssertRefused(await AppRunner.RunAsync("predict", "--checkpoint", checkpoint, image), "'metadata.config.pixel_mean'", "but it is missing");
    }

    [TestCase("epoch", "\"3\"", "the field 'epoch' must be a whole number")]
    [TestCase("sha256", "12", "the field 'sha256' must be an object, but it is the number 12")]
    [TestCase("generator_state", "\"@@@\"", "the field 'generator_state' must be base64 text")]
    public async Task Evaluate_With_A_Manifest_Field_Of_The_Wrong_Type_Is_Refused_Naming_It(string field, string json, string message)
    {
        var checkpoint = Checkpoint(manifest: document => document[field] = JsonNode.Parse(json));

        AssertRefused(await AppRunner.RunAsync("evaluate", "--checkpoint", checkpoint), message);
    }

    [TestCase(100, "it holds 100 bytes")]
    [TestCase(0, "")]
    public async Task Resuming_With_A_Generator_State_Of_The_Wrong_Length_Is_Refused_Before_The_Engine_Sees_It(int length, string message)
    {
        var state = length == 0 ? GeneratorState.Capture(new Generator(1))[..^8] : new byte[length];
        var checkpoint = Checkpoint(manifest: document => document["generator_state"] = Convert.ToBase64String(state));

        AssertRefused(await AppRunner.RunAsync("train", "--resume", checkpoint, "--epochs", "2"), "the field 'generator_state' must be a random generator state", message);
    }

    [Test]
    [Category("RealData")]
    public async Task Resuming_With_A_Progress_That_Is_Not_An_Object_Is_Refused_Naming_It()
    {
        var checkpoint = Checkpoint(manifest: document => document["metadata"]!["progress"] = "halfway");

        var result = await AppRunner.RunAsync("train", "--resume", checkpoint, "--epochs", "2");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError), result.Error);
        Assert.That(result.Error, Does.Contain("the field 'metadata.progress' must be an object, but it is a string \"halfway\""));
    }
}
