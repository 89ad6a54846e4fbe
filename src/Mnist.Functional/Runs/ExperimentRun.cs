using System.Text.Json.Nodes;
using System.Text.Json;
using Mnist.Functional.Evaluation;
using Mnist.Functional.Layers;
using Mnist.Functional.Models;
using Mnist.Functional.Persistence;
using Mnist.Functional.Reports;
using Mnist.Functional.Training;

namespace Mnist.Functional.Runs;

/// <summary>What one experiment run gave: the plan as run, its history, the test predictions after the last epoch, and where the time went.</summary>
/// <param name="Plan">The plan, with the recipe as run (epochs capped by the scale).</param>
/// <param name="Dataset">The dataset's display name.</param>
/// <param name="Summary">The model's summary for one 28×28 digit: parameters and multiply-adds.</param>
/// <param name="History">Every epoch's figures and every step's loss.</param>
/// <param name="Test">The predictions on the test split after the last epoch.</param>
/// <param name="Timings">Training, final evaluation, and the whole run's wall time.</param>
/// <param name="Stop">Why training ended, and the reason in words.</param>
public sealed record ExperimentRun(ExperimentPlan Plan, string Dataset, Summary Summary, History History, Predictions Test, RunTimings Timings, (StopReason Reason, string Message) Stop)
{
    /// <summary>The epoch with the highest test accuracy, or <see langword="null"/> if the test split was not evaluated each epoch. Picking it is selection on the test set: report it beside the final accuracy, not instead of it.</summary>
    public EpochRecord? BestTestEpoch => History.Epochs.Where(epoch => epoch.TestAccuracy is not null).MaxBy(epoch => epoch.TestAccuracy);

    /// <summary>The run as JSON: model, recipe, seed, size, final test figures, timings and every epoch's record (not the step losses).</summary>
    public JsonObject ToJson() => new()
    {
        ["model"] = Plan.Model.Name,
        ["dataset"] = Dataset,
        ["recipe"] = Plan.Recipe.Describe(),
        ["seed"] = Plan.Seed,
        ["validation_size"] = Plan.ValidationSize,
        ["parameters"] = Summary.TotalParameters,
        ["mflops"] = Summary.TotalFlops / 1e6,
        ["epochs"] = History.Epochs.Count,
        ["stop"] = Stop.Message,
        ["test_accuracy"] = Test.Accuracy,
        ["test_loss"] = Test.Loss,
        ["test_errors"] = Test.Errors,
        ["test_samples"] = Test.Count,
        ["macro_f1"] = Test.Confusion().MacroF1,
        ["best_test_epoch"] = BestTestEpoch?.Epoch,
        ["training_seconds"] = Timings.TrainingSeconds,
        ["evaluation_seconds"] = Timings.EvaluationSeconds,
        ["total_seconds"] = Timings.TotalSeconds,
        ["epoch_records"] = JsonSerializer.SerializeToNode(History.Epochs, HistoryJson.Options),
    };
}
