using System.Text.Json.Nodes;
using Mnist.Functional.Data;
using Mnist.Functional.Datasets;
using Mnist.Functional.Models;
using Mnist.Functional.Robustness;

namespace Mnist.Functional.Runs.Tests.Runs;

/// <summary>A recipe's adversarial training in a run's specification: written in full, read back equal, older forms and short forms read, a wrong field named.</summary>
public sealed class AdversarialSpecJsonTests
{
    private static readonly RunSpec Robust = RunSpec.Of(Zoo.Robust) with { Normalisation = new PixelStats(0.1307, 0.3081) };

    private static RunSpec Read(JsonObject json) => RunSpecJson.FromJson(JsonNode.Parse(json.ToJsonString())!.AsObject(), "run/checkpoint.json");

    [Test]
    public void The_Adversarial_Training_Is_Written_Setting_By_Setting_And_Reads_Back_Equal()
    {
        var pgd = Robust with { Recipe = Robust.Recipe with { Adversarial = AdversarialTraining.Pgd(0.25, steps: 7, stepSize: 0.05, warmupEpochs: 1.5) } };
        var json = RunSpecJson.ToJson(Robust);

        Assert.Multiple(() =>
        {
            Assert.That(json["recipe"]!["adversarial"]!.ToJsonString(), Is.EqualTo("""{"method":"fgsm-rs","epsilon":0.3,"steps":1,"step_size":0.375,"warmup_epochs":2}"""));
            Assert.That(Read(json), Is.EqualTo(Robust));
            Assert.That(Read(RunSpecJson.ToJson(pgd)), Is.EqualTo(pgd));
            Assert.That(RunSpecJson.ToJson(RunSpec.Of(Zoo.Fast))["recipe"]!.AsObject().ContainsKey("adversarial"), Is.False, "a recipe without it is written as before");
        });
    }

    [Test]
    public void A_Method_Alone_Reads_As_That_Methods_Own_Settings()
    {
        var json = RunSpecJson.ToJson(Robust);
        json["recipe"]!["adversarial"] = new JsonObject { ["method"] = "pgd" };
        var shortFgsm = RunSpecJson.ToJson(Robust);
        shortFgsm["recipe"]!["adversarial"] = new JsonObject { ["method"] = "fgsm-rs", ["epsilon"] = 0.1 };

        Assert.Multiple(() =>
        {
            Assert.That(Read(json).Recipe.Adversarial, Is.EqualTo(AdversarialTraining.Pgd(0.3)));
            Assert.That(Read(shortFgsm).Recipe.Adversarial, Is.EqualTo(AdversarialTraining.Fast(0.1)));
        });
    }

    private static IEnumerable<TestCaseData> Spoiled()
    {
        TestCaseData Case(string name, Action<JsonObject> spoil, string message) => new TestCaseData(spoil, message).SetName(name);
        yield return Case("Unknown method", json => json["method"] = "fgsm", "'metadata.config.recipe.adversarial.method' must be one of fgsm-rs, pgd");
        yield return Case("Method missing", json => json.Remove("method"), "'metadata.config.recipe.adversarial.method' must be a string, but it is missing");
        yield return Case("Epsilon zero", json => json["epsilon"] = 0, "'metadata.config.recipe.adversarial.epsilon' must be a number above 0 and at most 1");
        yield return Case("Epsilon a string", json => json["epsilon"] = "0.3", "'metadata.config.recipe.adversarial.epsilon' must be a number above 0 and at most 1 (a distance on pixels in [0, 1]), but it is a string \"0.3\"");
        yield return Case("Steps zero", json => json["steps"] = 0, "'metadata.config.recipe.adversarial.steps' must be a whole number from 1");
        yield return Case("Step size negative", json => json["step_size"] = -0.1, "'metadata.config.recipe.adversarial.step_size' must be a number above 0");
        yield return Case("Warm-up negative", json => json["warmup_epochs"] = -1, "'metadata.config.recipe.adversarial.warmup_epochs' must be a number of epochs of at least 0");
        yield return Case("FGSM-RS of two steps", json => json["steps"] = 2, "does not hold together at 'metadata.config.recipe.adversarial.steps': FGSM with a random start takes exactly 1 step");
        yield return Case("Steps too short for the ball", json => json["step_size"] = 0.1, "the attack could never reach the edge of its ball");
    }

    [TestCaseSource(nameof(Spoiled))]
    public void A_Field_That_Could_Not_Rebuild_The_Training_Is_Refused_Naming_It(Action<JsonObject> spoil, string message)
    {
        var json = RunSpecJson.ToJson(Robust);
        spoil(json["recipe"]!["adversarial"]!.AsObject());

        Assert.That(() => RunSpecJson.FromJson(json, "run/checkpoint.json"),
            Throws.TypeOf<InvalidDataException>().With.Message.StartsWith("run/checkpoint.json: ").And.Message.Contains(message));
    }

    [Test]
    public void The_Recipe_Says_How_It_Trains_Adversarially_And_Needs_The_Pixel_Statistics_For_It()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Zoo.Robust.Recipe.Describe(), Is.EqualTo("adam lr 0.005, onecycle schedule, batch 100, 10 epochs, adversarial fgsm-rs ε 0.3, α 0.375, ε rising over 2 epochs"));
            Assert.That(() => Zoo.Robust.Recipe.SetupFor(Zoo.Robust.Network, 600, seed: 1), Throws.ArgumentException.With.Message.Contains("pixel statistics"));
            Assert.That(Zoo.Robust.Recipe.SetupFor(Zoo.Robust.Network, 600, seed: 1, new PixelStats(0.1307, 0.3081)).BatchTransform, Is.Not.Null);
            Assert.That(Zoo.Fast.Recipe.SetupFor(Zoo.Fast.Network, 600, seed: 1).BatchTransform, Is.Null);
            Assert.That(() => (Zoo.Robust.Recipe with { Adversarial = AdversarialTraining.Fast(2) }).Checked(), Throws.ArgumentException.With.Message.Contains("ε must be above 0 and at most 1"));
        });
    }

    [Test]
    public void The_Recipes_Check_Names_The_Adversarial_Setting_By_Its_Key()
    {
        var recipe = Robust.Recipe with { Adversarial = AdversarialTraining.Fast(0.3) with { Steps = 2 } };

        Assert.That(() => recipe.Checked(), Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("recipe.adversarial.steps"));
    }

    [Test]
    public void Applying_Settings_Handles_The_Method_As_The_Optimizer_Is()
    {
        var pgd = RunSpecJson.Apply(Robust, new Dictionary<string, JsonNode?> { ["recipe.adversarial.method"] = "pgd", ["recipe.adversarial.epsilon"] = 0.1 });
        var warmer = RunSpecJson.Apply(Robust, new Dictionary<string, JsonNode?> { ["recipe.adversarial.warmup_epochs"] = 3.0 });
        var none = RunSpecJson.Apply(Robust, new Dictionary<string, JsonNode?> { ["recipe.adversarial.method"] = "none" });
        var plain = RunSpec.Of(Zoo.Fast);

        Assert.Multiple(() =>
        {
            Assert.That(pgd.Recipe.Adversarial, Is.EqualTo(AdversarialTraining.Pgd(0.1)));
            Assert.That(warmer.Recipe.Adversarial, Is.EqualTo(Robust.Recipe.Adversarial! with { WarmupEpochs = 3 }));
            Assert.That(none.Recipe.Adversarial, Is.Null);
            Assert.That(RunSpecJson.Settings(none).Select(setting => setting.Key), Has.None.StartsWith("recipe.adversarial"));
            Assert.That(() => RunSpecJson.Apply(plain, new Dictionary<string, JsonNode?> { ["recipe.adversarial.epsilon"] = 0.1 }),
                Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("recipe.adversarial.epsilon"));
            Assert.That(() => RunSpecJson.Apply(plain, new Dictionary<string, JsonNode?> { ["recipe.adversarial.method"] = "fgsm" }),
                Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("recipe.adversarial.method"));
        });
    }
}
