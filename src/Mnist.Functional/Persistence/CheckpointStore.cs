using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mnist.Functional.IO;
using Mnist.Functional.Layers;
using Mnist.Functional.Parameters;

namespace Mnist.Functional.Persistence;

/// <summary>
/// Saves and loads a <see cref="Checkpoint"/> as a folder: <c>model.safetensors</c> (parameters and
/// state with PyTorch <c>state_dict</c> names), <c>optimizer.safetensors</c>, and <c>checkpoint.json</c>
/// (epoch, step, generator state, metadata, and the SHA-256 of both tensor files).
/// </summary>
/// <remarks>
/// A save writes a complete new folder beside the old one and then swaps the two, so a crash leaves
/// either the old checkpoint or the new one. A load verifies the checksums and that every tensor's
/// name and shape fit the model.
/// </remarks>
public static class CheckpointStore
{
    /// <summary>The model's parameters and state, loadable by PyTorch for the same architecture.</summary>
    public const string ModelFile = "model.safetensors";

    /// <summary>The optimizer's state tensors.</summary>
    public const string OptimizerFile = "optimizer.safetensors";

    /// <summary>Epoch, step, generator state, metadata and checksums.</summary>
    public const string ManifestFile = "checkpoint.json";

    private const int FormatVersion = 1;

    /// <summary>The longest manifest read: 64 MiB, room for the step losses of thousands of epochs.</summary>
    public const long MaxManifestLength = 64L << 20;
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Writes <paramref name="checkpoint"/> to <paramref name="directory"/>, replacing any checkpoint there.</summary>
    public static void Save(string directory, Checkpoint checkpoint)
    {
        var target = Path.GetFullPath(directory);
        var parent = Path.GetDirectoryName(target.TrimEnd(Path.DirectorySeparatorChar))!;
        Directory.CreateDirectory(parent);
        var staging = $"{target.TrimEnd(Path.DirectorySeparatorChar)}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(staging);
            var model = checkpoint.Variables.Params.Concat(checkpoint.Variables.State);
            SafeTensorsFile.Save(Path.Combine(staging, ModelFile), model);
            SafeTensorsFile.Save(Path.Combine(staging, OptimizerFile), checkpoint.OptimizerState);
            var manifest = new JsonObject
            {
                ["format"] = FormatVersion,
                ["epoch"] = checkpoint.Epoch,
                ["step"] = checkpoint.Step,
                ["generator_state"] = Convert.ToBase64String(checkpoint.GeneratorState),
                ["sha256"] = new JsonObject
                {
                    [ModelFile] = Sha256Of(Path.Combine(staging, ModelFile)),
                    [OptimizerFile] = Sha256Of(Path.Combine(staging, OptimizerFile)),
                },
                ["metadata"] = checkpoint.Metadata.DeepClone(),
            };
            AtomicFile.WriteText(Path.Combine(staging, ManifestFile), manifest.ToJsonString(Indented));
            Swap(staging, target);
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>Reads the manifest alone (for example to learn which model a checkpoint holds before building it).</summary>
    /// <exception cref="FileNotFoundException">There is no checkpoint in <paramref name="directory"/>.</exception>
    /// <exception cref="InvalidDataException">The manifest is not valid JSON of the expected form.</exception>
    public static JsonObject ReadManifest(string directory)
    {
        var path = Path.Combine(directory, ManifestFile);
        if (!File.Exists(path))
            throw new FileNotFoundException($"No checkpoint in {directory}: {ManifestFile} is missing. Pass the folder that 'train' wrote (it holds {ManifestFile}, {ModelFile} and {OptimizerFile}).", path);
        try
        {
            var manifest = JsonNode.Parse(InputFile.ReadAllText(path, "a checkpoint manifest", MaxManifestLength)) as JsonObject
                           ?? throw new InvalidDataException($"{path} is not a JSON object.");
            var format = manifest["format"]?.GetValue<int>();
            if (format != FormatVersion)
                throw new InvalidDataException($"{path} has checkpoint format {format?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"}; this version reads format {FormatVersion}.");
            return manifest;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path} is not a readable checkpoint manifest ({e.Message}).", e);
        }
    }

    /// <summary>
    /// Loads the checkpoint in <paramref name="directory"/> into the shapes of <paramref name="model"/>
    /// and <paramref name="optimizerState"/>, after checking the files' checksums.
    /// </summary>
    /// <exception cref="FileNotFoundException">A file of the checkpoint is missing.</exception>
    /// <exception cref="InvalidDataException">A file is corrupt (checksum or format).</exception>
    /// <exception cref="CheckpointMismatchException">A tensor's name or shape does not fit the model; all differences are listed.</exception>
    public static Checkpoint Load(string directory, Variables model, Params optimizerState)
    {
        var manifest = ReadManifest(directory);
        var optimizerFile = VerifiedFile(directory, manifest, OptimizerFile);
        var variables = LoadModelFile(directory, manifest, model);
        return new Checkpoint(
            variables,
            SafeTensorsFile.LoadLike(optimizerFile, optimizerState),
            Convert.FromBase64String(manifest["generator_state"]?.GetValue<string>() ?? ""),
            manifest["epoch"]?.GetValue<int>() ?? 0,
            manifest["step"]?.GetValue<long>() ?? 0,
            manifest["metadata"]?.DeepClone() as JsonObject ?? []);
    }

    /// <summary>
    /// Loads only the model's parameters and state (for evaluation and prediction), in the shapes of
    /// <paramref name="model"/>, after checking the model file's checksum.
    /// </summary>
    /// <exception cref="FileNotFoundException">The checkpoint or its model file is missing.</exception>
    /// <exception cref="InvalidDataException">The model file is corrupt.</exception>
    /// <exception cref="CheckpointMismatchException">A tensor's name or shape does not fit the model.</exception>
    public static Variables LoadVariables(string directory, Variables model) => LoadModelFile(directory, ReadManifest(directory), model);

    // Parameters and state share one file, as in a PyTorch state_dict; the template splits them again.
    private static Variables LoadModelFile(string directory, JsonObject manifest, Variables model)
    {
        var loaded = SafeTensorsFile.LoadLike(VerifiedFile(directory, manifest, ModelFile), model.Params.Concat(model.State));
        return new Variables(model.Params.Map((path, _) => loaded[path]), model.State.Map((path, _) => loaded[path]));
    }

    private static string VerifiedFile(string directory, JsonObject manifest, string file)
    {
        var path = Path.Combine(directory, file);
        if (!File.Exists(path))
            throw new FileNotFoundException($"The checkpoint in {directory} is incomplete: {file} is missing.", path);
        var expected = manifest["sha256"]?[file]?.GetValue<string>();
        if (expected != Sha256Of(path))
            throw new InvalidDataException($"{path} is corrupt: its SHA-256 does not match {ManifestFile}. Use another checkpoint or train again.");
        return path;
    }

    private static void Swap(string staging, string target)
    {
        if (!Directory.Exists(target))
        {
            Directory.Move(staging, target);
            return;
        }
        var retired = $"{target.TrimEnd(Path.DirectorySeparatorChar)}.{Guid.NewGuid():N}.old";
        Directory.Move(target, retired);
        Directory.Move(staging, target);
        Directory.Delete(retired, recursive: true);
    }

    private static string Sha256Of(string path)
    {
        using var stream = InputFile.OpenRead(path, "a checkpoint file");
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
