namespace Mnist.App.Runs;

/// <summary>The files a training run writes into its folder.</summary>
/// <param name="Folder">The run's folder.</param>
public sealed record RunFiles(string Folder)
{
    /// <summary>The HTML report.</summary>
    public string Report => Path.Combine(Folder, "report.html");

    /// <summary>The figures as JSON.</summary>
    public string Metrics => Path.Combine(Folder, "metrics.json");

    /// <summary>One CSV row per epoch.</summary>
    public string History => Path.Combine(Folder, "history.csv");

    /// <summary>The checkpoint folder.</summary>
    public string Checkpoint => Path.Combine(Folder, TrainingRun.CheckpointFolder);

    /// <summary>Every path by its name in <c>metrics.json</c>.</summary>
    public IReadOnlyDictionary<string, string> ByName() => new Dictionary<string, string>
    {
        ["folder"] = Folder,
        ["report"] = Report,
        ["metrics"] = Metrics,
        ["history"] = History,
        ["checkpoint"] = Checkpoint,
    };
}
