using Mnist.Functional.Evaluation;
using Mnist.Functional.Native;
using Mnist.Functional.Runs;
using Mnist.Functional.Training;

namespace Mnist.Functional.Reports;

/// <summary>Everything an HTML report shows about one training run: what ran, how it learned, and how it did on the test split.</summary>
public sealed record RunPageContent
{
    /// <summary>The page's title, such as <c>LeNet-5 on MNIST</c>.</summary>
    public required string Title { get; init; }

    /// <summary>The dataset's name, such as <c>MNIST</c> or <c>Fashion-MNIST</c>.</summary>
    public required string DatasetName { get; init; }

    /// <summary>The model's name, such as <c>lenet5</c>.</summary>
    public required string ModelName { get; init; }

    /// <summary>A description of the model (its layers, parameter count), shown as preformatted text; empty to leave it out.</summary>
    public string ModelSummary { get; init; } = "";

    /// <summary>The run's settings, in the order they should be listed.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Config { get; init; } = [];

    /// <summary>The engine the run used: versions, CPU and threads.</summary>
    public required EngineInfo Engine { get; init; }

    /// <summary>The per-epoch and per-step record of training.</summary>
    public required History History { get; init; }

    /// <summary>The model's predictions on the test split.</summary>
    public required Predictions TestPredictions { get; init; }

    /// <summary>The test images, indexed like <see cref="TestPredictions"/>.</summary>
    public required DigitImages TestImages { get; init; }

    /// <summary>Where the run's wall time went.</summary>
    public required RunTimings Timings { get; init; }

    /// <summary>When the run finished.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>
    /// How much of each one-hot target the training loss spread over all classes (0 for none). The report
    /// draws the lowest training loss this allows and says why the training loss reads higher than the test loss.
    /// </summary>
    public double LabelSmoothing { get; init; }

    /// <summary>The command line that reproduces the run, such as <c>mnist train --model lenet5 --epochs 2</c>, if known.</summary>
    public string? Command { get; init; }

    /// <summary>The version of Mnist.Functional that made the run.</summary>
    public string LibraryVersion { get; init; } = Runs.LibraryVersion.Current;

    /// <summary>Where the checkpoint was saved, if it was; shown as a link relative to the report.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Where the metrics file was written, if it was; shown as a link relative to the report.</summary>
    public string? MetricsPath { get; init; }

    /// <summary>Where the per-epoch history (CSV) was written, if it was; shown as a link relative to the report.</summary>
    public string? HistoryPath { get; init; }

    /// <summary>Reload the page every this many seconds, for a run that goes on; <see langword="null"/> for a page that stays.</summary>
    public int? ReloadSeconds { get; init; }

    /// <summary>Why the run ended, in one line, shown under the title; <see langword="null"/> for none.</summary>
    public string? Note { get; init; }

    /// <summary>How many test digits, from the first, the sample grid shows.</summary>
    public int SampleCount { get; init; } = 48;

    /// <summary>How many of the most confident mistakes the gallery shows.</summary>
    public int MistakeCount { get; init; } = 16;
}
