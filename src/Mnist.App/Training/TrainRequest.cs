using System.Text.Json.Nodes;

namespace Mnist.App.Training;

/// <summary>
/// What the user asked <c>train</c> for: the run's settings that were given (by key, as <see cref="TrainFlags"/> maps
/// flags to them; the rest come from the model's recipe or the resumed run) and how to run it.
/// </summary>
public sealed record TrainRequest
{
    /// <summary>The settings given, by key (<c>recipe.learning_rate</c> → 0.01); see <see cref="TrainFlags.Given"/>.</summary>
    public IReadOnlyDictionary<string, JsonNode?> Settings { get; init; } = new Dictionary<string, JsonNode?>();

    /// <summary>An architecture file to train instead of a zoo model (<c>--model-file</c>).</summary>
    public string? ModelFile { get; init; }

    /// <summary>An optimizer plan file to train with instead of a named optimizer (<c>--optimizer-file</c>).</summary>
    public string? OptimizerFile { get; init; }

    /// <summary>cpu, cuda or auto (<c>--device</c>).</summary>
    public string Device { get; init; } = "auto";

    /// <summary>A folder of dataset files to use instead of every other source (<c>--data-dir</c>).</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Where the run's files go (<c>--out</c>).</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>A checkpoint folder to continue from (<c>--resume</c>).</summary>
    public string? Resume { get; init; }

    /// <summary>Replace a run already in <see cref="OutputDirectory"/> (<c>--replace</c>).</summary>
    public bool Replace { get; init; }

    /// <summary>Print one JSON document on standard output and everything else on standard error (<c>--json</c>).</summary>
    public bool Json { get; init; }

    /// <summary>The intra-op thread count given, if any.</summary>
    public int? Threads => Settings.TryGetValue("threads", out var threads) ? threads?.GetValue<int>() : null;

    /// <summary>Whether a quick run was asked for.</summary>
    public bool Quick => Settings.TryGetValue("quick", out var quick) && quick?.GetValue<bool>() == true;
}
