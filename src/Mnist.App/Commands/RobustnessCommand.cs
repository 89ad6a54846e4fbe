using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Mnist.App.Cli;
using Mnist.App.Progress;
using Mnist.Functional.Data;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Datasets;
using Mnist.Functional.IO;
using Mnist.Functional.Images;
using Mnist.Functional.Native;
using Mnist.Functional.Reports;
using Mnist.Functional.Robustness.Corruptions;
using Mnist.Functional.Runs;
using Mnist.Functional.Tensors;
using static System.FormattableString;

namespace Mnist.App.Commands;

/// <summary><c>robustness</c>: how a checkpoint holds up under MNIST-C's corruptions and under FGSM and PGD, as a table, JSON and an offline page.</summary>
public static class RobustnessCommand
{
    private static readonly Option<string> Checkpoint = new("--checkpoint", "-c") { Description = "The run folder that 'train' wrote (runs/<timestamp>) or its checkpoint folder.", Required = true };
    private static readonly Option<string?> DataDirectory = new("--data-dir") { Description = "Use the dataset files in this folder (standard names, raw or .gz) and no other source." };
    private const string ReportOption = "--report";
    private const string PageName = "robustness.html";
    private static readonly Option<string?> Report = new(ReportOption) { Description = "Write the HTML page here (default: robustness.html in the run folder, replaced each time); an existing file is replaced only with --force." };
    private static readonly Option<bool> Force = OutputTarget.Force();
    private static readonly Option<bool> Quick = new("--quick") { Description = "The first 1,000 test digits, PGD-10 (or --steps), ε 0.1 and 0.3 only: a look in about a tenth of the time." };
    private static readonly Option<int?> Steps = NumberOptions.Whole("--steps", "PGD's steps per search (40 by default); the step size is 2.5·ε/steps.", 1, 10_000);
    private static readonly Option<int?> Restarts = NumberOptions.Whole("--restarts", "PGD's random starts; a digit counts as robust only under every one (1 by default).", 1, 100);
    private static readonly Option<long?> Seed = NumberOptions.Whole64("--seed", "Seeds the corruptions and PGD's random starts (1 by default).");
    private static readonly Option<int?> Threads = ThreadCount.Create();
    private static readonly Option<bool> Json = new("--json") { Description = "Print one JSON document on stdout instead of the table." };

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("robustness", "Measure a checkpoint under MNIST-C's 15 corruptions and under FGSM and PGD at ε 0.05 to 0.3: a table, --json, and an offline HTML page.");
        foreach (var option in new Option[] { Checkpoint, DataDirectory, Report, Force, Quick, Steps, Restarts, Seed, Threads, Json }) command.Options.Add(option);
        command.SetAction(CommandAction.Guarded(MeasureAsync));
        return command;
    }

    private static async Task<int> MeasureAsync(ParseResult parse, CancellationToken cancellation)
    {
        var engine = CommandEngine.Start(EngineOptions.ForTraining, parse.GetValue(Threads));
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var checkpoint = RunFolders.CheckpointOf(parse.GetValue(Checkpoint)!);
        // The page in the run's folder is this command's own, replaced by each measurement; a file the user names is
        // replaced only with --force. Either is checked (and its folder tried) before the minutes of work.
        var given = parse.GetValue(Report);
        var reportPath = OutputTarget.File(ReportOption, given ?? Path.Combine(Path.GetDirectoryName(checkpoint)!, PageName), PageName, error,
            replace: given is null || parse.GetValue(Force));
        var settings = new RobustnessSettings(MnistC.All(CannyEdges.Corruption), RobustnessSettings.StandardEpsilons,
            parse.GetValue(Steps) ?? Functional.Robustness.Pgd.DefaultSteps, parse.GetValue(Restarts) ?? 1, parse.GetValue(Seed) ?? 1);
        // --quick shortens PGD to its own steps unless --steps says how many.
        if (parse.GetValue(Quick)) settings = settings.Quick() with { PgdSteps = parse.GetValue(Steps) ?? RobustnessSettings.QuickPgdSteps };
        settings.Checked();

        using var trained = TrainedModel.Load(checkpoint);
        if (RobustnessSettings.CorruptionsUnfitFor(trained.Dataset.Image) is { } unfit)
            await error.WriteLineAsync($"note: {unfit}, so they are left out; FGSM and PGD are measured.");
        settings = settings.FittedTo(trained.Dataset.Image);
        using var dataset = await DataSources.LoadAsync(trained.Dataset, DatasetChoice.Options(parse.GetValue(DataDirectory), ProgressLine.For(error), trained.Dataset.Image), cancellation);
        var report = RobustnessRun.Measure(trained, dataset, settings, step =>
        {
            cancellation.ThrowIfCancellationRequested();
            error.WriteLine($"measuring {step}…");
        });
        // The figures are printed before the page is written, so that a full disk costs the page, not the minutes of work.
        if (parse.GetValue(Json))
            await JsonOutput.WriteAsync(output, ToJson(report, engine, checkpoint, reportPath));
        else
        {
            await output.WriteLineAsync(Table(report));
            await output.WriteLineAsync(Invariant($"measured in      {report.TotalSeconds:F1} s"));
        }
        var command = "mnist " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1));
        OutputTarget.Writing(ReportOption, reportPath, () => AtomicFile.WriteText(reportPath, RobustnessPage.Render(report, command)));
        if (!parse.GetValue(Json))
            await output.WriteLineAsync(Invariant($"report           {reportPath}"));
        return ExitCodes.Success;
    }

    /// <summary>The figures as a text table: one row per measurement, the corruptions' mean, FGSM and PGD side by side by ε.</summary>
    internal static string Table(RobustnessReport report)
    {
        string Percent(double value) => ProgressText.Percent(value);
        var lines = new List<string>
        {
            Invariant($"model            {report.Model} ({report.Run})"),
            Invariant($"test digits      {report.TestItems:N0} of {report.Dataset}"),
            Invariant($"clean accuracy   {Percent(report.Clean.Accuracy)}"),
            "",
        };
        lines.Add(report.CorruptionsLeftOut is { } leftOut ? Invariant($"corruptions      left out: {leftOut}") : Invariant($"{"corruption",-16} {"accuracy",9}"));
        lines.AddRange(report.Corruptions.Select(score => Invariant($"{score.Name,-16} {Percent(score.Accuracy),9}")));
        if (report.Corruptions.Count > 0)
            lines.Add(Invariant($"{"mean",-16} {Percent(report.MeanCorruptionAccuracy),9}"));
        lines.Add("");
        lines.Add(Invariant($"{"ε",-6} {"FGSM",9} {$"PGD-{report.Settings.PgdSteps}",9}"));
        var pgd = report.Attack("pgd").ToDictionary(score => score.Epsilon!.Value);
        foreach (var fgsm in report.Attack("fgsm"))
            lines.Add(Invariant($"{fgsm.Epsilon!.Value,-6:0.00} {Percent(fgsm.Accuracy),9} {Percent(pgd[fgsm.Epsilon.Value].Accuracy),9}"));
        lines.Add(Invariant($"PGD: {report.Settings.PgdSteps} steps of α = 2.5·ε/{report.Settings.PgdSteps}, random start, {report.Settings.PgdRestarts} restart{(report.Settings.PgdRestarts == 1 ? "" : "s")}, seed {report.Settings.Seed}; L∞ on pixels in [0, 1]."));
        return string.Join(Environment.NewLine, lines);
    }

    private static JsonObject ToJson(RobustnessReport report, EngineInfo engine, string checkpoint, string reportPath)
    {
        JsonObject Score(RobustnessScore score) => new()
        {
            ["name"] = score.Name,
            ["epsilon"] = score.Epsilon,
            ["accuracy"] = score.Accuracy,
            ["seconds"] = score.Seconds,
        };
        return new JsonObject
        {
            ["model"] = report.Model,
            ["run"] = report.Run,
            ["dataset"] = report.Dataset,
            ["test_items"] = report.TestItems,
            ["clean_accuracy"] = report.Clean.Accuracy,
            ["corruptions"] = new JsonArray([.. report.Corruptions.Select(score => (JsonNode)Score(score))]),
            ["corruption_mean_accuracy"] = report.Corruptions.Count == 0 ? null : report.MeanCorruptionAccuracy,
            ["corruptions_left_out"] = report.CorruptionsLeftOut,
            ["fgsm"] = new JsonArray([.. report.Attack("fgsm").Select(score => (JsonNode)Score(score))]),
            ["pgd"] = new JsonArray([.. report.Attack("pgd").Select(score => (JsonNode)Score(score))]),
            ["settings"] = new JsonObject
            {
                ["pgd_steps"] = report.Settings.PgdSteps,
                ["pgd_step_size"] = Invariant($"2.5 * epsilon / {report.Settings.PgdSteps}"),
                ["pgd_restarts"] = report.Settings.PgdRestarts,
                ["pgd_random_start"] = true,
                ["norm"] = "linf",
                ["seed"] = report.Settings.Seed,
            },
            ["total_seconds"] = report.TotalSeconds,
            ["engine"] = engine.Describe(),
            ["paths"] = new JsonObject { ["checkpoint"] = Path.GetFullPath(checkpoint), ["report"] = reportPath },
        };
    }
}
