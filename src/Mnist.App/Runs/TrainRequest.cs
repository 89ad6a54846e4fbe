namespace Mnist.App.Runs;

/// <summary>What the user asked <c>train</c> for; <see langword="null"/> means "not given": the model's recipe (or the resumed run) decides.</summary>
/// <param name="Model">The zoo model's name.</param>
/// <param name="Dataset">The dataset's id: <c>mnist</c> or <c>fashion</c>.</param>
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
/// <param name="Command">The command line as typed, recorded so the report can show how to reproduce the run.</param>
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
    bool Json = false,
    string? Command = null);
