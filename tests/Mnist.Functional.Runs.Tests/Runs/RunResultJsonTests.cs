using System.Text.Json.Nodes;
using Mnist.Functional.Datasets;
using Mnist.Functional.Models;
using Mnist.Functional.Native;
using Mnist.Functional.Training;

namespace Mnist.Functional.Runs.Tests.Runs;

public sealed class RunResultJsonTests
{
    private static readonly EngineInfo Engine = new("0.107.0", "2.10.0", "cpu", false, "Test CPU", "AVX2", 2, 2, 2);

    private static RunSpec Spec => new(Zoo.Mlp, DatasetCatalog.Mnist, Zoo.Mlp.Recipe with { Epochs = 1 }, Seed: 3);

    [Test]
    public void A_Checkpoint_Evaluated_On_Its_Own_Has_Its_Test_Figures_And_No_Training_Section()
    {
        var document = RunResultJson.ForEvaluation(SyntheticRun.Predictions(20, SyntheticRun.Digits), 0.25, Spec, Engine, new Dictionary<string, string> { ["checkpoint"] = "/runs/a/checkpoint" });

        Assert.Multiple(() =>
        {
            Assert.That(document.Select(field => field.Key), Is.EqualTo(new[] { "schema_version", "test", "timing", "config", "engine", "paths" }));
            Assert.That((int?)document["test"]!["samples"], Is.EqualTo(20));
            Assert.That(((JsonObject)document["timing"]!).Select(field => field.Key), Is.EqualTo(new[] { "evaluation_seconds" }));
        });
    }

    [Test]
    public void A_Trained_Run_Names_Every_Figure_Once_In_Its_Section()
    {
        var history = History.Empty.WithStep(1f, 0.5f, 0.1).WithEpoch(new EpochRecord(1, 1, 0.5, 0.4, 0.875, null, null, 0.1, 2.0, 10));
        var test = SyntheticRun.Predictions(20, SyntheticRun.Digits);
        var result = new RunResult(Spec, FitStop.Completed(1), history, test, new RunTimings(2.0, 0.5, 3.0), null);

        var document = RunResultJson.ToJson(result, Engine, new Dictionary<string, string> { ["folder"] = "/runs/a" });

        Assert.Multiple(() =>
        {
            Assert.That(document.Select(field => field.Key), Is.EqualTo(new[] { "schema_version", "test", "validation", "training", "timing", "model", "config", "engine", "paths" }));
            Assert.That((int?)document["schema_version"], Is.EqualTo(RunResultJson.SchemaVersion));
            Assert.That((double?)document["test"]!["accuracy"], Is.EqualTo(test.Accuracy));
            Assert.That((double?)document["test"]!["macro_f1"], Is.EqualTo(test.Confusion().MacroF1));
            Assert.That((double?)document["validation"]!["accuracy"], Is.EqualTo(0.875));
            Assert.That((int?)document["training"]!["epochs"], Is.EqualTo(1));
            Assert.That((int?)document["training"]!["steps"], Is.EqualTo(1));
            Assert.That((double?)document["timing"]!["total_seconds"], Is.EqualTo(3.0));
            Assert.That((long?)document["model"]!["parameters"], Is.EqualTo(result.Summary.TotalParameters));
            Assert.That(RunResultJson.ToJson(result, history: true)["history"]!.AsArray(), Has.Count.EqualTo(1), "an experiment's results keep every epoch");
        });
    }

    [Test]
    public void The_Summary_Is_Worked_Out_Once_For_Its_Spec()
    {
        var result = new RunResult(Spec, FitStop.Completed(1), History.Empty, null, new RunTimings(0, 0, 0), null);
        var other = result with { Spec = new RunSpec(Zoo.Fast, DatasetCatalog.Mnist, Zoo.Fast.Recipe) };
        var first = result.Summary;

        Assert.Multiple(() =>
        {
            Assert.That(result.Summary, Is.SameAs(first));
            Assert.That(other.Summary.TotalParameters, Is.Not.EqualTo(result.Summary.TotalParameters), "a copy for another spec does not keep the first one's summary");
        });
    }

    // Where each figure the listing reads lies in the results document and in run.json, in this shape and in version 1's.
    [TestCase(2, "test.accuracy", "test.accuracy", "results.test.accuracy")]
    [TestCase(1, "test.accuracy", "test_accuracy", "test_accuracy")]
    [TestCase(1, "test.loss", "test_loss", "test_loss")]
    [TestCase(1, "test.macro_f1", "macro_f1", "test_macro_f1")]
    [TestCase(1, "training.epochs", "epochs", "epochs_completed")]
    [TestCase(1, "timing.training_seconds", "timings.training_seconds", "training_seconds")]
    [TestCase(1, "initial_test.accuracy", "initial_test_accuracy", "initial_test_accuracy")]
    public void A_Figure_Is_Found_Where_Its_Version_Keeps_It(int version, string figure, string inMetrics, string inJournal)
    {
        var document = new JsonObject { ["schema_version"] = version };

        Assert.Multiple(() =>
        {
            Assert.That(RunResultJson.FieldOf(document, figure), Is.EqualTo(inMetrics));
            Assert.That(RunResultJson.FieldOfJournal(document, figure), Is.EqualTo(inJournal));
        });
    }

    [Test]
    public void A_Version_1_Run_Json_Reads_As_The_Same_Record_As_This_Version_Writes()
    {
        var journal = new RunJournal(RunState.Finished, new DateTime(2026, 11, 29, 20, 41, 7, DateTimeKind.Utc), new DateTime(2026, 11, 29, 20, 42, 15, DateTimeKind.Utc), "Trained 1 epoch.", "mnist train", Spec)
        {
            EpochsCompleted = 1, TestAccuracy = 0.9923, TestLoss = 0.13026199951171874, InitialTestAccuracy = 0.5, TrainingSeconds = 56.1, TotalSeconds = 61.0,
        };
        var written = journal.ToJson();
        var old = new JsonObject
        {
            ["schema_version"] = 1, ["state"] = "finished", ["started_utc"] = "2026-11-29T20:41:07Z", ["ended_utc"] = "2026-11-29T20:42:15Z",
            ["reason"] = "Trained 1 epoch.", ["command"] = "mnist train", ["epochs_completed"] = 1, ["initial_test_accuracy"] = 0.5,
            ["test_accuracy"] = 0.9923, ["test_loss"] = 0.13026199951171874, ["training_seconds"] = 56.1, ["total_seconds"] = 61.0,
            ["spec"] = RunSpecJson.ToJson(Spec),
        };

        var current = RunJournal.Parse(written.ToJsonString(), "run.json");
        var earlier = RunJournal.Parse(old.ToJsonString(), "run.json");

        Assert.Multiple(() =>
        {
            Assert.That((double?)written["results"]!["test"]!["accuracy"], Is.EqualTo(0.9923));
            Assert.That((int?)written["results"]!["training"]!["epochs"], Is.EqualTo(1));
            Assert.That(current, Is.EqualTo(journal));
            Assert.That(earlier, Is.EqualTo(journal));
        });
    }
}
