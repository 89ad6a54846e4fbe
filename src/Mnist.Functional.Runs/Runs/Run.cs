using System.Globalization;
using System.Diagnostics;
using Mnist.Functional.Checkpoints;
using Mnist.Functional.Data;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Evaluation;
using Mnist.Functional.IO;
using Mnist.Functional.Layers;
using Mnist.Functional.Native;
using Mnist.Functional.Training;
using Mnist.Functional.Training.Observers;
using Mnist.Functional.Tensors;
using static TorchSharp.torch;

namespace Mnist.Functional.Runs;

/// <summary>
/// The run pipeline, the one place a whole run is wired: take the run's folder (never overwriting another run),
/// read the data, carve the validation split, build the batches and the training setup, fit with early stopping,
/// a time budget and checkpoints as the spec says, evaluate the test split once with the final parameters, and write
/// the whole run folder: <c>run.json</c> (when the run starts and ends), the checkpoint, <c>history.csv</c> and, through
/// the host's page writer, <c>report.html</c> after every epoch and where the run ends, and <c>metrics.json</c> when it is
/// evaluated. <c>mnist train</c>, <c>mnist evaluate</c>, the experiment scripts, the benchmark and the notebook all host it,
/// so their run folders hold the same files.
/// </summary>
public static class Run
{
    /// <summary>Reads the data <paramref name="spec"/> names (through <paramref name="data"/>) and runs it; the folder is taken before the data is read.</summary>
    /// <exception cref="ArgumentException">The spec is not valid (<see cref="RunSpec.Checked"/>).</exception>
    /// <exception cref="RunFolderException">The spec's folder holds a run already, or cannot be created or written.</exception>
    public static async Task<RunResult> ExecuteAsync(RunSpec spec, DataOptions? data = null, RunOptions? options = null, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        options ??= new RunOptions();
        var (checkedSpec, engine, lease, record, previous) = Begin(spec, options);
        using (lease)
        {
            var folder = lease?.Folder;
            return await Guarded(folder, record, previous, async () =>
            {
                using var dataset = await DataSources.LoadAsync(checkedSpec.Dataset, data, cancellation);
                return Fit(checkedSpec, dataset, options, engine, folder, record, EarlierTotal(previous, folder), clock, cancellation);
            });
        }
    }

    /// <summary>Runs <paramref name="spec"/> on <paramref name="dataset"/>, already read (a script that runs several specs reads it once).</summary>
    /// <exception cref="ArgumentException">The spec is not valid, or is for another dataset.</exception>
    /// <exception cref="RunFolderException">The spec's folder holds a run already, or cannot be created or written.</exception>
    public static RunResult Execute(RunSpec spec, Dataset dataset, RunOptions? options = null, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        options ??= new RunOptions();
        if (spec.Dataset.Id != dataset.Info.Id)
            throw new ArgumentException($"The run is specified on {spec.Dataset.Title}, but the data given is {dataset.Info.Title}.", nameof(dataset));
        var (checkedSpec, engine, lease, record, previous) = Begin(spec, options);
        using (lease)
        {
            var folder = lease?.Folder;
            return Guarded(folder, record, previous, () => Task.FromResult(Fit(checkedSpec, dataset, options, engine, folder, record, EarlierTotal(previous, folder), clock, cancellation))).GetAwaiter().GetResult();
        }
    }

    /// <summary>The specification saved with the checkpoint in <paramref name="checkpoint"/>, to resume or evaluate it.</summary>
    /// <exception cref="InvalidDataException">The checkpoint has no readable specification.</exception>
    public static RunSpec SpecOf(string checkpoint) =>
        RunSpecJson.FromJson(TrainingCheckpoint.ReadConfig(checkpoint), Path.Combine(checkpoint, CheckpointStore.ManifestFile));

    /// <summary>The final evaluation alone: <paramref name="trained"/> on the test split of <paramref name="dataset"/> (its first <see cref="RunSpec.TestItems"/> if the run was limited), and the seconds it took.</summary>
    public static (Predictions Test, double Seconds) EvaluateTest(TrainedModel trained, Dataset dataset, int batchSize = Evaluator.DefaultBatchSize)
    {
        using var threads = IntraOpThreads.Use(null);
        using var head = Head(dataset.Test, trained.Spec.TestItems);
        var clock = Stopwatch.StartNew();
        var test = Evaluator.Predict(trained.Network, trained.Variables, (head ?? dataset.Test).Images, (head ?? dataset.Test).Labels, dataset.Info.ClassNames, batchSize, trained.Preprocessing);
        return (test, clock.Elapsed.TotalSeconds);
    }

    // The spec is checked here, once, whoever built it. The engine keeps what its host started it with (a host that trains
    // asks for EngineOptions.ForTraining); a script that started none gets the defaults. The run's thread count is its
    // spec's, or the engine's, and is set on the thread that fits (Fit), never made the engine's: a run leaves no count behind. The run's folder is held
    // (RunLease) from here until the caller disposes the lease, when the run has ended.
    private static (RunSpec Spec, EngineInfo Engine, RunLease? Lease, RunJournal Record, string? Previous) Begin(RunSpec spec, RunOptions options)
    {
        spec.Checked();
        var host = Engine.Start();
        var engine = host with { Threads = spec.Threads ?? host.Threads };
        var lease = spec.Folder is { } path ? RunFolder.Take(path, options.ResumeFrom is null ? options.Claim : FolderClaim.Resume) : null;
        try
        {
            var folder = lease?.Folder;
            // A resumed run is the same run: it keeps the date it was first started on, and its record comes back if the
            // checkpoint it would resume from is refused.
            var previous = folder is not null && options.ResumeFrom is not null ? PreviousRecord(folder) : null;
            var started = previous is not null ? StartedIn(previous, folder!) ?? DateTime.UtcNow : DateTime.UtcNow;
            var record = new RunJournal(RunState.Running, started, null, "", options.Command, spec);
            if (folder is not null)
            {
                record.Write(folder);
                options.OnFolder?.Invoke(folder);
            }
            return (spec, engine, lease, record, previous);
        }
        catch
        {
            lease?.Dispose();
            throw;
        }
    }

    private static string? PreviousRecord(RunFolder folder)
    {
        try
        {
            return File.Exists(folder.Record) && new FileInfo(folder.Record).Length > 0 ? RunJournal.ReadText(folder.Record) : null;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // The wall time the earlier parts of a resumed run took, as its record kept it; null when it kept none (a run killed
    // without a word), and then the time its checkpoint spent training stands in for it.
    private static double? EarlierTotal(string? previous, RunFolder? folder)
    {
        if (previous is null || folder is null) return null;
        try
        {
            return RunJournal.Parse(previous, folder.Record).TotalSeconds;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static DateTime? StartedIn(string previous, RunFolder folder)
    {
        try
        {
            return RunJournal.Parse(previous, folder.Record).StartedUtc;
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or InvalidOperationException)
        {
            return null; // an unreadable record is rewritten; the run's own checkpoint is what resuming needs
        }
    }

    // Any error after the folder is taken is written down in run.json before it goes on up.
    // A resumed run whose checkpoint is refused (damaged, or not the model's) did not run: its earlier record is put back.
    private static async Task<RunResult> Guarded(RunFolder? folder, RunJournal record, string? previous, Func<Task<RunResult>> run)
    {
        try
        {
            return await run();
        }
        catch (Exception e) when (folder is not null)
        {
            if (previous is not null && e is InvalidDataException or CheckpointMismatchException)
            {
                AtomicFile.WriteText(folder.Record, previous);
                throw;
            }
            var interrupted = e is OperationCanceledException;
            (record with { State = interrupted ? RunState.Interrupted : RunState.Failed, EndedUtc = DateTime.UtcNow, Reason = e.Message }).Write(folder);
            throw;
        }
    }

    private static RunResult Fit(RunSpec spec, Dataset dataset, RunOptions options, EngineInfo engine, RunFolder? folder, RunJournal record, double? earlierTotal, Stopwatch clock, CancellationToken cancellation)
    {
        using var threads = IntraOpThreads.Use(engine.Threads);
        spec = spec with { Normalisation = spec.Normalisation ?? dataset.Stats };
        record = record with { Spec = spec };
        var preprocess = Preprocess.Standard(spec.Normalisation!.Value);
        var classNames = dataset.Info.ClassNames;

        using var trainHead = Head(dataset.Train, spec.TrainItems);
        using var testHead = Head(dataset.Test, spec.TestItems);
        var (train, test) = (trainHead ?? dataset.Train, testHead ?? dataset.Test);
        var (fitOn, validation) = spec.ValidationSize > 0 ? train.CarveValidation(spec.ValidationSize, spec.Seed + 1) : (train, null);
        using var ownedFitOn = validation is null ? null : fitOn;
        using var ownedValidation = validation;

        var network = spec.Network;
        var pipeline = Train.BatchesFor(network, fitOn.Shuffle(spec.Seed).Batch(spec.Recipe.BatchSize).Select(preprocess));
        var setup = spec.Recipe.SetupFor(network, pipeline.BatchesPerEpoch, spec.Seed, spec.Normalisation) with { Housekeeping = Engine.Housekeeping };
        if (spec.FineTune is { Frozen.Count: > 0 } frozen)
            setup = setup with { Optimizer = setup.Optimizer.Freezing(frozen.Frozen) };
        (TrainState, byte[])? start = null;
        var earlierSeconds = 0.0;
        if (options.ResumeFrom is { } checkpoint)
        {
            var (state, generatorState, _) = TrainingCheckpoint.Load(checkpoint, setup);
            start = (state, generatorState);
            earlierSeconds = earlierTotal ?? state.History.TrainingSeconds + state.Progress.Seconds;
        }

        Predictions PredictWith(Split split, Variables variables) =>
            Evaluator.Predict(network, variables, split.Images, split.Labels, classNames, options.EvaluationBatchSize, preprocess);
        Predictions Predict(Split split, TrainState state) => PredictWith(split, state.Variables);

        // A fine-tuned run measures the model it starts from on the same test split, so that its report shows before and after.
        var warm = spec.FineTune is { } fineTune ? FineTuned(spec, fineTune) : null;
        Predictions? initialTest = null;
        if (warm is not null)
        {
            initialTest = PredictWith(test, warm.Variables);
            if (start is null)
                start = (new TrainState(warm.Variables, setup.Optimizer.Init(warm.Variables.Params), History.Empty, EpochProgress.None).DetachFromDisposeScope(), []);
            else
            {
                warm.Variables.Params.Dispose();
                warm.Variables.State.Dispose();
            }
        }

        var writer = folder is null ? null : new RunFolderWriter(folder, spec, engine, options.Command, options.Report, () => test.Images.data<byte>().ToArray()) { EarlierSeconds = earlierSeconds };

        // The test split's predictions after the latest epoch, kept so that the final evaluation is not made twice.
        (Predictions Test, long Step, double Seconds)? latest = null;
        EpochScores Evaluate(TrainState state, int epoch)
        {
            var scores = new EpochScores(Validation: validation is null ? null : Score(Predict(validation, state)));
            if (!spec.TestEachEpoch)
                return scores;
            var testClock = Stopwatch.StartNew();
            var predictions = Predict(test, state);
            latest = (predictions, state.Step, testClock.Elapsed.TotalSeconds);
            if (writer is not null) writer.LatestTest = predictions;
            return scores with { Test = Score(predictions) };
        }

        List<ITrainingObserver> own = [];
        if (spec.EarlyStoppingPatience is { } patience) own.Add(new EarlyStopping(Metric.ValidationLoss, patience));
        if (spec.TimeBudgetSeconds is { } budget) own.Add(new TimeBudget(budget));
        if (folder is not null) own.Add(new PeriodicCheckpoint(folder.Checkpoint, RunSpecJson.ToJson(spec)));
        if (writer is not null) own.Add(writer);
        options.OnStart?.Invoke(new FitPlan(spec, pipeline.BatchesPerEpoch, pipeline.BatchesPerEpoch * spec.Recipe.Epochs, start?.Item1.Step ?? 0, folder)
        {
            LeftOut = pipeline.LeftOutPerEpoch == 0 ? null : string.Create(CultureInfo.InvariantCulture,
                $"{fitOn.Count:N0} training samples in batches of {spec.Recipe.BatchSize} leave a last batch of {pipeline.LeftOutPerEpoch}; {spec.Model.Name} has batch norm, which cannot learn from a batch of fewer than {network.MinimumTrainingBatch} samples, so that batch is left out of every epoch."),
        });
        FitResult fit;
        try
        {
            fit = Train.Fit(setup, pipeline, Evaluate, [.. options.Observers, .. own], start, cancellation);
        }
        catch (Exception e) when (writer is not null)
        {
            // The history and the page up to the last epoch that finished, beside run.json's "failed" (Guarded).
            writer.Write(e is OperationCanceledException ? RunState.Interrupted : RunState.Failed, e.Message, new RunTimings(0, 0, earlierSeconds + clock.Elapsed.TotalSeconds));
            throw;
        }

        var final = fit.State;
        try
        {
            Predictions? finalTest = null;
            var evaluationSeconds = 0.0;
            if (fit.Stop.Reason != StopReason.Cancelled)
            {
                if (latest is { } kept && kept.Step == final.Step)
                    (finalTest, evaluationSeconds) = (kept.Test, kept.Seconds);
                else
                {
                    var evaluationClock = Stopwatch.StartNew();
                    finalTest = Predict(test, final);
                    evaluationSeconds = evaluationClock.Elapsed.TotalSeconds;
                }
            }
            // Both times cover the whole run, every session of a resumed one: training counts the steps of an epoch cut
            // short too, and the total adds the earlier sessions' wall time to this one's, so it is never the smaller.
            var timings = new RunTimings(final.History.TrainingSeconds + final.Progress.Seconds, evaluationSeconds, earlierSeconds + clock.Elapsed.TotalSeconds);
            var state = fit.Stop.Reason switch
            {
                StopReason.Cancelled => RunState.Interrupted,
                StopReason.NonFiniteLoss => RunState.Failed,
                _ when finalTest is { NonFiniteSamples.Count: > 0 } => RunState.Failed,
                _ => RunState.Finished,
            };
            var reason = fit.Stop.Reason != StopReason.NonFiniteLoss && finalTest is { NonFiniteSamples.Count: > 0 } nonFinite
                ? string.Create(CultureInfo.InvariantCulture, $"The trained model's outputs are NaN or infinite for {nonFinite.NonFiniteSamples.Count:N0} of {nonFinite.Count:N0} test images, so it gives no class for them and no result is reported. Lower the learning rate or train again.")
                : spec.Quick ? $"{fit.Stop.Message} A quick run: its figures measure nothing." : fit.Stop.Message;
            var result = new RunResult(spec, fit.Stop, final.History, finalTest, timings, folder)
            {
                InitialTest = initialTest,
                FreshLayers = warm?.FreshLayers ?? [],
                State = options.KeepState ? final : null,
            };
            if (folder is not null)
            {
                // run.json last: a reader that sees the run finished finds every other file written.
                if (state == RunState.Finished && finalTest is not null)
                    AtomicFile.WriteText(folder.Metrics, RunResultJson.Render(RunResultJson.ToJson(result, engine, folder.ByName())));
                writer!.LatestTest = finalTest ?? writer.LatestTest;
                writer.Write(state, reason, timings, final.History);
                (record with
                {
                    State = state,
                    EndedUtc = DateTime.UtcNow,
                    Reason = reason,
                    EpochsCompleted = final.CompletedEpochs,
                    TestAccuracy = finalTest?.Accuracy,
                    TestLoss = finalTest?.Loss,
                    InitialTestAccuracy = initialTest?.Accuracy,
                    TrainingSeconds = timings.TrainingSeconds,
                    TotalSeconds = timings.TotalSeconds,
                }).Write(folder);
            }
            if (!options.KeepState) final.Dispose();
            return result;
        }
        catch
        {
            final.Dispose();
            throw;
        }
    }

    // The trained model to start from, its tensors carried over into this run's network (see WarmStart).
    private static WarmStart.Start FineTuned(RunSpec spec, FineTuning fineTune)
    {
        using var source = TrainedModel.Load(fineTune.From);
        return WarmStart.From(source, spec);
    }

    private static SplitScore Score(Predictions predictions) => new(predictions.Loss, predictions.Accuracy);

    /// <summary>The first <paramref name="count"/> items of <paramref name="split"/> as a new split; <see langword="null"/> when that is all of it, which is then used as it is.</summary>
    private static Split? Head(Split split, long? count)
    {
        if (count is not { } items || items >= split.Count)
            return null;
        using var scope = NewDisposeScope();
        using var scalars = new ScalarScope();
        return split.Take(arange(scalars.Of(items), dtype: ScalarType.Int64));
    }
}
