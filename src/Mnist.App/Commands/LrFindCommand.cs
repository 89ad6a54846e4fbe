using System.CommandLine;
using System.Text.Json.Nodes;
using Mnist.App.Cli;
using Mnist.App.Progress;
using Mnist.App.Training;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Models;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Native;
using Mnist.Functional.Reports;
using Mnist.Functional.Runs;
using Mnist.Functional.Training;
using static System.FormattableString;

namespace Mnist.App.Commands;

/// <summary>
/// <c>lr-find</c>: the learning-rate range test (<see cref="LearningRateFinder"/>) for a model and its recipe, as
/// fastai's and PyTorch Lightning's <c>lr_find</c>: a short run from fresh weights with a rate rising exponentially, the
/// smoothed loss against the rate, a suggested rate, and on request a chart. It writes no run folder and keeps no weights.
/// </summary>
public static class LrFindCommand
{
    // The train flags that shape the sweep: the model, the data, the optimizer's other settings and the seed. The rate, its
    // schedule and the epochs are the sweep's own.
    private static readonly string[] SettingKeys =
    [
        "model", "dataset", Recipe.Key("optimizer"), Recipe.Key("batch_size"), Recipe.Key("weight_decay"), Recipe.Key("label_smoothing"),
        Recipe.Key("momentum"), Recipe.Key("clip_grad_norm"), "seed", "train_items", "threads",
    ];

    private static readonly LearningRateRange Defaults = new();
    private static readonly Option<double?> Start = NumberOptions.Positive("--start-lr", Invariant($"The first step's rate (default {Defaults.Start:G3}, as fastai)."));
    private static readonly Option<double?> End = NumberOptions.Positive("--end-lr", Invariant($"The last step's rate, above --start-lr (default {Defaults.End:G3}, as fastai)."));
    private static readonly Option<int?> Steps = NumberOptions.Whole("--steps", Invariant($"Steps in the sweep, from {LearningRateRange.MinSteps} to {LearningRateRange.MaxSteps:N0} (default {Defaults.Steps}); it stops sooner when the smoothed loss passes {Defaults.DivergeFactor:G3}× its lowest."), LearningRateRange.MinSteps, LearningRateRange.MaxSteps);
    private static readonly Option<string?> Chart = new("--chart") { Description = "Write the loss against the rate, with the suggestion, as an offline HTML page to this file.", HelpName = "FILE" };
    private static readonly Option<bool> Force = OutputTarget.Force();
    private static readonly Option<string?> DataDirectory = new("--data-dir") { Description = "Use the dataset files in this folder (standard names, raw or .gz) and no other source." };
    private static readonly Option<bool> Json = new("--json") { Description = "Print one JSON document (the suggestion, the settings and every step's rate and loss) on stdout." };

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("lr-find", "Find a learning rate: a short run with a rate rising exponentially, the smoothed loss against the rate, and a suggested rate (the learning-rate range test). Writes no run and keeps no weights.");
        foreach (var (option, _, _) in TrainFlags.Settings.Where(setting => SettingKeys.Contains(setting.Key))) command.Options.Add(option);
        foreach (var option in new Option[] { Start, End, Steps, Chart, Force, DataDirectory, Json }) command.Options.Add(option);
        command.SetAction(CommandAction.Guarded(FindAsync));
        return command;
    }

    private static async Task<int> FindAsync(ParseResult parse, CancellationToken cancellation)
    {
        var (output, error) = (parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
        // Every flag is checked before the engine starts or any data is read.
        var spec = TrainFlags.ForNewRun(TrainFlags.Given(parse));
        spec = TrainFlags.Explained(() => spec.Checked());
        var range = Range(parse);
        var chart = parse.GetValue(Chart) is { } path ? OutputTarget.File("--chart", path, "lr-find.html", error, parse.GetValue(Force)) : null;

        var engine = Engine.Start(EngineOptions.ForTraining.WithThreads(ThreadCount.Checked(spec.Threads)));
        error.WriteLine(engine.Describe());
        error.WriteLine(Invariant($"lr-find {spec.Describe()}: up to {range.Steps} steps from {range.Start:G3} to {range.End:G3}"));
        using var dataset = await DataSources.LoadAsync(spec.Dataset, DatasetChoice.Options(parse.GetValue(DataDirectory), ProgressLine.For(error), spec.Dataset.Image), cancellation);
        var sweep = Run.FindLearningRate(spec, dataset, range, cancellation);
        var described = spec.Describe();
        if (chart is not null)
            OutputTarget.Writing("--chart", chart, () => LearningRatePage.Write(sweep, described, CommandLine(parse), chart));

        if (parse.GetValue(Json))
        {
            await JsonOutput.WriteAsync(output, ToJson(sweep, spec, chart));
            return ExitCodes.Success;
        }
        await output.WriteLineAsync(Text(sweep, spec, chart));
        return ExitCodes.Success;
    }

    // The sweep's settings, each refusal headed by its flag.
    private static LearningRateRange Range(ParseResult parse)
    {
        var range = new LearningRateRange(parse.GetValue(Start) ?? Defaults.Start, parse.GetValue(End) ?? Defaults.End, parse.GetValue(Steps) ?? Defaults.Steps);
        try
        {
            return range.Checked();
        }
        catch (ArgumentException e) when (e.ParamName is "start" or "end" or "steps")
        {
            throw new ArgumentException($"--{(e.ParamName == "steps" ? "steps" : $"{e.ParamName}-lr")}: {CommandAction.MessageOf(e)}", e);
        }
    }

    private static string CommandLine(ParseResult parse) => "mnist " + string.Join(' ', parse.Tokens.Select(token => token.Value));

    private static string Text(LearningRateSweep sweep, RunSpec spec, string? chart)
    {
        List<string> lines =
        [
            "",
            Invariant($"model              {spec.Model.Name} on {spec.Dataset.Title}, {(spec.Recipe.Plan is null ? ByName.Name(spec.Recipe.Optimizer) : "its optimizer plan")}, batch {spec.Recipe.BatchSize}"),
            Invariant($"suggested rate     {(sweep.Suggested is { } point ? $"{ReportFormat.Rate(point.Rate)} (step {point.Step}: the steepest descent of the smoothed loss)" : "none: the loss diverged too soon; start lower (--start-lr)")}"),
            .. sweep.Lowest is { } lowest ? [Invariant($"lowest loss        {lowest.SmoothedLoss:F4} at {ReportFormat.Rate(lowest.Rate)} (step {lowest.Step}; a tenth of that rate is {ReportFormat.Rate(lowest.Rate / 10)})")] : Array.Empty<string>(),
            Invariant($"steps              {sweep.Points.Count} of {sweep.Range.Steps}: {sweep.Stopped}"),
            .. chart is null ? Array.Empty<string>() : [Invariant($"chart              {chart}")],
            "",
            Invariant($"{"step",5} {"rate",12} {"loss",9} {"smoothed",9}"),
        ];
        // About a dozen rows evenly spaced, and the suggestion's.
        var every = Math.Max(1, sweep.Points.Count / 12);
        lines.AddRange(sweep.Points.Where((point, i) => i % every == 0 || i == sweep.Points.Count - 1 || point == sweep.Suggested)
            .Select(point => Invariant($"{point.Step,5} {ReportFormat.Rate(point.Rate),12} {point.Loss,9:F4} {point.SmoothedLoss,9:F4}{(point == sweep.Suggested ? "  ← suggested" : "")}")));
        lines.Add("");
        return string.Join(Environment.NewLine, lines);
    }

    private static JsonObject ToJson(LearningRateSweep sweep, RunSpec spec, string? chart) => new()
    {
        ["suggested_lr"] = sweep.Suggested?.Rate,
        ["suggestion"] = "steepest descent of the smoothed loss (PyTorch Lightning's rule)",
        ["lowest_smoothed_loss"] = sweep.Lowest is { } lowest ? new JsonObject { ["lr"] = lowest.Rate, ["smoothed_loss"] = lowest.SmoothedLoss, ["step"] = lowest.Step } : null,
        ["diverged"] = sweep.Diverged,
        ["stopped"] = sweep.Stopped,
        ["start_lr"] = sweep.Range.Start,
        ["end_lr"] = sweep.Range.End,
        ["steps"] = sweep.Range.Steps,
        ["smoothing"] = sweep.Range.Smoothing,
        ["diverge_factor"] = sweep.Range.DivergeFactor,
        ["chart"] = chart,
        ["spec"] = RunSpecJson.ToJson(spec),
        ["points"] = new JsonArray([.. sweep.Points.Select(point => (JsonNode)new JsonObject
        {
            ["step"] = point.Step, ["lr"] = point.Rate, ["loss"] = point.Loss, ["smoothed_loss"] = point.SmoothedLoss,
        })]),
    };
}
