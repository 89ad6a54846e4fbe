using System.Text.Json.Nodes;
using Mnist.Functional.Data;
using Mnist.Functional.Datasets;
using Mnist.Functional.Models;

namespace Mnist.Functional.Runs.Tests.Runs;

public sealed class RunSpecJsonFieldTests
{
    private static readonly RunSpec Spec = new(Zoo.Fast, DatasetCatalog.Mnist, Zoo.Fast.Recipe, 1) { ValidationSize = 5000, Normalisation = new PixelStats(0.1307, 0.3081) };

    private static JsonObject Saved() => RunSpecJson.ToJson(Spec);

    private static IEnumerable<TestCaseData> Spoiled()
    {
        TestCaseData Case(string name, Action<JsonObject> spoil, string message) => new TestCaseData(spoil, message).SetName(name);
        yield return Case("Pixel std zero", json => json["pixel_std"] = 0, "'metadata.config.pixel_std' must be a number from 0.001 to 1");
        yield return Case("Pixel std NaN", json => json["pixel_std"] = "NaN", "'metadata.config.pixel_std' must be a number from 0.001 to 1 (the training images' pixel standard deviation; inputs are divided by it), but it is a string \"NaN\"");
        yield return Case("Pixel std infinite in memory", json => json["pixel_std"] = double.PositiveInfinity, "the field 'metadata.config.pixel_std' must be ");
        yield return Case("Pixel std missing beside a mean", json => json.Remove("pixel_std"), "'metadata.config.pixel_std' must be a number from 0.001 to 1 (the training images' pixel standard deviation; inputs are divided by it), but it is missing");
        yield return Case("Pixel mean a string", json => json["pixel_mean"] = "abc", "'metadata.config.pixel_mean' must be a number from 0 to 1");
        yield return Case("Batch size zero", json => json["recipe"]!["batch_size"] = 0, "'metadata.config.recipe.batch_size' must be a whole number from 1 to 2147483647, but it is the number 0");
        yield return Case("Batch size a string", json => json["recipe"]!["batch_size"] = "128", "'metadata.config.recipe.batch_size' must be a whole number from 1 to 2147483647, but it is a string \"128\"");
        yield return Case("Epochs negative", json => json["recipe"]!["epochs"] = -3, "'metadata.config.recipe.epochs' must be a whole number from 1");
        yield return Case("Learning rate negative", json => json["recipe"]!["learning_rate"] = -1, "'metadata.config.recipe.learning_rate' must be a number above 0");
        yield return Case("Unknown optimizer", json => json["recipe"]!["optimizer"] = "sgdx", "'metadata.config.recipe.optimizer' must be one of sgd, adam");
        yield return Case("Unknown model without an architecture", json => { json["model"] = "resnet"; json.Remove("architecture"); },
            "the model 'resnet' is not in this library's zoo (fast, ");
        yield return Case("Architecture with a layer of no size", json => json["architecture"]!["layers"]![0]!["out_channels"] = 0, "metadata.config.architecture.layers[0].out_channels");
        yield return Case("Architecture of another dataset's shape", json => json["architecture"]!["layers"]![0]!["in_channels"] = 3, "metadata.config.architecture");
        yield return Case("Architecture not an object", json => json["architecture"] = "fast", "'metadata.config.architecture' must be an object");
        yield return Case("Optimizer plan with a learning rate beside it", json => json["recipe"] = PlanRecipe(learningRate: 0.1), "'metadata.config.recipe.learning_rate' must be absent");
        yield return Case("Optimizer plan with an unknown transform", json => json["recipe"] = PlanRecipe(kind: "lookahead"), "metadata.config.recipe.optimizer.transforms[0].kind");
        yield return Case("Model a number", json => json["model"] = 5, "'metadata.config.model' must be a string, but it is the number 5");
        yield return Case("Beta1 one", json => json["recipe"]!["beta1"] = 1, "'metadata.config.recipe.beta1' must be a number from 0 up to (not including) 1, but it is the number 1");
        yield return Case("Beta2 a string", json => json["recipe"]!["beta2"] = "0.9", "'metadata.config.recipe.beta2' must be a number from 0 up to (not including) 1, but it is a string \"0.9\"");
        yield return Case("Betas for sgd", json => json["recipe"]!["beta1"] = 0.5, "does not hold together at 'metadata.config.recipe.beta1': sgd has no β; they apply to adam and adamw.");
        yield return Case("Label smoothing one", json => json["recipe"]!["label_smoothing"] = 1, "'metadata.config.recipe.label_smoothing' must be a number from 0 up to");
        yield return Case("Validation negative", json => json["validation_size"] = -1, "'metadata.config.validation_size' must be a whole number from 0");
        yield return Case("Threads enormous", json => json["threads"] = 1e12, $"'metadata.config.threads' must be a whole number from 1 to {Mnist.Functional.Native.Engine.MaxThreads}");
        yield return Case("Threads one past four per core", json => json["threads"] = Mnist.Functional.Native.Engine.MaxThreads + 1, $"'metadata.config.threads' must be a whole number from 1 to {Mnist.Functional.Native.Engine.MaxThreads}");
        yield return Case("Threads beyond four per core", json => json["threads"] = 100_000, $"'metadata.config.threads' must be a whole number from 1 to {Mnist.Functional.Native.Engine.MaxThreads}");
        yield return Case("Validation as large as the training split", json => json["validation_size"] = 60_000, "does not hold together at 'metadata.config.validation_size': MNIST's training split holds 60,000 samples, so at most 59,999 can be held out");
        yield return Case("Validation beyond the training split", json => json["validation_size"] = 70_000, "does not hold together at 'metadata.config.validation_size': MNIST's training split holds 60,000 samples, so at most 59,999 can be held out");
        yield return Case("Recipe not an object", json => json["recipe"] = "sgd", "'metadata.config.recipe' must be an object, but it is a string \"sgd\"");
    }

    private static JsonObject PlanRecipe(string kind = "clip_by_global_norm", double? learningRate = null)
    {
        var recipe = new JsonObject
        {
            ["optimizer"] = new JsonObject { ["version"] = 1, ["transforms"] = new JsonArray(new JsonObject { ["kind"] = kind, ["max_norm"] = 1 }), ["learning_rate"] = 0.1 },
            ["batch_size"] = 64,
            ["epochs"] = 1,
        };
        if (learningRate is { } rate) recipe["learning_rate"] = rate;
        return recipe;
    }

    [TestCaseSource(nameof(Spoiled))]
    public void A_Field_That_Could_Not_Rebuild_The_Run_Is_Refused_Naming_It(Action<JsonObject> spoil, string message)
    {
        var json = Saved();
        spoil(json);

        Assert.That(() => RunSpecJson.FromJson(json, "run/checkpoint.json"),
            Throws.TypeOf<InvalidDataException>().With.Message.StartsWith("run/checkpoint.json: ").And.Message.Contains(message));
    }

    [Test]
    public void Four_Threads_Per_Core_Read_Back()
    {
        var json = Saved();
        json["threads"] = Mnist.Functional.Native.Engine.MaxThreads;

        Assert.That(RunSpecJson.FromJson(json, "run/checkpoint.json").Threads, Is.EqualTo(Mnist.Functional.Native.Engine.MaxThreads));
    }

    [Test]
    public void A_Saved_Specification_Reads_Back_Equal_And_Without_Pixel_Statistics_Has_None()
    {
        var json = Saved();
        json.Remove("pixel_mean");
        json.Remove("pixel_std");
        var withoutStats = RunSpecJson.FromJson(json, "run/checkpoint.json");

        Assert.Multiple(() =>
        {
            Assert.That(RunSpecJson.FromJson(Saved(), "run/checkpoint.json"), Is.EqualTo(Spec));
            Assert.That(withoutStats.Normalisation, Is.Null);
            Assert.That(() => RunSpecJson.RequireNormalisation(withoutStats, "c.json"),
                Throws.TypeOf<InvalidDataException>().With.Message.Contains("'metadata.config.pixel_mean'").And.Message.Contains("but it is missing"));
        });
    }

    [Test]
    public void An_Unknown_Optimizer_Name_Is_Shown_With_Its_Control_Characters_Escaped()
    {
        var json = Saved();
        json["recipe"]!["optimizer"] = "sgd\u001b[31m";

        var message = Assert.Throws<InvalidDataException>(() => RunSpecJson.FromJson(json, "c.json"))!.Message;

        Assert.That(message.Contains("\"sgd\\u001B[31m\"", StringComparison.Ordinal) && !message.Contains('\u001b', StringComparison.Ordinal), Is.True, message);
    }
}
