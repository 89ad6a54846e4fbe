using Mnist.Functional.Data;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Explain;
using Mnist.Functional.Models;
using Mnist.Functional.Training;
using static TorchSharp.torch;

namespace Mnist.Functional.Runs.Tests.Explain;

/// <summary>
/// Completeness on every zoo model: with the default settings (50 Gauss–Legendre steps, a black baseline), the
/// convergence deltas of integrated gradients add up to less than 1% of the score differences they explain.
/// </summary>
/// <remarks>
/// The bound is on the totals over the test digits, <c>Σ|Δ| ≤ 1% · Σ|F(x) − F(x′)|</c>: a single digit whose score
/// barely moves from the baseline can have a large relative delta (ReLU networks make the path integrand a step
/// function that no 50-point rule integrates exactly), and docs/explain.md gives the per-digit spread.
/// </remarks>
[Category("RealData")]
public sealed class IntegratedGradientsZooTests
{
    private const int Digits = 20;

    private static IEnumerable<TestCaseData> Models() => Zoo.All.Select(model => new TestCaseData(model).SetArgDisplayNames(model.Name));

    [TestCaseSource(nameof(Models))]
    public async Task The_Deltas_Add_Up_To_Less_Than_One_Percent_Of_The_Score_Differences(ZooModel model)
    {
        using var mnist = await DataSources.LoadAsync(DatasetCatalog.Mnist);
        using var scope = NewDisposeScope();
        using var trained = BrieflyTrained(model, mnist);
        var score = new ClassScore(model.Network, trained.Variables, Preprocess.Normalize(mnist.Stats));
        var inputs = Preprocess.ToNchw(Preprocess.ToUnitRange(mnist.Test.Images.narrow(0, 0, Digits)));
        var targets = mnist.Test.Labels.narrow(0, 0, Digits).to(int64);

        var attribution = new IntegratedGradients().Attribute(score, inputs, targets);

        var deltas = attribution.ConvergenceDelta!.to(float64).abs().sum().item<double>();
        var differences = (attribution.Scores - attribution.BaselineScores!).to(float64).abs().sum().item<double>();
        TestContext.Out.WriteLine($"{model.Name}: Σ|Δ| = {deltas:G4}, Σ|F(x) − F(x′)| = {differences:G4}, ratio {deltas / differences:P3}");
        Assert.That(deltas, Is.LessThan(0.01 * differences));
    }

    // One epoch of the model's own recipe over the first 2,000 training digits, enough for its maps to mean something.
    private static TrainState BrieflyTrained(ZooModel model, Dataset mnist)
    {
        using var subset = mnist.Train.Take(arange(2000));
        var pipeline = subset.Shuffle(1).Batch(100).Select(mnist.Preprocessing);
        var setup = new TrainingSetup(model.Network, model.Recipe.OptimizerFor(pipeline.BatchesPerEpoch, epochs: 1), Epochs: 1, Seed: 1);
        return Train.Fit(setup, pipeline).State;
    }
}
