using System.Globalization;

namespace Mnist.Functional.Runs.Sweeps;

/// <summary>
/// The part of a sweep one process runs: trial <c>i</c> belongs to shard <c>i mod Count</c>, so shards of one sweep never
/// overlap and together cover it. A scheduler's array job says which shard a copy of the command is: Slurm through
/// <c>SLURM_ARRAY_TASK_ID</c> (with <c>SLURM_ARRAY_TASK_MIN</c>, <c>_STEP</c> and <c>_COUNT</c>), a Kubernetes indexed Job
/// through <c>JOB_COMPLETION_INDEX</c> (from 0; its count comes from the sweep file or the command line).
/// </summary>
/// <param name="Index">The shard, from 0.</param>
/// <param name="Count">How many shards the sweep is split into.</param>
public sealed record SweepShard(int Index, int Count)
{
    /// <summary>The Slurm array's task id.</summary>
    public const string SlurmVariable = "SLURM_ARRAY_TASK_ID";

    /// <summary>The Kubernetes indexed Job's completion index.</summary>
    public const string KubernetesVariable = "JOB_COMPLETION_INDEX";

    /// <summary>The whole sweep as one shard.</summary>
    public static SweepShard All { get; } = new(0, 1);

    /// <summary>Whether trial <paramref name="index"/> is this shard's.</summary>
    public bool Contains(int index) => index % Count == Index;

    /// <summary>The shard in words, counted from 1 as people and <c>--shard</c> count: <c>2/4</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index + 1}/{Count}");

    /// <summary>Reads <c>I/N</c>, counted from 1 (<c>1/2</c> and <c>2/2</c> are the two halves).</summary>
    /// <exception cref="ArgumentException">The text is not two whole numbers with 1 ≤ I ≤ N.</exception>
    public static SweepShard Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count is >= 1 and <= SweepFile.MaxTrials && index >= 1 && index <= count)
            return new SweepShard(index - 1, count);
        throw new ArgumentException($"A shard is I/N with 1 ≤ I ≤ N ≤ {SweepFile.MaxTrials:N0} (such as 2/4), not '{text}'.");
    }

    /// <summary>
    /// The shard a scheduler's variables name, or <see langword="null"/> when none is set. The count is <paramref name="count"/>
    /// when given, else Slurm's array size (<c>SLURM_ARRAY_TASK_COUNT</c>: the array that runs is what counts), else
    /// <paramref name="fileCount"/>; a Kubernetes Job does not tell its pods its completions, so it needs one of the two.
    /// </summary>
    /// <param name="variable">Reads an environment variable (<see cref="Environment.GetEnvironmentVariable(string)"/>).</param>
    /// <param name="count">The number of shards from the command line, if given.</param>
    /// <param name="fileCount">The number of shards the sweep file gives, if it does.</param>
    /// <exception cref="ArgumentException">A variable is not a whole number, the count is unknown, or the index is outside it.</exception>
    public static SweepShard? FromEnvironment(Func<string, string?> variable, int? count, int? fileCount = null)
    {
        if (variable(SlurmVariable) is { Length: > 0 } slurm)
        {
            var id = Whole(SlurmVariable, slurm);
            var min = variable("SLURM_ARRAY_TASK_MIN") is { Length: > 0 } m ? Whole("SLURM_ARRAY_TASK_MIN", m) : 0;
            var step = variable("SLURM_ARRAY_TASK_STEP") is { Length: > 0 } s ? Math.Max(1, Whole("SLURM_ARRAY_TASK_STEP", s)) : 1;
            var slurmCount = variable("SLURM_ARRAY_TASK_COUNT") is { Length: > 0 } c ? Whole("SLURM_ARRAY_TASK_COUNT", c) : (int?)null;
            return Checked((id - min) / step, count ?? slurmCount ?? fileCount, $"{SlurmVariable}={id}", "--shards N, the sweep file's \"shards\", or SLURM_ARRAY_TASK_COUNT");
        }
        if (variable(KubernetesVariable) is { Length: > 0 } kubernetes)
            return Checked(Whole(KubernetesVariable, kubernetes), count ?? fileCount, $"{KubernetesVariable}={kubernetes}", "--shards N or the sweep file's \"shards\" (the Job's completions)");
        return null;
    }

    private static SweepShard Checked(int index, int? count, string source, string countFrom)
    {
        if (count is not { } n)
            throw new ArgumentException($"{source} says which shard this is, but not of how many: give {countFrom}.");
        if (index < 0 || index >= n)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{source} is shard {index + 1} (counted from 1), but the sweep is split into {n}: the array and the count disagree."));
        return new SweepShard(index, n);
    }

    private static int Whole(string name, string text) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new ArgumentException($"The environment variable {name} must be a whole number of at least 0, not '{text}'.");
}
