using System.Globalization;
using Mnist.Functional.Models;

namespace Mnist.Functional.Runs;

/// <summary>
/// How much of the data and how many epochs an experiment uses: everything (<see cref="Full"/>), or a quick check
/// that the script works end to end (<see cref="Quick"/>: the first few thousand digits, one epoch).
/// </summary>
/// <param name="TrainItems">Train on the first this many training items; <see langword="null"/> for all.</param>
/// <param name="TestItems">Evaluate the first this many test items; <see langword="null"/> for all.</param>
/// <param name="MaxEpochs">Train at most this many epochs, whatever the recipe says; <see langword="null"/> for the recipe's.</param>
public sealed record ExperimentScale(long? TrainItems = null, long? TestItems = null, int? MaxEpochs = null)
{
    /// <summary>The whole dataset and the recipes' epochs.</summary>
    public static ExperimentScale Full { get; } = new();

    /// <summary>The first 2,048 training and 1,000 test items, one epoch: checks a script in seconds, measures nothing.</summary>
    public static ExperimentScale Quick { get; } = new(TrainItems: 2_048, TestItems: 1_000, MaxEpochs: 1);

    /// <summary>Whether this is the whole dataset with the recipes' epochs, so that the figures mean something.</summary>
    public bool IsFull => TrainItems is null && TestItems is null && MaxEpochs is null;

    /// <summary><paramref name="recipe"/> with its epochs capped at <see cref="MaxEpochs"/>.</summary>
    public Recipe Apply(Recipe recipe) => MaxEpochs is { } most && recipe.Epochs > most ? recipe with { Epochs = most } : recipe;

    /// <summary><paramref name="spec"/> at this scale: its epochs capped, its training and test splits cut to their first items.</summary>
    public RunSpec Apply(RunSpec spec) => spec with
    {
        Recipe = Apply(spec.Recipe),
        TrainItems = TrainItems ?? spec.TrainItems,
        TestItems = TestItems ?? spec.TestItems,
    };

    /// <summary>The scale in words, for a report's settings.</summary>
    public string Describe() => IsFull
        ? "full: every training and test item, the recipes' epochs"
        : $"reduced ({(TrainItems is { } train ? train.ToString("N0", CultureInfo.InvariantCulture) : "all")} training items, {(TestItems is { } test ? test.ToString("N0", CultureInfo.InvariantCulture) : "all")} test items, {(MaxEpochs is { } most ? $"at most {most.ToString(CultureInfo.InvariantCulture)} epoch{(most == 1 ? "" : "s")}" : "the recipes' epochs")}): checks the script, measures nothing";

    /// <summary>The folder for experiment <paramref name="name"/>'s report at this scale (reduced runs end in <c>-quick</c>).</summary>
    public string FolderFor(string name, DateTimeOffset at) => Experiment.FolderFor(IsFull ? name : name + "-quick", at);
}
