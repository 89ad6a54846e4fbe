using System.Text.Json.Nodes;
using Mnist.Functional.Models;
using Mnist.Functional.Runs;

namespace Mnist.Functional.Tests.Runs;

public sealed class RunConfigTests
{
    private static JsonObject Saved() => new RunConfig("fast", "mnist", Zoo.Fast.Recipe, 1, 0.1307, 0.3081, 5000).ToJson();

    private static IEnumerable<TestCaseData> Spoiled()
    {
        TestCaseData Case(string name, Action<JsonObject> spoil, string message) => new TestCaseData(spoil, message).SetName(name);
        yield return Case("Pixel std zero", json => json["pixel_std"] = 0, "'metadata.config.pixel_std' must be a number above 0 and at most 1");
        yield return Case("Pixel std NaN", json => json["pixel_std"] = "NaN", "'metadata.config.pixel_std' must be a number above 0");
        yield return Case("Pixel std missing", json => json.Remove("pixel_std"), "'metadata.config.pixel_std' must be a number above 0 and at most 1 (the training images' pixel standard deviation; inputs are divided by it), but it is missing");
        yield return Case("Pixel mean infinite", json => json["pixel_mean"] = "Infinity", "'metadata.config.pixel_mean' must be a number from 0 to 1");
        yield return Case("Pixel mean a string", json => json["pixel_mean"] = "abc", "the field 'metadata.config.pixel_mean' has the wrong type");
        yield return Case("Batch size zero", json => json["recipe"]!["batch_size"] = 0, "'metadata.config.recipe.batch_size' must be a whole number of at least 1, but it is 0");
        yield return Case("Epochs negative", json => json["recipe"]!["epochs"] = -3, "'metadata.config.recipe.epochs' must be a whole number of at least 1");
        yield return Case("Learning rate negative", json => json["recipe"]!["learning_rate"] = -1, "'metadata.config.recipe.learning_rate' must be a number above 0");
        yield return Case("Unknown optimizer", json => json["recipe"]!["optimizer"] = "sgd\u001b[31m", "'metadata.config.recipe.optimizer' must be one of sgd, adam");
        yield return Case("Label smoothing one", json => json["recipe"]!["label_smoothing"] = 1, "'metadata.config.recipe.label_smoothing' must be a number from 0 up to");
        yield return Case("Validation negative", json => json["validation_size"] = -1, "'metadata.config.validation_size' must be a whole number of at least 0");
        yield return Case("Batch size a string", json => json["recipe"]!["batch_size"] = "128", "'metadata.config.recipe.batch_size' has the wrong type");
    }

    [TestCaseSource(nameof(Spoiled))]
    public void A_Field_That_Could_Not_Rebuild_The_Run_Is_Refused_Naming_It(Action<JsonObject> spoil, string message)
    {
        var json = Saved();
        spoil(json);

        Assert.That(() => RunConfig.FromJson(json, "run/checkpoint.json"),
            Throws.TypeOf<InvalidDataException>().With.Message.StartsWith("run/checkpoint.json: ").And.Message.Contains(message));
    }

    [Test]
    public void A_Saved_Configuration_Reads_Back_Equal() =>
        Assert.That(RunConfig.FromJson(Saved(), "run/checkpoint.json"), Is.EqualTo(new RunConfig("fast", "mnist", Zoo.Fast.Recipe, 1, 0.1307, 0.3081, 5000)));

    [Test]
    public void An_Unknown_Optimizer_Name_Is_Shown_With_Its_Control_Characters_Escaped()
    {
        var json = Saved();
        json["recipe"]!["optimizer"] = "sgd\u001b[31m";

        var message = Assert.Throws<InvalidDataException>(() => RunConfig.FromJson(json, "c.json"))!.Message;

        Assert.That(message.Contains("\"sgd\\u001B[31m\"", StringComparison.Ordinal) && !message.Contains('\u001b', StringComparison.Ordinal), Is.True, message);
    }
}
