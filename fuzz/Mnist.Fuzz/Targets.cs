using Mnist.Functional.Checkpoints;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Images;
using Mnist.Functional.Json;
using Mnist.Functional.Layers;
using Mnist.Functional.Native;
using Mnist.Functional.Runs;
using static TorchSharp.torch;

namespace Mnist.Fuzz;

/// <summary>
/// One fuzz target per parser of outside input (also compiled into the functional tests, which replay the committed corpus
/// through the same targets). Each writes afl's bytes where the product would find them and calls the
/// product's own entry point. An exception the product documents for bad input (one that the app maps to exit 2) is the
/// expected outcome; any other exception, a hang, or memory past afl's -m limit is a finding.
/// </summary>
internal static class Targets
{
    private static readonly string Folder = TempFolder();

    /// <summary>The targets by name, as <c>scripts/fuzz.sh</c> takes them.</summary>
    public static IReadOnlyDictionary<string, Action<Stream>> All { get; } = new Dictionary<string, Action<Stream>>
    {
        ["idx"] = input => Started(() => Idx(input, "idx-file")),
        ["idx-gzip"] = input => Started(() => Idx(input, "idx-file.gz")),
        ["safetensors"] = input => Started(() => SafeTensors(input)),
        ["checkpoint-json"] = input => Started(() => CheckpointJson(input)),
        ["image"] = input => Started(() => Image(input)),
        ["architecture"] = input => Started(() => Architecture(input)),
    };

    private static bool started;

    /// <summary>Starts the engine before the first input (once per process), then runs <paramref name="target"/>.</summary>
    private static void Started(Action target)
    {
        if (!started)
        {
            Engine.Start(); // scripts/fuzz.sh sets OMP_NUM_THREADS=1: one core
            started = true;
        }
        target();
    }

    /// <summary>
    /// An IDX file, raw or (named .gz) gzip: read as images and as labels, inspected, and verified against a catalogue
    /// entry of 3 items. A tensor may never be larger than deflate's largest expansion of the file.
    /// </summary>
    private static void Idx(Stream input, string name)
    {
        var path = Write(input, name);
        var limit = IdxReader.MaxGzipExpansion * new FileInfo(path).Length;
        foreach (var kind in new[] { IdxKind.Images, IdxKind.Labels })
        {
            Expect<DataFileException>(() =>
            {
                using var scope = NewDisposeScope();
                var tensor = kind == IdxKind.Images ? IdxReader.ReadImages(path) : IdxReader.ReadLabels(path);
                using (tensor)
                    Check(tensor.NumberOfElements <= limit, $"a {tensor.NumberOfElements}-item tensor from a file of {new FileInfo(path).Length} bytes");
            });
            Expect<DataFileException>(() => IdxReader.Inspect(path, kind));
            var file = new DatasetFile(name, SplitKind.Test, kind, new string('0', 64), Count: 3);
            Expect<DataFileException>(() => FileChecksum.VerifyAsync(file, path).GetAwaiter().GetResult());
        }
    }

    /// <summary>A safetensors file: loaded whole, and loaded into a small template (a 3 × 4 weight and a bias).</summary>
    private static void SafeTensors(Stream input)
    {
        var path = Write(input, "model.safetensors");
        var length = new FileInfo(path).Length;
        Expect<IOException>(() =>
        {
            using var scope = NewDisposeScope();
            var loaded = SafeTensorsFile.Load(path);
            var bytes = loaded.Sum(entry => entry.Value.NumberOfElements * entry.Value.ElementSize);
            Check(bytes <= length, $"{bytes} bytes of tensors from a file of {length} bytes");
        });
        Expect<IOException>(() =>
        {
            using var scope = NewDisposeScope();
            var template = Mnist.Functional.Parameters.Params.Of(("weight", zeros(3, 4)), ("bias", zeros(3)));
            SafeTensorsFile.LoadLike(path, template);
        });
    }

    /// <summary>
    /// A checkpoint manifest (<c>checkpoint.json</c>) beside no tensor files: read, then loaded as a trained model, which
    /// parses the run configuration, finds the zoo model and dataset, and stops at the missing model file.
    /// </summary>
    private static void CheckpointJson(Stream input)
    {
        var directory = Path.Combine(Folder, "checkpoint");
        Directory.CreateDirectory(directory);
        Write(input, Path.Combine("checkpoint", CheckpointStore.ManifestFile));
        ExpectBadInput(() => CheckpointStore.ReadManifest(directory));
        ExpectBadInput(() => TrainedModel.Load(directory).Dispose());
    }

    /// <summary>An image file for <c>mnist predict</c>: decoded within the default limits and made a 28 × 28 digit.</summary>
    private static void Image(Stream input)
    {
        using var memory = new MemoryStream();
        input.CopyTo(memory);
        ExpectBadInput(() => DigitImage.FromBytes(memory.ToArray(), "input"));
    }

    /// <summary>
    /// An architecture file for MNIST's digits: read and checked. What the reader accepts and is small enough to run in a
    /// moment is also built and run on zeros, and must give the shape the check worked out, so that the check and the
    /// layers cannot disagree.
    /// </summary>
    private static void Architecture(Stream input)
    {
        Mnist.Functional.Layers.Layer network;
        try
        {
            network = ArchitectureJson.Read(input, [1, 28, 28], 10, "input");
        }
        catch (DescriptionException)
        {
            return;
        }
        try
        {
            ArchitectureCheck.Run(network, [1, 28, 28], 10, "input", new ArchitectureLimits(MaxParameters: 20_000, MaxActivationsPerSample: 16_384));
        }
        catch (DescriptionException)
        {
            return;
        }
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var variables = network.Init(new Generator(1));
        var output = network.Apply(variables.Params, variables.State, zeros(2, 1, 28, 28), Mode.Eval).Output;
        Check(output.shape.SequenceEqual([2L, 10L]), $"an output of [{string.Join(", ", output.shape)}] from a network checked to give [2, 10]");
        Check(ArchitectureJson.Read(ArchitectureJson.Write(network), [1, 28, 28], 10, "written").Equals(network), "a network that reads back different from what was written");
    }

    /// <summary>A fresh temp folder for this process's inputs, removed when the process exits.</summary>
    private static string TempFolder()
    {
        var folder = Directory.CreateTempSubdirectory("mnist-fuzz-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
        return folder;
    }

    private static string Write(Stream input, string name)
    {
        var path = Path.Combine(Folder, name);
        using (var file = File.Create(path))
            input.CopyTo(file);
        return path;
    }

    private static void Expect<T>(Action action) where T : Exception
    {
        try
        {
            action();
        }
        catch (T)
        {
        }
    }

    /// <summary>Bad input is refused with an exception the app maps to exit 2: <see cref="IOException"/> (its subclasses) or <see cref="InvalidDataException"/>.</summary>
    private static void ExpectBadInput(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
        }
    }

    private static void Check(bool condition, string what)
    {
        if (!condition)
            throw new InvalidOperationException($"over the limit: {what}");
    }
}
