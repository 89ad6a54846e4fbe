using Mnist.Functional.Data;
using Mnist.Functional.Models;

namespace Mnist.Functional.Runs;

/// <summary>One training run an experiment asks for: a zoo model, the recipe to train it with, and the seed.</summary>
/// <param name="Model">The zoo model.</param>
/// <param name="Recipe">The recipe; often the model's own, or a variation of it.</param>
/// <param name="Seed">Seeds initialisation, dropout and shuffling.</param>
/// <param name="ValidationSize">Training items held out and evaluated each epoch (chosen with seed + 1, as <c>mnist train</c> does); 0 for none.</param>
/// <param name="TestEachEpoch">Evaluate the test split after every epoch (for curves), not only after the last.</param>
public sealed record ExperimentPlan(ZooModel Model, Recipe Recipe, long Seed, int ValidationSize = 0, bool TestEachEpoch = true)
{
    /// <summary><paramref name="model"/> with its own recipe.</summary>
    public static ExperimentPlan Of(ZooModel model, long seed) => new(model, model.Recipe, seed);

    /// <summary>The run's configuration on <paramref name="dataset"/>, as <c>mnist train</c> saves it with a checkpoint.</summary>
    public RunConfig ConfigFor(Dataset dataset) =>
        new(Model.Name, dataset.Info.Id, Recipe, Seed, dataset.Stats.Mean, dataset.Stats.Std, ValidationSize);
}
