using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Mnist.App.Cli;
using Mnist.App.Digits;
using Mnist.App.Progress;
using Mnist.Functional.Data;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Evaluation;
using Mnist.Functional.Explain;
using Mnist.Functional.IO;
using Mnist.Functional.Images;
using Mnist.Functional.Native;
using Mnist.Functional.Reports;
using Mnist.Functional.Runs;
using Mnist.Functional.Text;
using static TorchSharp.torch;

namespace Mnist.App.Commands;

/// <summary>
/// <c>explain --checkpoint RUN IMAGE… | --test-index N…</c>: where the model looked. For each digit (an image file
/// prepared as <c>predict</c> prepares it, or a test digit) it explains one class's score with an attribution method
/// over the 28×28 digit the model saw, in raw pixel units, and prints the score, its baseline and the convergence delta;
/// <c>--out DIR</c> writes heatmaps and an HTML contact sheet, <c>--json</c> every map as 28×28 numbers.
/// </summary>
public static class ExplainCommand
{
    private static readonly Option<string> Checkpoint = new("--checkpoint", "-c")
    {
        Description = "A run folder that 'train' wrote, or its checkpoint folder (which holds checkpoint.json).",
        HelpName = "RUN",
        Required = true,
    };
    private static readonly Option<int[]> TestIndex = NumberOptions.WholeList("--test-index", "Explain these digits of the test split, numbered from 0 (as 'evaluate' and the run report count them).");
    private static readonly Option<string?> Target = new("--target") { Description = "The class to explain, by index or name (default: the class the model predicts for each digit).", HelpName = "CLASS" };
    private static readonly Option<string?> CompareTo = new("--compare-to")
    {
        Description = "Explain the target's score less this class's ('why 9 and not 4?'): the difference of the two maps.",
        HelpName = "CLASS",
    };
    private static readonly Option<string?> Output = new("--out")
    {
        Description = "Write each digit's heatmap (PNG) and one HTML contact sheet, index.html, into this folder.",
        HelpName = "DIR",
    };
    private static readonly Option<bool> Json = new("--json") { Description = "Write one JSON document on standard output: the method's settings, and for each digit its classes, scores, convergence delta and map as 28×28 numbers." };
    private static readonly Option<string?> DataDirectory = new("--data-dir") { Description = "With --test-index: read the dataset from the files in this folder (standard names, raw or .gz) and no other source." };
    private static readonly Argument<string[]> Images = new("IMAGE")
    {
        Description = "Image files (PNG, JPEG, WebP, GIF, BMP) of one digit each, prepared as 'predict' prepares them.",
        Arity = ArgumentArity.ZeroOrMore,
    };
    private static readonly AttributionOptions Attribution = new(IntegratedGradients.MethodName);

    static ExplainCommand() => TestIndex.HelpName = "N";

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("explain", "Show where a trained model looked: attribution maps of a class's score over the 28×28 digit it saw, for image files or test digits.");
        foreach (var option in new Option[] { Checkpoint, TestIndex, Target, CompareTo, Output, Json, DataDirectory }) command.Options.Add(option);
        command.Arguments.Add(Images);
        Attribution.AddTo(command);
        command.Validators.Add(result =>
        {
            if ((result.GetValue(Images)?.Length ?? 0) == 0 && (NumberOptions.ValueOrDefault(result, TestIndex)?.Length ?? 0) == 0)
                result.AddError("Give the digits to explain: IMAGE files, --test-index N, or both.");
            if (result.GetValue(DataDirectory) is not null && (NumberOptions.ValueOrDefault(result, TestIndex)?.Length ?? 0) == 0)
                result.AddError("--data-dir is where the test digits are read from: give --test-index N too.");
        });
        command.SetAction(CommandAction.Guarded(ExplainAsync));
        return command;
    }

    private sealed record Digit(string Name, GreyImage Image, int? Label, DigitWarnings Warnings, string? File, int? TestIndex);

    private static async Task<int> ExplainAsync(ParseResult parse, CancellationToken cancellation)
    {
        var files = parse.GetValue(Images) ?? [];
        var indices = parse.GetValue(TestIndex) ?? [];
        var method = Attribution.MethodOf(parse);
        var kind = Attribution.ScoreOf(parse);
        CommandEngine.Start(EngineOptions.Default);
        using var trained = TrainedModel.Load(RunFolders.CheckpointOf(parse.GetValue(Checkpoint)!));
        // Each picture is prepared at the model's own image size, as predict and serve prepare it.
        var fromFiles = files.Select(file => (File: file, Prepared: DigitImage.Load(file, size: trained.Dataset.Image))).ToList();
        var names = trained.Dataset.ClassNames;
        var (targetText, compareText) = (parse.GetValue(Target), parse.GetValue(CompareTo));
        var target = targetText is null ? (int?)null : ClassLabels.Parse(targetText, names, "--target");
        var compareTo = compareText is null ? (int?)null : ClassLabels.Parse(compareText, names, "--compare-to");
        if (target is not null && target == compareTo)
            throw new ArgumentException($"--compare-to {compareText} is the class explained (--target): compare it with another class.");

        var digits = fromFiles.Select(entry => new Digit(OutsideText.Show(entry.File), entry.Prepared.Digit, null, entry.Prepared.Warnings, entry.File, null)).ToList();
        if (indices.Length > 0)
            digits.AddRange(await TestDigitsAsync(trained, indices, parse.GetValue(DataDirectory), parse.InvocationConfiguration.Error, cancellation));

        using var scope = NewDisposeScope();
        var images = DigitImage.Stack([.. digits.Select(digit => digit.Image)], trained.Dataset.Image);
        ClassProbabilities predictions;
        using (IntraOpThreads.Use(null))
            predictions = Evaluator.Probabilities(trained.Network, trained.Variables, images, names, preprocess: trained.Preprocessing);
        predictions.RequireFinite(i => digits[i].Name);
        var targets = digits.Select((_, i) => target ?? predictions.Predicted[i]).ToArray();
        if (compareTo is { } other && Array.IndexOf(targets, other) is var clash and >= 0)
            throw new ArgumentException($"--compare-to {compareText} is the class explained for {digits[clash].Name} (the class the model predicts for it): give --target CLASS, or compare with another class.");
        var explanations = DigitExplainer.Explain(trained, method, kind, images, targets, compareTo is { } c ? [.. Enumerable.Repeat(c, digits.Count)] : null);
        var warnings = digits.Select((digit, i) => Warnings(digit, predictions.Top(i, 1)[0].Probability, explanations[i])).ToList();

        var output = parse.InvocationConfiguration.Output;
        if (parse.GetValue(Output) is { } folder)
            WriteSheet(folder, trained, method, kind, digits, predictions, explanations, warnings);
        if (parse.GetValue(Json))
        {
            await JsonOutput.WriteAsync(output, ToJson(trained, method, kind, digits, predictions, explanations, warnings));
            return ExitCodes.Success;
        }
        await output.WriteLineAsync($"{trained.Model.Name} on {trained.Dataset.Id}: {Describe(method, kind)}, over the 28×28 digit's pixels in [0, 1]");
        var width = digits.Max(digit => digit.Name.Length);
        for (var i = 0; i < digits.Count; i++)
        {
            await output.WriteLineAsync($"{digits[i].Name.PadRight(width)}  {Verdict(names, predictions, i, digits[i])}; {Explained(names, kind, explanations[i])}");
            foreach (var warning in warnings[i])
                await output.WriteLineAsync($"{new string(' ', width)}  warning: {warning}");
        }
        if (parse.GetValue(Output) is { } written)
            await output.WriteLineAsync($"heatmaps and index.html written to {OutsideText.Show(written)}");
        return ExitCodes.Success;
    }

    private static async Task<IReadOnlyList<Digit>> TestDigitsAsync(TrainedModel trained, int[] indices, string? dataDirectory, TextWriter error, CancellationToken cancellation)
    {
        using var data = await DataSources.LoadAsync(trained.Dataset, new DataOptions(dataDirectory, Progress: ProgressLine.For(error)), cancellation);
        var count = data.Test.Count;
        if (indices.FirstOrDefault(index => index >= count, -1) is var outside and >= 0)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"--test-index {outside}: the test split of {trained.Dataset.Title} holds {count:N0} digits, numbered 0 to {count - 1:N0}."));
        using var scope = NewDisposeScope();
        return [.. indices.Select(index =>
        {
            var pixels = data.Test.Images[index].contiguous().data<byte>().ToArray();
            var shape = trained.Dataset.Image;
            return new Digit(string.Create(CultureInfo.InvariantCulture, $"test digit {index}"), new GreyImage(shape.Width, shape.Height, pixels),
                (int)data.Test.Labels[index].item<long>(), DigitWarnings.None, null, index);
        })];
    }

    private static List<string> Warnings(Digit digit, float topProbability, DigitExplanation explanation)
    {
        var warnings = WeakAnswer.Reasons(digit.Warnings, topProbability).Select(reason => reason.Text).ToList();
        if (explanation.RelativeDelta is > MaxRelativeDelta and var share)
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"the convergence delta is {share * 100:0.0}% of the score difference it should add up to: the path integral is coarse for this digit; more --steps (such as 200) make it finer"));
        return warnings;
    }

    // The share of the score difference a convergence delta may be before the text says so: the bound the tests hold every zoo model's totals to.
    private const double MaxRelativeDelta = 0.01;

    private static string Verdict(IReadOnlyList<string> names, ClassProbabilities predictions, int i, Digit digit)
    {
        var predicted = predictions.Predicted[i];
        var verdict = $"predicted {ClassLabels.Of(names, predicted)} ({Percent(predictions.Probability(i, predicted))})";
        return digit.Label is { } label ? $"{verdict}, label {ClassLabels.Of(names, label)}" : verdict;
    }

    private static string Explained(IReadOnlyList<string> names, ScoreKind kind, DigitExplanation explanation)
    {
        var what = explanation.ComparedTo is { } other
            ? $"explained {ClassLabels.Of(names, explanation.Target)} less {ClassLabels.Of(names, other)}: {ScoreName(kind)} difference {Number(explanation.Score)}"
            : $"explained {ClassLabels.Of(names, explanation.Target)}: {ScoreName(kind)} {Number(explanation.Score)}";
        if (explanation.BaselineScore is { } baseline && explanation.ConvergenceDelta is { } delta)
            what += string.Create(CultureInfo.InvariantCulture, $", {Number(baseline)} at the baseline, convergence delta {Number(delta)} ({explanation.RelativeDelta * 100:0.00}% of the score difference)");
        return what;
    }

    private static JsonObject ToJson(TrainedModel trained, AttributionMethod method, ScoreKind kind, IReadOnlyList<Digit> digits,
        ClassProbabilities predictions, IReadOnlyList<DigitExplanation> explanations, List<List<string>> warnings)
    {
        var settings = method.Settings();
        settings["score"] = ScoreName(kind);
        var stats = trained.Spec.Normalisation!.Value;
        return new JsonObject
        {
            ["model"] = trained.Model.Name,
            ["dataset"] = trained.Dataset.Id,
            ["method"] = settings,
            ["input"] = new JsonObject
            {
                ["space"] = "raw pixels of the 28×28 digit the model saw, 0 (black) to 1 (white); the model normalises them as (x - mean) / std",
                ["mean"] = stats.Mean,
                ["std"] = stats.Std,
            },
            ["explanations"] = new JsonArray([.. digits.Select((digit, i) =>
            {
                var explanation = explanations[i];
                var entry = new JsonObject();
                if (digit.File is { } file) entry["file"] = file;
                if (digit.TestIndex is { } index) entry["test_index"] = index;
                if (digit.Label is { } label) entry["label"] = label;
                entry["predicted"] = predictions.Predicted[i];
                entry["probabilities"] = new JsonArray([.. Enumerable.Range(0, predictions.ClassNames.Length).Select(c => (JsonNode?)predictions.Probability(i, c))]);
                entry["target"] = explanation.Target;
                entry["compare_to"] = explanation.ComparedTo;
                entry["score"] = explanation.Score;
                entry["baseline_score"] = explanation.BaselineScore;
                entry["convergence_delta"] = explanation.ConvergenceDelta;
                entry["relative_delta"] = explanation.RelativeDelta;
                entry["warnings"] = new JsonArray([.. warnings[i].Select(warning => (JsonNode?)warning)]);
                entry["map"] = new JsonArray([.. explanation.Map.Chunk(trained.Dataset.Image.Width).Select(row => (JsonNode?)new JsonArray([.. row.Select(value => (JsonNode?)value)]))]);
                return (JsonNode?)entry;
            })]),
        };
    }

    // FOLDER/NN-NAME-METHOD.png per digit and FOLDER/index.html, each written to a temporary file first.
    private static void WriteSheet(string folder, TrainedModel trained, AttributionMethod method, ScoreKind kind, IReadOnlyList<Digit> digits,
        ClassProbabilities predictions, IReadOnlyList<DigitExplanation> explanations, List<List<string>> warnings)
    {
        Directory.CreateDirectory(folder);
        var names = trained.Dataset.ClassNames;
        var entries = new List<ExplanationSheetEntry>();
        for (var i = 0; i < digits.Count; i++)
        {
            var heatmap = HeatmapOverlay.Png(digits[i].Image, explanations[i].Map);
            var stem = digits[i].File is { } file ? Path.GetFileNameWithoutExtension(file) : $"test-{digits[i].TestIndex}";
            AtomicFile.Write(Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"{i + 1:00}-{stem}-{method.Name}.png")), stream => stream.Write(heatmap));
            entries.Add(new ExplanationSheetEntry(digits[i].Name, digits[i].Image.Pixels, digits[i].Image.Width, digits[i].Image.Height, heatmap,
                [Verdict(names, predictions, i, digits[i]), Explained(names, kind, explanations[i])], warnings[i]));
        }
        var legend = $"{Describe(method, kind)}. Left: the 28×28 digit the model saw. Right: red where a pixel raised the explained score, " +
            "blue where it lowered it, more opaque the larger the share (each map on its own scale, its top 2% of pixels at full colour).";
        AtomicFile.WriteText(Path.Combine(folder, "index.html"), ExplanationSheet.Render($"Where {trained.Model.Name} looked", legend, entries));
    }

    // "integrated-gradients (steps 50, baseline 0, quadrature gauss-legendre) of the logit"
    private static string Describe(AttributionMethod method, ScoreKind kind)
    {
        var settings = method.Settings().Where(pair => pair.Key != "method").Select(pair => $"{pair.Key} {pair.Value?.ToJsonString().Trim('"')}").ToList();
        return $"{method.Name}{(settings.Count > 0 ? $" ({string.Join(", ", settings)})" : "")} of the {ScoreName(kind)}";
    }

    private static string ScoreName(ScoreKind kind) => kind == ScoreKind.Probability ? "probability" : "logit";

    private static string Number(float value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Percent(float probability) => string.Create(CultureInfo.InvariantCulture, $"{probability * 100:0.00}%");
}
