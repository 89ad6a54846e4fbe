using System.Text.Json.Nodes;
using Mnist.Functional.Data;
using Mnist.Functional.Datasets;
using Mnist.Functional.Models;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Optimizers.Schedules;

namespace Mnist.Functional.Runs.Tests.Runs;

public sealed class RunSpecJsonTests
{
    private static ZooModel Mine => OwnModelRunTests.Mine;

    private static OptimizerPlan ClippedNesterov => OwnModelRunTests.ClippedNesterov;

    private static readonly RunSpec Everything = new(
        Zoo.LeNet5, DatasetCatalog.FashionMnist,
        new Recipe(OptimizerKind.RmsProp, 2e-3, ScheduleKind.Cosine, BatchSize: 32, Epochs: 3, WeightDecay: 1e-4, LabelSmoothing: 0.05, Momentum: 0.5), Seed: 9)
    {
        ValidationSize = 1_000,
        TrainItems = 12_000,
        TestItems = 2_000,
        TestEachEpoch = false,
        EarlyStoppingPatience = 2,
        TimeBudgetSeconds = 90,
        Threads = 2,
        Normalisation = new PixelStats(0.2860, 0.3530),
    };

    [Test]
    public void A_Spec_Survives_The_Round_Trip_Through_Text_Unchanged()
    {
        var text = RunSpecJson.ToJson(Everything).ToJsonString();

        var read = RunSpecJson.FromJson(JsonNode.Parse(text)!.AsObject(), "test");

        Assert.That(read with { Folder = null }, Is.EqualTo(Everything));
    }

    [Test]
    public void Adams_Betas_Survive_The_Round_Trip_And_Are_Written_Only_When_Set()
    {
        var speedrun = RunSpec.Of(Zoo.Speedrun) with { Normalisation = new PixelStats(0.1307, 0.3081) };
        var json = RunSpecJson.ToJson(speedrun);

        Assert.Multiple(() =>
        {
            Assert.That(RunSpecJson.FromJson(JsonNode.Parse(json.ToJsonString())!.AsObject(), "test"), Is.EqualTo(speedrun));
            Assert.That((double?)json["recipe"]!["beta1"], Is.EqualTo(0.7));
            Assert.That((double?)json["recipe"]!["beta2"], Is.EqualTo(0.9));
            Assert.That(RunSpecJson.ToJson(Everything)["recipe"]!.AsObject().ContainsKey("beta1"), Is.False, "a recipe without them is written as before");
        });
    }

    [Test]
    public void A_Quick_Run_Says_So_In_Its_Spec_And_Reads_Back_Quick_While_Others_Do_Not_Mention_It()
    {
        var quick = RunSpecJson.ToJson(Everything with { Quick = true });
        var full = RunSpecJson.ToJson(Everything);

        Assert.Multiple(() =>
        {
            Assert.That((bool?)quick["quick"], Is.True);
            Assert.That(quick.Select(field => field.Key).SkipWhile(key => key != "test_items").Take(2), Is.EqualTo(new[] { "test_items", "quick" }));
            Assert.That(RunSpecJson.FromJson(JsonNode.Parse(quick.ToJsonString())!.AsObject(), "test").Quick, Is.True);
            Assert.That(full.ContainsKey("quick"), Is.False);
            Assert.That(RunSpecJson.FromJson(full, "test").Quick, Is.False);
        });
    }

    [Test]
    public void Names_Appear_Only_In_The_Json_And_Are_Resolved_To_The_Same_Values_Once()
    {
        var json = RunSpecJson.ToJson(Everything);
        var read = RunSpecJson.FromJson(json, "test");

        Assert.Multiple(() =>
        {
            Assert.That((string?)json["model"], Is.EqualTo("lenet5"));
            Assert.That((string?)json["recipe"]!["optimizer"], Is.EqualTo("rmsprop"));
            Assert.That((string?)json["recipe"]!["schedule"], Is.EqualTo("cosine"));
            Assert.That(read.Model, Is.SameAs(Zoo.LeNet5), "the zoo's own value, not a copy found by name later");
            Assert.That(read.Dataset, Is.SameAs(DatasetCatalog.FashionMnist));
            Assert.That(read.Recipe.Optimizer, Is.EqualTo(OptimizerKind.RmsProp));
        });
    }

    [Test]
    public void A_Configuration_Saved_Before_The_Spec_Existed_Reads_With_Defaults_For_The_Newer_Fields()
    {
        // What RunConfig wrote with every checkpoint until this version.
        var old = JsonNode.Parse("""
            {"model":"fast","dataset":"mnist","recipe":{"optimizer":"sgd","learning_rate":0.2,"schedule":"onecycle","batch_size":128,"epochs":1,"weight_decay":0.0005},
             "seed":1,"pixel_mean":0.1307,"pixel_std":0.3081,"validation_size":0}
            """)!.AsObject();

        var spec = RunSpecJson.FromJson(old, "checkpoint.json");

        Assert.That(spec, Is.EqualTo(new RunSpec(Zoo.Fast, DatasetCatalog.Mnist, Zoo.Fast.Recipe with { LabelSmoothing = 0 }, 1) { Normalisation = new PixelStats(0.1307, 0.3081) }));
    }

    [TestCase("dataset", "cifar", "cifar")]
    public void A_Name_This_Version_Does_Not_Know_Is_Refused_With_The_File_Named(string field, string value, string message)
    {
        var json = RunSpecJson.ToJson(Everything);
        json[field] = value;

        Assert.That(() => RunSpecJson.FromJson(json, "/runs/x/checkpoint/checkpoint.json"),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains("/runs/x/checkpoint/checkpoint.json").And.Message.Contains(message));
    }

    [Test]
    public void A_Model_In_No_Zoo_And_An_Optimizer_Plan_Survive_The_Round_Trip_Through_Text()
    {
        var spec = new RunSpec(Mine, DatasetCatalog.Mnist, Recipe.Of(ClippedNesterov, batchSize: 32, epochs: 3, labelSmoothing: 0.1), Seed: 7) { Normalisation = new PixelStats(0.1307, 0.3081) };
        var json = RunSpecJson.ToJson(spec);

        var read = RunSpecJson.FromJson(JsonNode.Parse(json.ToJsonString())!.AsObject(), "test");

        Assert.Multiple(() =>
        {
            Assert.That(read.Model.Name, Is.EqualTo("mine"));
            Assert.That(read.Model.Network, Is.EqualTo(Mine.Network));
            Assert.That(read with { Model = Mine }, Is.EqualTo(spec));
            Assert.That(json["recipe"]!["optimizer"]!["transforms"]!.AsArray(), Has.Count.EqualTo(3), "the plan's form in place of a name");
            Assert.That(json["recipe"]!.AsObject().Select(field => field.Key), Is.EqualTo(new[] { "optimizer", "batch_size", "epochs", "label_smoothing" }));
            Assert.That(read.Recipe.Describe(), Does.StartWith("clip_by_global_norm (max norm 1) → add_decayed_weights (weight decay 0.0005) → trace (momentum 0.9, nesterov true) → lr one_cycle (max value 0.1)"));
        });
    }

    [Test]
    public void A_Zoo_Models_Saved_Architecture_Makes_It_The_Zoos_Own_Value_And_Another_Network_Of_That_Name_Is_Kept_As_Saved()
    {
        var json = RunSpecJson.ToJson(Everything);
        var renamed = RunSpecJson.ToJson(Everything with { Model = Zoo.LeNet5 with { Network = Mine.Network } });

        Assert.Multiple(() =>
        {
            Assert.That(json["architecture"]!.ToJsonString(), Is.EqualTo(Layers.ArchitectureJson.ToJson(Zoo.LeNet5.Network).ToJsonString()));
            Assert.That(RunSpecJson.FromJson(json, "test").Model, Is.SameAs(Zoo.LeNet5));
            Assert.That(RunSpecJson.FromJson(renamed, "test").Model.Network, Is.EqualTo(Mine.Network), "the saved network, not the zoo's of that name");
        });
    }

    [Test]
    public void A_Network_With_A_CSharp_Function_Is_Written_By_Name_And_Reads_Back_Only_With_The_Network_Given()
    {
        var network = Layers.Nn.Sequential(Layers.Nn.Flatten(), new Layers.Lambda("double", x => x * 2), Layers.Nn.Linear(784, 10));
        var spec = Everything with { Model = new ZooModel("doubled", "a Lambda inside", network, Zoo.Mlp.Recipe) };
        var json = RunSpecJson.ToJson(spec);

        Assert.Multiple(() =>
        {
            Assert.That(json.ContainsKey("architecture"), Is.False);
            Assert.That(() => RunSpecJson.FromJson(json, "run/checkpoint.json"), Throws.InstanceOf<InvalidDataException>()
                .With.Message.StartsWith("run/checkpoint.json: the model 'doubled' is not in this library's zoo").And.Message.Not.Contains("damaged"));
            Assert.That(RunSpecJson.FromJson(json, "test", network: network).Model.Network, Is.SameAs(network));
        });
    }

    [Test]
    public void A_Missing_Recipe_Says_So()
    {
        Assert.That(() => RunSpecJson.FromJson(new JsonObject { ["model"] = "fast" }, "checkpoint.json"),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains("the field 'metadata.config.recipe' must be an object, but it is missing"));
    }
}
