using Mnist.Functional.Native;
using Mnist.Functional.Training;

namespace Mnist.Functional.Runs.Tests.Runs;

public sealed class RunMetricsTests
{
    private static readonly EngineInfo Engine = new("0.107.0", "2.10.0", "cpu", false, "Test CPU", "AVX2", 2, 2, 2);

    [Test]
    public void A_Checkpoint_Evaluated_On_Its_Own_Leaves_The_Training_Fields_Out_Rather_Than_Null()
    {
        var document = RunMetrics.ToJson(SyntheticRun.Predictions(20, SyntheticRun.Digits), history: null, timings: null, Engine, [], new Dictionary<string, string>());

        Assert.Multiple(() =>
        {
            Assert.That(document.Select(field => field.Key), Has.None.AnyOf("epochs", "steps", "timings"));
            Assert.That((int?)document["test_samples"], Is.EqualTo(20));
        });
    }

    [Test]
    public void A_Trained_Run_Has_Its_Epochs_Steps_And_Timings()
    {
        var history = History.Empty.WithStep(1f, 0.5f, 0.1).WithEpoch(new EpochRecord(1, 1, 0.5, null, null, null, null, 0.1, 2.0, 10));

        var document = RunMetrics.ToJson(SyntheticRun.Predictions(20, SyntheticRun.Digits), history, new RunTimings(2.0, 0.5, 3.0), Engine, [], new Dictionary<string, string>());

        Assert.Multiple(() =>
        {
            Assert.That((int?)document["epochs"], Is.EqualTo(1));
            Assert.That((int?)document["steps"], Is.EqualTo(1));
            Assert.That((double?)document["timings"]!["total_seconds"], Is.EqualTo(3.0));
        });
    }
}
