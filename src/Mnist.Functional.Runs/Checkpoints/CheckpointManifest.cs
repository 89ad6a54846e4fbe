using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mnist.Functional.IO;

namespace Mnist.Functional.Checkpoints;

/// <summary>
/// A checkpoint's <c>checkpoint.json</c>, read and checked field by field: every value a file supplies is of
/// the right type and range before anything (libtorch above all) uses it.
/// </summary>
/// <param name="Epoch">Epochs completed.</param>
/// <param name="Step">Optimizer steps completed.</param>
/// <param name="GeneratorState">The random generator's state, checked to be one libtorch accepts; empty when none was saved (the field absent or null).</param>
/// <param name="Sha256">The SHA-256 of each tensor file, by file name, as 64 lowercase hex digits.</param>
/// <param name="Metadata">Free-form metadata (config, history, progress), an object.</param>
/// <param name="Json">The whole document.</param>
public sealed record CheckpointManifest(int Epoch, long Step, byte[] GeneratorState, IReadOnlyDictionary<string, string> Sha256, JsonObject Metadata, JsonObject Json)
{
    /// <summary>The longest manifest read: 64 MiB, room for the step losses of thousands of epochs.</summary>
    public const long MaxLength = 64L << 20;

    /// <summary>The format this version writes and reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>Reads and checks the manifest in <paramref name="directory"/>.</summary>
    /// <exception cref="FileNotFoundException">There is no <c>checkpoint.json</c> there.</exception>
    /// <exception cref="InvalidDataException">It is not JSON, or a field is missing or of the wrong type or range; the message names the field.</exception>
    public static CheckpointManifest Read(string directory)
    {
        var path = Path.Combine(directory, CheckpointStore.ManifestFile);
        if (!File.Exists(path))
            throw new FileNotFoundException($"No checkpoint in {directory}: {CheckpointStore.ManifestFile} is missing. Pass the folder that 'train' wrote (it holds {CheckpointStore.ManifestFile}, {CheckpointStore.ModelFile} and {CheckpointStore.OptimizerFile}).", path);
        var json = JsonText.ParseObject(InputFile.ReadAllText(path, "a checkpoint manifest", MaxLength), path, "a checkpoint manifest");

        var fields = new JsonFields(path);
        var format = fields.WholeNumber(json, "format", long.MinValue, long.MaxValue);
        if (format != FormatVersion)
            throw new InvalidDataException($"{path} has checkpoint format {format}; this version reads format {FormatVersion}.");
        return new CheckpointManifest(
            (int)fields.WholeNumber(json, "epoch", 0, int.MaxValue),
            fields.WholeNumber(json, "step", 0, long.MaxValue),
            ReadGeneratorState(fields, json),
            ReadChecksums(fields, json),
            fields.Child(json, "metadata", required: false),
            json);
    }

    /// <summary>The manifest for a checkpoint of these values.</summary>
    public static JsonObject Write(int epoch, long step, byte[] generatorState, IReadOnlyDictionary<string, string> sha256, JsonObject metadata) => new()
    {
        ["format"] = FormatVersion,
        ["epoch"] = epoch,
        ["step"] = step,
        ["generator_state"] = Convert.ToBase64String(generatorState),
        ["sha256"] = new JsonObject(sha256.Select(file => KeyValuePair.Create(file.Key, (JsonNode?)file.Value))),
        ["metadata"] = metadata.DeepClone(),
    };

    /// <summary>The SHA-256 of <paramref name="path"/>'s bytes, as 64 lowercase hex digits.</summary>
    public static string Sha256Of(string path)
    {
        using var stream = InputFile.OpenRead(path, "a checkpoint file");
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Whether <paramref name="file"/> in <paramref name="directory"/> exists and has the checksum <paramref name="expected"/>.</summary>
    public static bool FileMatches(string directory, string file, string expected)
    {
        var path = Path.Combine(directory, file);
        return File.Exists(path) && Sha256Of(path) == expected;
    }

    private static byte[] ReadGeneratorState(JsonFields fields, JsonObject json)
    {
        const string Field = "generator_state";
        if (json[Field] is null)
            return [];
        var text = fields.Text(json, Field);
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(text);
        }
        catch (FormatException e)
        {
            throw fields.Wrong(Field, "base64 text", json[Field], inner: e);
        }
        if (bytes.Length > 0 && Tensors.GeneratorState.Problem(bytes) is { } problem)
            throw fields.Wrong(Field, $"a random generator state this engine accepts ({problem})", json[Field]);
        return bytes;
    }

    // Optional for reading the metadata alone; a load requires the checksum of each file it reads (RequireChecksum).
    private static Dictionary<string, string> ReadChecksums(JsonFields fields, JsonObject json)
    {
        var checksums = fields.Child(json, "sha256", required: false);
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in new[] { CheckpointStore.ModelFile, CheckpointStore.OptimizerFile }.Where(checksums.ContainsKey))
        {
            var value = fields.Text(checksums, file, prefix: "sha256");
            if (value.Length != 64 || !value.All(char.IsAsciiHexDigitLower))
                throw fields.Wrong($"sha256.{file}", "64 lowercase hex digits", checksums[file]);
            files[file] = value;
        }
        return files;
    }

    /// <summary>The checksum this manifest gives <paramref name="file"/>.</summary>
    /// <exception cref="InvalidDataException">It gives none.</exception>
    public string RequireChecksum(string directory, string file) =>
        Sha256.TryGetValue(file, out var checksum)
            ? checksum
            : throw new JsonFields(Path.Combine(directory, CheckpointStore.ManifestFile)).Wrong($"sha256.{file}", "64 lowercase hex digits (the file's SHA-256)", null, present: false);
}
