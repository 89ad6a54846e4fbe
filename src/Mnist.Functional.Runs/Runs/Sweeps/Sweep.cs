namespace Mnist.Functional.Runs.Sweeps;

/// <summary>A sweep read from its file: every trial it expands to, checked, and how a scheduler splits it.</summary>
/// <param name="Name">The sweep's name (its <c>name</c> field, else the file's name without <c>.json</c>).</param>
/// <param name="Source">The file it was read from.</param>
/// <param name="Text">The file's text as read, which the sweep's folder keeps so that a changed file is not mixed with earlier trials.</param>
/// <param name="Axes">The settings it varies, in the file's order.</param>
/// <param name="Trials">Every trial, in order.</param>
public sealed record Sweep(string Name, string Source, string Text, IReadOnlyList<SweepAxis> Axes, IReadOnlyList<SweepTrial> Trials)
{
    /// <summary>How many shards a scheduler's array has, as the file says (<c>shards</c>); <see langword="null"/> when it does not.</summary>
    public int? Shards { get; init; }

    /// <summary>The sampling in words: <c>grid</c> or <c>random (20 trials, seed 7)</c>.</summary>
    public string Sampling { get; init; } = SweepFile.Grid;

    /// <summary>The architecture files the sweep names (<c>model_file</c>): each path as written, and the text read from it.</summary>
    public IReadOnlyDictionary<string, string> Files { get; init; } = new Dictionary<string, string>();
}
