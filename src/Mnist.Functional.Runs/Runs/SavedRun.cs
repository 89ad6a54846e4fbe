using System.Text.Json.Nodes;

namespace Mnist.Functional.Runs;

/// <summary>One run as <see cref="RunFolders"/> reads it from its folder: what ran, how far it got and how well it did.</summary>
/// <param name="Folder">The run's folder, as a full path.</param>
/// <param name="State">Where the run is.</param>
/// <param name="Reason">Why it is in that state, in one line; empty when there is nothing to add.</param>
/// <param name="Configuration">
/// The run's settings as JSON (<c>model</c>, <c>dataset</c>, <c>recipe</c>, <c>seed</c>, …): the specification in <c>run.json</c>, or
/// for older folders the configuration saved in <c>metrics.json</c> or with the checkpoint; empty when none is readable.
/// </param>
public sealed record SavedRun(string Folder, RunState State, string Reason, JsonObject Configuration)
{
    /// <summary>The folder's own name, such as <c>20261129-201503</c>.</summary>
    public string Name => Path.GetFileName(Path.TrimEndingDirectorySeparator(Folder));

    /// <summary>The zoo model's name, if the folder says.</summary>
    public string? Model => Configuration["model"] is JsonValue value && value.TryGetValue<string>(out var name) ? name : null;

    /// <summary>The dataset's id, if the folder says.</summary>
    public string? Dataset => Configuration["dataset"] is JsonValue value && value.TryGetValue<string>(out var id) ? id : null;

    /// <summary>The epochs the run was to train, if the folder says.</summary>
    public int? EpochsPlanned => Configuration["recipe"] is JsonObject recipe && recipe["epochs"] is JsonValue value && value.TryGetValue<int>(out var epochs) ? epochs : null;

    /// <summary>Epochs completed.</summary>
    public int EpochsCompleted { get; init; }

    /// <summary>The final test accuracy in [0, 1], when the run was evaluated.</summary>
    public double? TestAccuracy { get; init; }

    /// <summary>The final test loss, when the run was evaluated.</summary>
    public double? TestLoss { get; init; }

    /// <summary>Seconds spent training, when known.</summary>
    public double? TrainingSeconds { get; init; }

    /// <summary>When the run started, when known.</summary>
    public DateTimeOffset? Started { get; init; }

    /// <summary>When the run ended (or last wrote a file, for older folders), when known.</summary>
    public DateTimeOffset? Ended { get; init; }

    /// <summary>The moment the listing sorts by and shows: the start, else the end.</summary>
    public DateTimeOffset? Date => Started ?? Ended;

    /// <summary>The command line that reproduces the run, when recorded.</summary>
    public string? Command { get; init; }

    /// <summary>The version of Mnist.Functional that made the run, when recorded.</summary>
    public string? LibraryVersion { get; init; }

    /// <summary>The run's checkpoint folder, when it has one.</summary>
    public string? Checkpoint { get; init; }

    /// <summary>The run's HTML report, when it has one.</summary>
    public string? Report { get; init; }

    /// <summary>What could not be read in the run's files, one sentence each, each starting with the file's full path; empty when all was readable.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>
    /// The figures (names of this record's properties, such as <c>TestAccuracy</c>) whose recorded value could not be
    /// used, being of the wrong type or out of range: a listing shows them as <c>?</c>, where a figure not recorded at all is <c>—</c>.
    /// </summary>
    public IReadOnlySet<string> Damaged { get; init; } = new HashSet<string>();
}
