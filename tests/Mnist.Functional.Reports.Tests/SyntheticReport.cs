using Mnist.Functional.Native;
using Mnist.Functional.Runs;
using Mnist.Functional.Runs.Tests.Runs;

namespace Mnist.Functional.Reports.Tests;

/// <summary>The report of a <see cref="SyntheticRun"/>: six epochs of falling loss, and test digits drawn from a 3×5 pixel font.</summary>
internal static class SyntheticReport
{
    /// <summary>The report of a run over <paramref name="samples"/> test digits.</summary>
    public static RunPageContent Report(int samples = 200, IReadOnlyList<string>? classNames = null) => new()
    {
        Title = "Synthetic CNN on MNIST",
        DatasetName = "MNIST",
        ModelName = "tiny-cnn",
        ModelSummary = "conv(1→8, 3×3) → relu → maxpool(2) → flatten → linear(1352→10)\n13,610 parameters",
        Config = [new("model", "tiny-cnn"), new("optimizer", "adam"), new("learning rate", "0.001"), new("batch size", "64"), new("epochs", "6"), new("seed", "42")],
        Engine = new EngineInfo("0.107.0", "2.10.0", "cpu", false, "Test CPU @ 3.0GHz", "AVX2", 2, 2, 2),
        History = SyntheticRun.History(epochs: 6, stepsPerEpoch: 120),
        TestPredictions = SyntheticRun.Predictions(samples, classNames ?? SyntheticRun.Digits),
        TestImages = Images(samples),
        Timings = new RunTimings(TrainingSeconds: 191.5, EvaluationSeconds: 3.2, TotalSeconds: 201.9),
        CreatedAt = new DateTimeOffset(2026, 11, 24, 20, 15, 3, TimeSpan.Zero),
        CheckpointPath = "runs/20261124-201503/checkpoint",
        MetricsPath = "runs/20261124-201503/metrics.json",
    };

    /// <summary>The test digits of <see cref="SyntheticRun.Pixels"/> as the report shows them.</summary>
    public static DigitImages Images(int samples) => new(SyntheticRun.Pixels(samples));
}
