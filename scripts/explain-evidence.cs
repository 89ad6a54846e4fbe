#:project ../src/Mnist.Functional.Reports/Mnist.Functional.Reports.csproj
#:property Optimize=true
#:property PublishAot=false
// Evidence that the attribution maps mean something; docs/explain.md quotes the report this writes.
//  1. Completeness: integrated gradients' convergence deltas with the default settings on every zoo model, each
//     trained for one epoch of its own recipe on the first TrainDigits training digits, over CompletenessDigits test digits.
//  2. The model-randomisation sanity check (Adebayo et al. 2018) on the trained run RUN: each method's maps against the
//     trained model's as its layers are re-initialised from the top down (mean Spearman rank correlation of the maps'
//     absolute values on the ink), and the trained model explained twice.
//  3. The deletion curve (Petsiuk et al. 2018) on RUN over DeletionDigits test digits: the predicted class's probability
//     as the pixels are set to black in the order each method ranks them, most important first, and in a random order;
//     the area under each curve (lower: the method found what the model uses).
// Writes runs/explain-evidence-<time>/report.md and results.json.
//
//   dotnet run -c Release scripts/explain-evidence.cs -- runs/RUN            # RUN: a run folder of `mnist train`
//   dotnet run -c Release scripts/explain-evidence.cs -- runs/RUN --quick    # few digits: checks the script, measures nothing
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Mnist.Functional.Data;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Evaluation;
using Mnist.Functional.Explain;
using Mnist.Functional.Layers;
using Mnist.Functional.Models;
using Mnist.Functional.Parameters;
using Mnist.Functional.Native;
using Mnist.Functional.Reports;
using Mnist.Functional.Runs;
using Mnist.Functional.Training;
using static System.FormattableString;
using static TorchSharp.torch;

var quick = args.Contains("--quick");
var TrainDigits = quick ? 2_000 : 10_000;       // training digits per zoo model for the completeness check
var CompletenessDigits = quick ? 10 : 100;      // test digits explained per zoo model
var SanityDigits = quick ? 20 : 100;            // test digits for the randomisation check
var DeletionDigits = quick ? 100 : 1_000;       // test digits for the deletion curves
const int DeletionSteps = 20;                    // the curve's points after 0: every 5% of the pixels
int[] ShownSteps = [1, 2, 4, 10];                // the points in the report's table: 5%, 10%, 20%, 50%
const ulong RandomSeed = 1234;                   // re-initialised layers and the random deletion order
AttributionMethod[] Methods = [new Saliency(), new GradientTimesInput(), new IntegratedGradients(), new SmoothGrad(), new Occlusion()];

var run = args.FirstOrDefault(arg => !arg.StartsWith("--", StringComparison.Ordinal))
    ?? throw new ArgumentException("Give a run folder of 'mnist train' (its default model), such as runs/20261205-101500.");
var clock = Stopwatch.StartNew();
var engine = Engine.Start(EngineOptions.ForTraining);
Console.WriteLine(engine.Describe());
using var trained = TrainedModel.Load(RunFolders.CheckpointOf(run));
using var data = await DataSources.LoadAsync(trained.Dataset);
var normalise = Preprocess.Normalize(data.Stats);
var results = new JsonObject();
var sections = new List<ExperimentSection>();

// 1. Completeness on every zoo model.
var completenessRows = new List<IReadOnlyList<string>>();
var completeness = new JsonArray();
foreach (var model in Zoo.All)
{
    using var scope = NewDisposeScope();
    var timer = Stopwatch.StartNew();
    using var subset = data.Train.Take(arange(TrainDigits));
    var pipeline = subset.Shuffle(1).Batch(100).Select(data.Preprocessing);
    using var state = Train.Fit(new TrainingSetup(model.Network, model.Recipe.OptimizerFor(pipeline.BatchesPerEpoch, epochs: 1), Epochs: 1, Seed: 1), pipeline).State;
    var (inputs, targets) = TestDigits(CompletenessDigits);
    var attribution = new IntegratedGradients().Attribute(new ClassScore(model.Network, state.Variables, normalise), inputs, targets);
    var deltas = Values(attribution.ConvergenceDelta!).Select(Math.Abs).ToArray();
    var differences = Values(attribution.Scores - attribution.BaselineScores!).Select(Math.Abs).ToArray();
    var relative = deltas.Zip(differences, (delta, difference) => delta / difference).Order().ToArray();
    var total = deltas.Sum() / differences.Sum();
    completenessRows.Add([model.Name, Percent(total), Percent(Quantile(relative, 0.5)), Percent(Quantile(relative, 0.95)), Percent(relative[^1]), Invariant($"{timer.Elapsed.TotalSeconds:F0} s")]);
    completeness.Add(new JsonObject
    {
        ["model"] = model.Name, ["total_ratio"] = total, ["median"] = Quantile(relative, 0.5),
        ["p95"] = Quantile(relative, 0.95), ["max"] = relative[^1], ["digits"] = CompletenessDigits,
    });
    Console.WriteLine($"completeness {model.Name}: Σ|Δ| / Σ|F(x) − F(x′)| = {Percent(total)}");
}
results["completeness"] = completeness;
sections.Add(new("Completeness of integrated gradients on every zoo model", Invariant(
    $"Each model trained for one epoch of its recipe on the first {TrainDigits:N0} training digits (seed 1), then its logit for the true class explained on the first {CompletenessDigits:N0} test digits with the default settings (50 Gauss–Legendre steps, black baseline). ") +
    "The ratio of the deltas' total to the score differences' total, and the per-digit |Δ| / |F(x) − F(x′)|:\n\n" +
    MarkdownTable.Render(["model", "Σ|Δ| / Σ|ΔF|", "median", "95th percentile", "largest", "time"], completenessRows, new HashSet<int> { 1, 2, 3, 4, 5 })));

// 2. The randomisation check on the trained run: layers re-initialised from the top down.
var model0 = trained.Model.Network;
var fresh = model0.Init(new Generator(RandomSeed));
var layers = trained.Variables.Params.Paths.Concat(trained.Variables.State.Paths).Select(Top).Distinct().ToList();
{
    using var scope = NewDisposeScope();
    var (inputs, targets) = TestDigits(SanityDigits);
    var ink = inputs.gt(0);
    var header = new List<string> { "method", "explained twice" };
    header.AddRange(Enumerable.Range(1, layers.Count).Select(k => k == layers.Count ? "all layers" : $"top {k}"));
    var rows = new List<IReadOnlyList<string>>();
    var sanity = new JsonArray();
    foreach (var method in Methods)
    {
        Tensor MapOf(Variables variables) => method.Attribute(new ClassScore(model0, variables, normalise), inputs, targets).Map.abs();
        var reference = MapOf(trained.Variables);
        var correlations = new List<double> { RankCorrelation.Spearman(reference, MapOf(trained.Variables), ink).Average() };
        for (var k = 1; k <= layers.Count; k++)
        {
            var replaced = layers.TakeLast(k).ToHashSet();
            Params Mixed(Params kept, Params other) => Params.Of(kept.Select(entry => replaced.Contains(Top(entry.Key)) ? KeyValuePair.Create(entry.Key, other[entry.Key]) : entry));
            var variables = new Variables(Mixed(trained.Variables.Params, fresh.Params), Mixed(trained.Variables.State, fresh.State));
            correlations.Add(RankCorrelation.Spearman(reference, MapOf(variables), ink).Average());
        }
        rows.Add([method.Name, .. correlations.Select(value => value.ToString("F3", CultureInfo.InvariantCulture))]);
        sanity.Add(new JsonObject { ["method"] = method.Name, ["spearman"] = new JsonArray([.. correlations.Select(value => (JsonNode?)value)]) });
        Console.WriteLine($"sanity {method.Name}: {string.Join(" ", correlations.Select(value => value.ToString("F3", CultureInfo.InvariantCulture)))}");
    }
    results["sanity"] = new JsonObject { ["layers_top_down"] = new JsonArray([.. layers.AsEnumerable().Reverse().Select(layer => (JsonNode?)layer)]), ["methods"] = sanity };
    sections.Add(new("Randomisation check", Invariant(
        $"{trained.Model.Name}'s maps of its predicted class on the first {SanityDigits:N0} test digits against the same model's with its parametrised layers re-initialised (seed {RandomSeed}) from the top down ") +
        $"({string.Join(", ", layers.AsEnumerable().Reverse())}): the mean Spearman rank correlation of the maps' absolute values on the ink (pixels above 0). " +
        "1 means the same ranking; a map that explains the model must move away from 1 as the weights it explains are replaced.\n\n" +
        MarkdownTable.Render(header, rows, new HashSet<int>(Enumerable.Range(1, header.Count - 1)))));
}

// 3. Deletion curves.
{
    using var scope = NewDisposeScope();
    var (inputs, labels) = TestDigits(DeletionDigits);
    var predicted = tensor(Evaluator.Probabilities(model0, trained.Variables, inputs, trained.Dataset.ClassNames, preprocess: normalise).Predicted.Select(c => (long)c).ToArray());
    var probability = new ClassScore(model0, trained.Variables, normalise, ScoreKind.Probability);
    var logit = new ClassScore(model0, trained.Variables, normalise);
    var orders = Methods.Select(method => (method.Name, Map: method.Attribute(logit, inputs, predicted).Map))
        .Append(("random order", rand(inputs.shape, generator: new Generator(RandomSeed)))).ToList();
    var rows = new List<IReadOnlyList<string>>();
    var curves = new JsonArray();
    foreach (var (name, map) in orders)
    {
        var timer = Stopwatch.StartNew();
        var curve = DeletionCurve.Measure(probability, inputs, predicted, map, DeletionSteps);
        var area = DeletionCurve.Area(curve);
        rows.Add([name, .. ShownSteps.Select(k => curve[k].ToString("F3", CultureInfo.InvariantCulture)), area.ToString("F3", CultureInfo.InvariantCulture)]);
        curves.Add(new JsonObject { ["order"] = name, ["curve"] = new JsonArray([.. curve.Select(value => (JsonNode?)value)]), ["area"] = area });
        Console.WriteLine($"deletion {name}: area {area:F3}");
    }
    results["deletion"] = new JsonObject { ["digits"] = DeletionDigits, ["steps"] = DeletionSteps, ["curves"] = curves };
    sections.Add(new("Deletion curves", Invariant(
        $"{trained.Model.Name}'s probability for its predicted class, averaged over the first {DeletionDigits:N0} test digits, after the share of pixels in the column heading is set to black in the order each map ranks them (most important first; logit maps, default settings), ") +
        "and the area under the whole curve (21 points, 0% to 100%). Most of an MNIST digit is black already, so a random order removes little ink at first.\n\n" +
        MarkdownTable.Render(["order", "5%", "10%", "20%", "50%", "area"], rows, new HashSet<int> { 1, 2, 3, 4, 5 })));
}

var report = new ExperimentReport
{
    Name = "explain-evidence",
    Title = $"Do the maps explain {trained.Model.Name}?",
    Purpose = "Completeness of integrated gradients on every zoo model, the model-randomisation sanity check and deletion curves for every attribution method.",
    Command = ExperimentReport.CommandFor("explain-evidence", args),
    Settings = [new("run", Path.GetFullPath(run)), new("scale", quick ? "quick: few digits, checks the script" : "full"), new("methods", string.Join(", ", Methods.Select(method => method.Settings().ToJsonString())))],
    Engine = engine,
    Sections = sections,
    Results = results,
    Seconds = clock.Elapsed.TotalSeconds,
};
report.Publish(Experiment.FolderFor(quick ? report.Name + "-quick" : report.Name, DateTimeOffset.Now), Console.Out);

// The first n test digits as raw pixels in [0, 1], [n, 1, 28, 28], and their labels.
(Tensor Inputs, Tensor Labels) TestDigits(int n) =>
    (Preprocess.ToNchw(Preprocess.ToUnitRange(data.Test.Images.narrow(0, 0, n))), data.Test.Labels.narrow(0, 0, n).to(int64));

static double[] Values(Tensor tensor) => tensor.to(float64).data<double>().ToArray();

static double Quantile(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Floor(q * sorted.Length))];

static string Percent(double share) => share.ToString("P2", CultureInfo.InvariantCulture);

// The top-level layer a parameter belongs to: "4" for "4.weight".
static string Top(string path) => path.Split('.')[0];
