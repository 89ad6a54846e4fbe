namespace Mnist.App.Training;

/// <summary>What the user typed for <c>train</c>; <see langword="null"/> means "not given": the model's recipe (or the resumed run) decides. <see cref="RunPlan"/> turns it into the run's specification, once.</summary>
/// <param name="Model">The zoo model's name.</param>
/// <param name="Dataset">The dataset: <c>mnist</c>, <c>fashion</c>, an added dataset's name, or a folder of labelled images.</param>
/// <param name="Epochs">Total epochs.</param>
/// <param name="BatchSize">Samples per step.</param>
/// <param name="Optimizer">The optimizer's name.</param>
/// <param name="LearningRate">The (peak) learning rate.</param>
/// <param name="Schedule">The schedule's name.</param>
/// <param name="Seed">Seeds initialisation, dropout, shuffling and the validation split.</param>
/// <param name="Threads">Intra-op threads.</param>
/// <param name="Device">cpu, cuda or auto.</param>
/// <param name="DataDirectory">A folder of dataset files to use instead of every other source.</param>
/// <param name="OutputDirectory">Where the run's files go.</param>
/// <param name="Resume">A checkpoint folder to continue from.</param>
/// <param name="ValidationSize">Training samples held out for validation.</param>
/// <param name="Json">Print one JSON document on standard output and everything else on standard error.</param>
public sealed record TrainRequest(
    string? Model = null,
    string? Dataset = null,
    int? Epochs = null,
    int? BatchSize = null,
    string? Optimizer = null,
    double? LearningRate = null,
    string? Schedule = null,
    long? Seed = null,
    int? Threads = null,
    string Device = "auto",
    string? DataDirectory = null,
    string? OutputDirectory = null,
    string? Resume = null,
    int? ValidationSize = null,
    bool Json = false)
{
    /// <summary>Stop when the validation loss has not improved for this many epochs (<c>--early-stopping</c>).</summary>
    public int? EarlyStopping { get; init; }

    /// <summary>Seconds of training not to go past (<c>--time-budget</c>).</summary>
    public double? TimeBudget { get; init; }

    /// <summary>Label smoothing of the loss (<c>--label-smoothing</c>).</summary>
    public double? LabelSmoothing { get; init; }

    /// <summary>Weight decay (<c>--weight-decay</c>).</summary>
    public double? WeightDecay { get; init; }

    /// <summary>SGD's or RMSProp's momentum (<c>--momentum</c>).</summary>
    public double? Momentum { get; init; }

    /// <summary>Replace a run already in <see cref="OutputDirectory"/> (<c>--replace</c>).</summary>
    public bool Replace { get; init; }

    /// <summary>Train on the first this many training items only (<c>--train-items</c>).</summary>
    public long? TrainItems { get; init; }

    /// <summary>Evaluate the first this many test items only (<c>--test-items</c>).</summary>
    public long? TestItems { get; init; }

    /// <summary>A quick run that checks the recipe end to end (<c>--quick</c>); see <see cref="RunPlan.Quick"/>.</summary>
    public bool Quick { get; init; }

    /// <summary>For a folder dataset, the share of each class held out for testing (<c>--test-fraction</c>).</summary>
    public double? TestFraction { get; init; }

    /// <summary>For a folder dataset, a separate folder of test images (<c>--test-folder</c>).</summary>
    public string? TestFolder { get; init; }

    /// <summary>A trained run to start from instead of fresh weights (<c>--init-from</c>).</summary>
    public string? InitFrom { get; init; }

    /// <summary>Layers to keep as the trained run has them (<c>--freeze</c>): layer paths, or <c>all-but-head</c>.</summary>
    public IReadOnlyList<string>? Freeze { get; init; }
}
