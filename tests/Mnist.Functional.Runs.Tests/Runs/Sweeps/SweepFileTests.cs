using System.Text.Json.Nodes;
using Mnist.Functional.Datasets;
using Mnist.Functional.Layers;
using Mnist.Functional.Models;
using Mnist.Functional.Runs.Sweeps;

namespace Mnist.Functional.Runs.Tests.Runs.Sweeps;

public sealed class SweepFileTests
{
    private const string Base = """ "version": 1, "run": { "model": "fast", "dataset": "fashion", "recipe": { "epochs": 2 }, "train_items": 1000, "validation_size": 200 } """;

    private static Sweep Parse(string body) => SweepFile.Parse("{" + body + "}", "s.json", "s");

    [Test]
    public void A_Grid_Is_Every_Combination_The_Last_Setting_Changing_Fastest_Over_The_Models_Own_Recipe()
    {
        // Given a grid of two learning rates and a seed range of three
        var sweep = Parse(Base + """, "vary": { "recipe.learning_rate": [0.05, 0.1], "seed": { "from": 1, "to": 3 } } """);

        // Then it holds six trials, seeds changing fastest, each the fast model's recipe with the file's and the trial's values
        Assert.Multiple(() =>
        {
            Assert.That(sweep.Trials, Has.Count.EqualTo(6));
            Assert.That(sweep.Trials.Select(t => (t.Spec.Recipe.LearningRate, t.Spec.Seed)),
                Is.EqualTo(new[] { (0.05, 1L), (0.05, 2L), (0.05, 3L), (0.1, 1L), (0.1, 2L), (0.1, 3L) }));
            Assert.That(sweep.Trials.Select(t => t.Id), Is.EqualTo(new[] { "trial-0001", "trial-0002", "trial-0003", "trial-0004", "trial-0005", "trial-0006" }));
            Assert.That(sweep.Trials[0].Spec.Recipe.Epochs, Is.EqualTo(2));
            Assert.That(sweep.Trials[0].Spec.Recipe.BatchSize, Is.EqualTo(global::Mnist.Functional.Models.Zoo.Find("fast").Recipe.BatchSize));
            Assert.That(sweep.Trials[0].Spec.Dataset.Id, Is.EqualTo("fashion"));
            Assert.That(sweep.Trials[0].Spec.ValidationSize, Is.EqualTo(200));
            Assert.That(sweep.Trials[4].Describe(), Is.EqualTo("recipe.learning_rate=0.1 seed=2"));
        });
    }

    [Test]
    public void Random_Sampling_Is_The_Same_For_The_Same_Seed_And_Stays_In_Its_Ranges()
    {
        const string vary = """, "vary": { "recipe.learning_rate": { "min": 0.001, "max": 0.1, "scale": "log" }, "recipe.batch_size": [64, 128] }""";
        var first = Parse(Base + vary + """, "sampling": { "method": "random", "count": 20, "seed": 7 }""");
        var again = Parse(Base + vary + """, "sampling": { "method": "random", "count": 20, "seed": 7 }""");
        var other = Parse(Base + vary + """, "sampling": { "method": "random", "count": 20, "seed": 8 }""");

        Assert.Multiple(() =>
        {
            Assert.That(first.Trials.Select(t => t.Spec.Recipe), Is.EqualTo(again.Trials.Select(t => t.Spec.Recipe)));
            Assert.That(first.Trials.Select(t => t.Spec.Recipe), Is.Not.EqualTo(other.Trials.Select(t => t.Spec.Recipe)));
            Assert.That(first.Trials.Select(t => t.Spec.Recipe.LearningRate), Has.All.InRange(0.001, 0.1));
            Assert.That(first.Trials.Select(t => t.Spec.Recipe.BatchSize).Distinct().Order(), Is.EqualTo(new[] { 64, 128 }));
            Assert.That(first.Sampling, Is.EqualTo("random (20 trials, seed 7)"));
        });
    }

    // Each kind of bad file, and the field path (or trial) its message must name.
    private static readonly object[] BadFiles =
    [
        new object[] { """{ "version": 2, "run": {}, "vary": {} }""", "'version'" },
        new object[] { """{ "version": 1, "run": {}, "vary": {}, "extra": 1 }""", "'extra' is not one this version knows" },
        new object[] { """{ "version": 1, "run": { "recipe": { "learnng_rate": 0.1 } }, "vary": {} }""", "'run.recipe.learnng_rate' is not one this version knows" },
        new object[] { """{ "version": 1, "run": { "model": "nope" }, "vary": {} }""", "'run.model'" },
        new object[] { """{ "version": 1, "run": {}, "vary": { "recipe.lr": [0.1] } }""", "'vary.recipe.lr' names no setting" },
        new object[] { """{ "version": 1, "run": {}, "vary": { "recipe.learning_rate": [0.1, -0.2] } }""", "vary.recipe.learning_rate[1]" },
        new object[] { """{ "version": 1, "run": {}, "vary": { "recipe.batch_size": [32, 6.5] } }""", "vary.recipe.batch_size[1]" },
        new object[] { """{ "version": 1, "run": {}, "vary": { "recipe.learning_rate": [] } }""", "'vary.recipe.learning_rate' must be a list" },
        new object[] { """{ "version": 1, "run": {}, "vary": { "seed": { "from": 5, "to": 1 } } }""", "'vary.seed.to'" },
        new object[] { """{ "version": 1, "run": {}, "vary": { "recipe.learning_rate": { "min": 0, "max": 1, "scale": "log" } } }""", "'vary.recipe.learning_rate.min'" },
        new object[] { """{ "version": 1, "run": {}, "vary": { "recipe.learning_rate": { "min": 0.1, "max": 1 } } }""", "a grid cannot walk" },
        new object[] { """{ "version": 1, "run": {}, "vary": {}, "sampling": { "method": "random", "seed": 1 } }""", "'sampling.count'" },
        new object[] { """{ "version": 1, "run": {}, "vary": {}, "sampling": "bayes" }""", "'sampling'" },
        new object[] { """{ "version": 1, "run": {}, "vary": { "train_items": [300, 1000], "validation_size": [100, 500] } }""", "trial-0002 (train_items = 300, validation_size = 500)" },
        new object[] { """{ "version": 1, "run": {}, "vary": {}, "shards": 0 }""", "'shards'" },
        new object[] { """{ "version": 1, "run": {} """, "not valid JSON" },
        new object[] { """[1, 2]""", "one JSON object" },
        new object[] { """{ "version": 1, "run": {}, "vary": { "model": ["fast", "nope"] } }""", "the field 'vary.model[1]': There is no model 'nope'. Choose one of" },
        new object[] { """{ "version": 1, "run": { "dataset": "nope" }, "vary": {} }""", "the field 'run.dataset': Unknown dataset 'nope'" },
        new object[] { """{ "version": 1, "run": { "recipe": { "optimizer": { "version": 1, "bogus": 1 } } }, "vary": {} }""", "run.recipe" },
        new object[] { """{ "version": 1, "run": { "pixel_mean": 0.2 }, "vary": { "pixel_std": [0.3, 7] } }""", "vary.pixel_std[1]" },
        new object[] { """{ "version": 1, "run": {}, "vary": { "early_stopping_patience": [2] } }""", "needs a validation split" },
    ];

    [TestCaseSource(nameof(BadFiles))]
    public void A_Bad_Sweep_File_Is_Refused_With_The_Field_It_Got_Wrong(string text, string named)
    {
        var e = Assert.Throws<InvalidDataException>(() => SweepFile.Parse(text, "bad.json", "bad"))!;
        Assert.Multiple(() =>
        {
            Assert.That(e.Message, Does.StartWith("bad.json: "));
            Assert.That(e.Message, Does.Contain(named));
            Assert.That(e.Message, Does.Not.Contain("checkpoint"), "a sweep file is written by a person, not damaged after a run wrote it");
            Assert.That(e.Message, Does.Not.Contain("--"), "a sweep file has fields, not the command line's flags");
            Assert.That(e.Message, Does.Not.Contain("(Parameter"), "the reason in words, without .NET's parameter name");
            Assert.That(e.Message, Does.EndWith("Correct the sweep file; no trial has started."));
        });
    }

    [Test]
    public void The_Settable_Fields_Are_The_Settings_Of_A_Runs_Json_Form()
    {
        // Every optional setting set, so that each one the codec writes only when set is among the keys.
        var spec = RunSpecJson.Apply(RunSpec.Of(Zoo.Default, DatasetCatalog.Mnist), new Dictionary<string, JsonNode?>
        {
            ["recipe.optimizer"] = "adam", ["recipe.momentum"] = null, ["recipe.beta1"] = 0.8, ["recipe.beta2"] = 0.99,
            ["recipe.clip_grad_norm"] = 1.0, ["quick"] = true, ["train_items"] = 100, ["test_items"] = 100,
            ["early_stopping_patience"] = 2, ["monitor"] = "validation_accuracy", ["keep_best"] = true, ["restore_best"] = true,
            ["time_budget_seconds"] = 60.0, ["threads"] = 1,
        });
        var keys = RunSpecJson.Settings(spec).Select(setting => setting.Key).Where(key => key != "architecture");
        // model_file is the sweep file's own: it stands for the model and its architecture, which the run's form holds.
        Assert.That(SweepFile.Settable.Where(path => path != SweepFile.ModelFile), Is.EquivalentTo(keys));
    }

    // A sweep file in a folder of its own, with architecture files beside it: fast's (printed as mnist models --architecture does) and a small one.
    private static string SweepWithFiles(DirectoryInfo folder, string sweep, params (string Path, string Text)[] files)
    {
        foreach (var (path, text) in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(folder.FullName, path))!);
            File.WriteAllText(Path.Combine(folder.FullName, path), text);
        }
        Directory.CreateDirectory(Path.Combine(folder.FullName, "sweeps"));
        var file = Path.Combine(folder.FullName, "sweeps", "s.json");
        File.WriteAllText(file, sweep);
        return file;
    }

    private static string FastText() => ArchitectureJson.ToJson(Zoo.Find("fast").Network).ToJsonString();

    private const string Small = """
        { "version": 1, "kind": "sequential", "layers": [
          { "kind": "conv2d", "in_channels": 1, "out_channels": 4, "kernel_size": 3 }, { "kind": "relu" },
          { "kind": "flatten" }, { "kind": "linear", "in_features": 2704, "out_features": 10 } ] }
        """;

    private const string Wrong = """
        { "version": 1, "kind": "sequential", "layers": [
          { "kind": "conv2d", "in_channels": 1, "out_channels": 4, "kernel_size": 3 },
          { "kind": "flatten" }, { "kind": "linear", "in_features": 2700, "out_features": 10 } ] }
        """;

    [Test]
    public void A_Sweep_Varies_Architecture_Files_Named_From_Its_Own_Folder_Each_Trial_A_Model_Named_After_Its_File()
    {
        var folder = Directory.CreateTempSubdirectory("mnist-sweep-files-");
        try
        {
            // Given a sweep in sweeps/ that varies two architecture files in nets/, beside it, and a working folder elsewhere
            var file = SweepWithFiles(folder, """
                { "version": 1, "run": { "dataset": "fashion", "recipe": { "epochs": 2 }, "train_items": 1000 },
                  "vary": { "model_file": ["../nets/fast.json", "../nets/small.json"], "seed": [1, 2] } }
                """, ("nets/fast.json", FastText()), ("nets/small.json", Small));

            // When it is read
            var sweep = SweepFile.Read(file);

            // Then each trial is its file's network, named after the file, with the default model's recipe and the file's settings
            Assert.Multiple(() =>
            {
                Assert.That(sweep.Trials.Select(t => t.Spec.Model.Name), Is.EqualTo(new[] { "fast", "fast", "small", "small" }));
                Assert.That(sweep.Trials[0].Spec.Network, Is.EqualTo(Zoo.Find("fast").Network));
                Assert.That(ArchitectureJson.Canonical(sweep.Trials[2].Spec.Network), Is.EqualTo(ArchitectureJson.Canonical(ArchitectureJson.Read(Small, [1, 28, 28], 10, "small.json"))));
                Assert.That(sweep.Trials[2].Spec.Recipe, Is.EqualTo(Zoo.Default.Recipe with { Epochs = 2 }));
                Assert.That(sweep.Trials[3].Spec.Dataset.Id, Is.EqualTo("fashion"));
                Assert.That(sweep.Trials[3].Describe(), Is.EqualTo("model_file=../nets/small.json seed=2"));
                Assert.That(sweep.Files.Keys, Is.EqualTo(new[] { "../nets/fast.json", "../nets/small.json" }));
                // The run's JSON form holds the architecture, so the trial's run.json and checkpoint rebuild it without the file
                Assert.That(RunSpecJson.FromJson(RunSpecJson.ToJson(sweep.Trials[2].Spec), "run.json", "spec").Network, Is.EqualTo(sweep.Trials[2].Spec.Network));
            });
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public void A_Zoo_Models_Architecture_File_In_A_Sweep_Trains_With_That_Models_Recipe()
    {
        var folder = Directory.CreateTempSubdirectory("mnist-sweep-files-");
        try
        {
            var file = SweepWithFiles(folder, """{ "version": 1, "run": { "model_file": "../nets/lenet.json", "recipe": { "epochs": 2 } }, "vary": { "seed": [1] } }""",
                ("nets/lenet.json", ArchitectureJson.Write(Zoo.LeNet5.Network)));

            var trial = SweepFile.Read(file).Trials.Single().Spec;

            Assert.Multiple(() =>
            {
                Assert.That(trial.Model.Name, Is.EqualTo("lenet"), "named after its file");
                Assert.That(trial.Network, Is.EqualTo(Zoo.LeNet5.Network));
                Assert.That(trial.Recipe, Is.EqualTo(Zoo.LeNet5.Recipe with { Epochs = 2 }), "LeNet-5's recipe, the sweep's settings over it, as train --model-file and --model lenet5 give");
            });
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    // Each kind of bad architecture file, where it is named (the base run or a varied value), and what the message must say.
    private static readonly object[] BadArchitectures =
    [
        new object[] { """{ "version": 1, "run": { "model_file": "../nets/missing.json" }, "vary": {} }""", new[] { "'run.model_file'", "missing.json", "cannot be read" } },
        new object[] { """{ "version": 1, "run": {}, "vary": { "model_file": ["../nets/small.json", "../nets/missing.json"] } }""", new[] { "'vary.model_file[1]'", "missing.json" } },
        new object[] { """{ "version": 1, "run": {}, "vary": { "model_file": ["../nets/small.json", "../nets/wrong.json"] } }""", new[] { "'vary.model_file[1]'", "wrong.json", "layers[2]", "Linear(2700, 10)" } },
        new object[] { """{ "version": 1, "run": { "model_file": "../nets/not-json.json" }, "vary": {} }""", new[] { "'run.model_file'", "not-json.json" } },
        new object[] { """{ "version": 1, "run": { "model": "fast", "model_file": "../nets/small.json" }, "vary": {} }""", new[] { "'run.model' and 'run.model_file' both name the model" } },
        new object[] { """{ "version": 1, "run": { "model": "fast" }, "vary": { "model_file": ["../nets/small.json"] } }""", new[] { "'run.model' and 'vary.model_file[0]' both name the model" } },
        new object[] { """{ "version": 1, "run": { "model_file": 3 }, "vary": {} }""", new[] { "'run.model_file'" } },
    ];

    [TestCaseSource(nameof(BadArchitectures))]
    public void A_Bad_Architecture_File_Is_Refused_With_The_Sweep_Field_That_Names_It(string text, string[] named)
    {
        var folder = Directory.CreateTempSubdirectory("mnist-sweep-files-");
        try
        {
            var file = SweepWithFiles(folder, text, ("nets/small.json", Small), ("nets/wrong.json", Wrong), ("nets/not-json.json", "{ \"version\": 1, "));
            var e = Assert.Throws<InvalidDataException>(() => SweepFile.Read(file))!;
            Assert.Multiple(() =>
            {
                Assert.That(e.Message, Does.StartWith(file + ": "));
                foreach (var part in named) Assert.That(e.Message, Does.Contain(part));
                Assert.That(e.Message, Does.Not.Contain("checkpoint"));
            });
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public void The_Sweeps_Folder_Keeps_Its_Architecture_Files_And_Refuses_A_Changed_One()
    {
        var folder = Directory.CreateTempSubdirectory("mnist-sweep-files-");
        try
        {
            // Given a sweep of two architecture files, taken into its folder
            var file = SweepWithFiles(folder, """{ "version": 1, "run": {}, "vary": { "model_file": ["../nets/fast.json", "../nets/small.json"] } }""",
                ("nets/fast.json", FastText()), ("nets/small.json", Small));
            var sweep = SweepFile.Read(file);
            var taken = SweepFolder.Take(Path.Combine(folder.FullName, "out"), sweep);

            // When a file is changed, then deleted
            File.WriteAllText(Path.Combine(folder.FullName, "nets", "small.json"), Small.Replace("\"out_channels\": 4", "\"out_channels\": 5", StringComparison.Ordinal).Replace("2704", "3380", StringComparison.Ordinal));
            var changed = Assert.Throws<InvalidDataException>(() => SweepFolder.Take(taken.Path, SweepFile.Read(file)))!;
            File.Delete(Path.Combine(folder.FullName, "nets", "small.json"));

            // Then the folder refuses the changed sweep, and still opens with the networks its trials were built from
            var (_, opened) = SweepFolder.Open(taken.Path);
            Assert.Multiple(() =>
            {
                Assert.That(changed.Message, Does.Contain(SweepFolder.FilesName));
                Assert.That(File.Exists(taken.Files), Is.True);
                Assert.That(opened.Trials.Select(t => ArchitectureJson.Canonical(t.Spec.Network)), Is.EqualTo(sweep.Trials.Select(t => ArchitectureJson.Canonical(t.Spec.Network))));
            });
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
