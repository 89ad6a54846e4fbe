using System.Text.Json;
using System.Text.Json.Nodes;
using Mnist.Functional.IO;
using Mnist.Functional.Layers;
using Mnist.Functional.Parameters;

namespace Mnist.Functional.Checkpoints;

/// <summary>
/// Saves and loads a <see cref="Checkpoint"/> as a folder: <c>model.safetensors</c> (parameters and
/// state with PyTorch <c>state_dict</c> names), <c>optimizer.safetensors</c>, and <c>checkpoint.json</c>
/// (epoch, step, generator state, metadata, and the SHA-256 of both tensor files).
/// </summary>
/// <remarks>
/// A save writes a complete new folder beside the old one and then swaps the two; a kill at any instant
/// leaves the old checkpoint or the new one, under the folder's name or (between the two renames) beside
/// it, where the next load or save finds it and puts it back (see <see cref="CheckpointFolder"/>). A load
/// checks every field of the manifest, the checksums, that every tensor's name and shape fit the model,
/// and that no tensor holds NaN or infinity.
/// </remarks>
public static class CheckpointStore
{
    /// <summary>The model's parameters and state, loadable by PyTorch for the same architecture.</summary>
    public const string ModelFile = "model.safetensors";

    /// <summary>The optimizer's state tensors.</summary>
    public const string OptimizerFile = "optimizer.safetensors";

    /// <summary>Epoch, step, generator state, metadata and checksums.</summary>
    public const string ManifestFile = "checkpoint.json";

    /// <summary>The name of the lock file a save of the checkpoint folder named <paramref name="folderName"/> holds, beside it: <c>.checkpoint.lock</c>.</summary>
    public static string LockName(string folderName) => $".{folderName}.lock";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Writes <paramref name="checkpoint"/> to <paramref name="directory"/>, replacing any checkpoint there.</summary>
    /// <exception cref="IOException">Another process is writing a checkpoint to the same folder, or the disk refused a write.</exception>
    public static void Save(string directory, Checkpoint checkpoint) => SaveSteps(directory, checkpoint, int.MaxValue);

    /// <summary>
    /// Runs the first <paramref name="count"/> steps of a save and returns, leaving the folders as a process killed
    /// at that instant would; for tests of the recovery. The lock is released, as the system releases a dead process's.
    /// </summary>
    internal static void SaveSteps(string directory, Checkpoint checkpoint, int count)
    {
        var target = Target(directory);
        CheckpointFolder.Run(target, CheckpointFolder.SaveSteps(target, FileWriters(checkpoint)), count);
    }

    /// <summary>The names of a save's steps, in order: what <see cref="SaveSteps"/> counts.</summary>
    internal static IReadOnlyList<string> SaveStepNames(Checkpoint checkpoint) =>
        CheckpointFolder.SaveSteps("unused", FileWriters(checkpoint)).Select(step => step.Name).ToArray();

    private static IReadOnlyList<(string Name, Action<string> Write)> FileWriters(Checkpoint checkpoint) =>
    [
        (ModelFile, folder => SafeTensorsFile.Save(Path.Combine(folder, ModelFile), checkpoint.Variables.Params.Concat(checkpoint.Variables.State))),
        (OptimizerFile, folder => SafeTensorsFile.Save(Path.Combine(folder, OptimizerFile), checkpoint.OptimizerState)),
        (ManifestFile, folder => AtomicFile.WriteText(Path.Combine(folder, ManifestFile), JsonText.Write(CheckpointManifest.Write(
            checkpoint.Epoch, checkpoint.Step, checkpoint.GeneratorState,
            new Dictionary<string, string>
            {
                [ModelFile] = CheckpointManifest.Sha256Of(Path.Combine(folder, ModelFile)),
                [OptimizerFile] = CheckpointManifest.Sha256Of(Path.Combine(folder, OptimizerFile)),
            },
            checkpoint.Metadata), Indented))),
    ];

    /// <summary>
    /// Reads the manifest alone (for example to learn which model a checkpoint holds before building it), after
    /// recovering the folder if a kill interrupted its last save.
    /// </summary>
    /// <exception cref="FileNotFoundException">There is no checkpoint in <paramref name="directory"/>.</exception>
    /// <exception cref="InvalidDataException">The manifest is not valid JSON of the expected form; the message names the field.</exception>
    public static JsonObject ReadManifest(string directory) => ReadChecked(directory).Manifest.Json;

    /// <summary>
    /// The folder that holds the checkpoint saved as <paramref name="directory"/>: the folder itself, once a save that a
    /// kill interrupted is recovered (the newest complete copy renamed back, leftovers deleted), or on read-only media,
    /// where nothing can be renamed, the newest complete copy beside it; <see langword="null"/> when there is none.
    /// Every load reads through this, so every command recovers a killed save the same way.
    /// </summary>
    public static string? Find(string directory) => CheckpointFolder.Readable(Target(directory));

    /// <summary>
    /// The manifest that shows a checkpoint is saved as <paramref name="directory"/>, its own or that of a complete-looking
    /// copy a killed save left beside it; <see langword="null"/> when there is none. A quick look: nothing is read or recovered.
    /// </summary>
    public static string? AnyManifest(string directory) => CheckpointFolder.AnyManifest(Target(directory));

    /// <summary>
    /// Loads the checkpoint in <paramref name="directory"/> into the shapes of <paramref name="model"/>
    /// and <paramref name="optimizerState"/>, after checking the files' checksums.
    /// </summary>
    /// <exception cref="FileNotFoundException">A file of the checkpoint is missing.</exception>
    /// <exception cref="InvalidDataException">A file is corrupt (checksum, format, a field of the manifest, a tensor holding NaN or infinity).</exception>
    /// <exception cref="CheckpointMismatchException">A tensor's name or shape does not fit the model; all differences are listed.</exception>
    public static Checkpoint Load(string directory, Variables model, Params optimizerState)
    {
        (directory, var manifest) = ReadChecked(directory);
        var optimizerFile = VerifiedFile(directory, manifest, OptimizerFile);
        var variables = LoadModelFile(directory, manifest, model);
        return new Checkpoint(
            variables,
            Finite(SafeTensorsFile.LoadLike(optimizerFile, optimizerState), optimizerFile),
            manifest.GeneratorState,
            manifest.Epoch,
            manifest.Step,
            (JsonObject)manifest.Metadata.DeepClone());
    }

    /// <summary>
    /// Loads only the model's parameters and state (for evaluation and prediction), in the shapes of
    /// <paramref name="model"/>, after checking the model file's checksum.
    /// </summary>
    /// <exception cref="FileNotFoundException">The checkpoint or its model file is missing.</exception>
    /// <exception cref="InvalidDataException">The model file is corrupt or holds a tensor with NaN or infinity.</exception>
    /// <exception cref="CheckpointMismatchException">A tensor's name or shape does not fit the model.</exception>
    public static Variables LoadVariables(string directory, Variables model)
    {
        var (folder, manifest) = ReadChecked(directory);
        return LoadModelFile(folder, manifest, model);
    }

    // The manifest of the checkpoint saved as directory, and the folder it was read from (see Find).
    private static (string Folder, CheckpointManifest Manifest) ReadChecked(string directory)
    {
        var folder = Find(directory) ?? directory;
        return (folder, CheckpointManifest.Read(folder));
    }

    private static string Target(string directory) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));

    // Parameters and state share one file, as in a PyTorch state_dict; the template splits them again.
    private static Variables LoadModelFile(string directory, CheckpointManifest manifest, Variables model)
    {
        var file = VerifiedFile(directory, manifest, ModelFile);
        var loaded = Finite(SafeTensorsFile.LoadLike(file, model.Params.Concat(model.State)), file);
        return new Variables(model.Params.Map((path, _) => loaded[path]), model.State.Map((path, _) => loaded[path]));
    }

    private static Params Finite(Params tensors, string file) =>
        tensors.FirstNonFinite() is { } path
            ? throw new InvalidDataException($"{file}: the tensor {path} holds NaN or infinite values, so no result computed from it would mean anything. Use another checkpoint or train again.")
            : tensors;

    private static string VerifiedFile(string directory, CheckpointManifest manifest, string file)
    {
        var path = Path.Combine(directory, file);
        if (!File.Exists(path))
            throw new FileNotFoundException($"The checkpoint in {directory} is incomplete: {file} is missing.", path);
        if (!CheckpointManifest.FileMatches(directory, file, manifest.RequireChecksum(directory, file)))
            throw new InvalidDataException($"{path} is corrupt: its SHA-256 does not match {ManifestFile}. Use another checkpoint or train again.");
        return path;
    }
}
