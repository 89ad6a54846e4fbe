using Mnist.Functional.Data;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Explain;
using Mnist.Functional.Layers;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Parameters;
using Mnist.Functional.Training;
using static Mnist.Functional.Layers.Nn;
using TorchSharp;
using static TorchSharp.torch;

namespace Mnist.Functional.Runs.Tests.Explain;

/// <summary>
/// The model-randomisation check of Adebayo et al. (2018, "Sanity Checks for Saliency Maps"): a map that explains the
/// model must change when the model's weights do. Re-initialising the last layer, then every layer, must lower the maps'
/// rank correlation with the trained model's maps, while the trained model explained twice gives the same maps.
/// </summary>
/// <remarks>
/// The maps' absolute values are ranked on the ink only: gradient × input, integrated gradients from black and
/// occlusion with black are exactly 0 on the background whatever the weights, so over every pixel they would agree on
/// 80% of the image by construction (their rank correlation stays above 0.99 there).
/// </remarks>
[Category("RealData")]
public sealed class SanityCheckTests
{
    private const int Digits = 40;

    private static readonly Layer Model = Sequential(
        Conv2d(1, 8, 3), Relu, MaxPool2d(2), Conv2d(8, 16, 3), Relu, MaxPool2d(2), Flatten(), Linear(16 * 5 * 5, 10));

    private static IEnumerable<TestCaseData> Methods()
    {
        yield return new TestCaseData(new Saliency()).SetArgDisplayNames("saliency");
        yield return new TestCaseData(new GradientTimesInput()).SetArgDisplayNames("gradient-x-input");
        yield return new TestCaseData(new IntegratedGradients(steps: 16)).SetArgDisplayNames("integrated-gradients");
        yield return new TestCaseData(new SmoothGrad(samples: 8)).SetArgDisplayNames("smoothgrad");
        yield return new TestCaseData(new Occlusion()).SetArgDisplayNames("occlusion");
    }

    private DisposeScope? scope;
    private TrainState? training;
    private Variables trained;
    private Variables lastLayerRandom;
    private Variables allRandom;
    private Func<Tensor, Tensor>? normalise;
    private Tensor? inputs;
    private Tensor? targets;

    [OneTimeSetUp]
    public async Task TrainTheModelBriefly()
    {
        using var mnist = await DataSources.LoadAsync(DatasetCatalog.Mnist);
        scope = NewDisposeScope();
        using (var subset = mnist.Train.Take(arange(3000)))
        {
            var pipeline = subset.Shuffle(1).Batch(100).Select(mnist.Preprocessing);
            training = Train.Fit(new TrainingSetup(Model, new Adam(1e-3), Epochs: 1, Seed: 1), pipeline).State;
            trained = training.Variables;
        }
        var fresh = Model.Init(new Generator(99));
        lastLayerRandom = trained with { Params = Params.Of(trained.Params.Select(entry => entry.Key.StartsWith("7.", StringComparison.Ordinal) ? KeyValuePair.Create(entry.Key, fresh.Params[entry.Key]) : entry)) };
        allRandom = fresh;
        normalise = Preprocess.Normalize(mnist.Stats);
        inputs = Preprocess.ToNchw(Preprocess.ToUnitRange(mnist.Test.Images.narrow(0, 0, Digits)));
        targets = mnist.Test.Labels.narrow(0, 0, Digits).to(int64);
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        training?.Dispose();
        inputs?.Dispose();
        targets?.Dispose();
        scope?.Dispose();
    }

    [TestCaseSource(nameof(Methods))]
    public void Randomising_The_Last_Layer_Then_All_Lowers_The_Rank_Correlation_With_The_Trained_Models_Maps(AttributionMethod method)
    {
        using var testScope = NewDisposeScope();
        Tensor MapOf(Variables variables) => method.Attribute(new ClassScore(Model, variables, normalise), inputs!, targets!).Map.abs();
        var ink = inputs!.gt(0);
        double MeanCorrelation(Tensor first, Tensor second) => RankCorrelation.Spearman(first, second, ink).Average();

        var reference = MapOf(trained);
        var again = MeanCorrelation(reference, MapOf(trained));
        var last = MeanCorrelation(reference, MapOf(lastLayerRandom));
        var all = MeanCorrelation(reference, MapOf(allRandom));

        TestContext.Out.WriteLine($"{method.Name}: mean Spearman with the trained model's maps: same model {again:F3}, last layer random {last:F3}, all random {all:F3}");
        Assert.Multiple(() =>
        {
            Assert.That(again, Is.EqualTo(1.0), "the trained model explained twice");
            Assert.That(last, Is.LessThan(0.9), "last layer re-initialised");
            Assert.That(all, Is.LessThan(last), "every layer re-initialised");
        });
    }
}
