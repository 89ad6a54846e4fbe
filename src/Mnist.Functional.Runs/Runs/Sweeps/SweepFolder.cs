using System.Text.Json.Nodes;
using Mnist.Functional.IO;

namespace Mnist.Functional.Runs.Sweeps;

/// <summary>
/// A sweep's folder: a copy of its file (<c>sweep.json</c>), one ordinary run folder per trial (<c>trial-0001/</c>, …,
/// each with its <c>run.json</c>, checkpoint, metrics, history and report, so <c>mnist runs</c> and <c>mnist compare</c>
/// read them), and the trials' claims (<c>.claims/</c>, see <see cref="TrialClaim"/>).
/// </summary>
/// <param name="Path">The folder, as a full path.</param>
public sealed record SweepFolder(string Path)
{
    /// <summary>The copy of the sweep file.</summary>
    public const string FileName = "sweep.json";

    /// <summary>The copies of the architecture files the sweep names (<see cref="Sweep.Files"/>): one JSON object, each path as written to its text.</summary>
    public const string FilesName = "sweep-files.json";

    /// <summary>The claims' folder.</summary>
    public const string ClaimsName = ".claims";

    /// <summary>The copy of the sweep file in the folder.</summary>
    public string File => System.IO.Path.Combine(Path, FileName);

    /// <summary>The copies of the architecture files the sweep names.</summary>
    public string Files => System.IO.Path.Combine(Path, FilesName);

    /// <summary>The trials' claims.</summary>
    public string Claims => System.IO.Path.Combine(Path, ClaimsName);

    /// <summary>The run folder of <paramref name="trial"/>.</summary>
    public string TrialFolder(SweepTrial trial) => System.IO.Path.Combine(Path, trial.Id);

    /// <summary>
    /// Takes <paramref name="path"/> for <paramref name="sweep"/>: creates it with a copy of the sweep file, or checks that the
    /// copy already there is the same file, so that trials of two different sweeps never mix.
    /// </summary>
    /// <exception cref="InvalidDataException">The folder holds another sweep (its <c>sweep.json</c> differs).</exception>
    /// <exception cref="IOException">The folder cannot be created or written.</exception>
    public static SweepFolder Take(string path, Sweep sweep)
    {
        var folder = new SweepFolder(System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(path)));
        if (System.IO.File.Exists(folder.Path))
            throw new IOException($"{path} is a file; a sweep needs a folder there.");
        // Hidden entries are the sweep's own (its claims, a copy of the file being written by a process that started at the
        // same moment), and so is the copy that such a process linked into place since the check above.
        if (!System.IO.File.Exists(folder.File) && Directory.Exists(folder.Path)
            && Directory.EnumerateFileSystemEntries(folder.Path).Any(entry => System.IO.Path.GetFileName(entry) is var name && !name.StartsWith('.') && name is not (FileName or FilesName)))
            throw new InvalidDataException($"{path} holds other files and no {FileName}: it is not this sweep's folder. Give a new or empty folder.");
        Directory.CreateDirectory(folder.Claims);
        // The files first: a process that finds the sweep's copy finds its files' copies too.
        if (sweep.Files.Count > 0)
            Keep(folder, folder.Files, JsonText.Write(new JsonObject([.. sweep.Files.Select(file => KeyValuePair.Create(file.Key, (JsonNode?)file.Value))])),
                $"its {FilesName} does not hold the same architecture files as {sweep.Source} names (one of them has changed since the sweep started)", path);
        Keep(folder, folder.File, sweep.Text, $"its {FileName} is not the same text as {sweep.Source}", path);
        return folder;
    }

    // Writes text to file unless it is there already, then checks that what is there is the same text.
    private static void Keep(SweepFolder folder, string file, string text, string differs, string path)
    {
        if (!System.IO.File.Exists(file))
        {
            // Written aside and linked into place only if absent: of processes started together, one writes it and the others compare.
            var aside = System.IO.Path.Combine(folder.Path, $".{System.IO.Path.GetFileName(file)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
            try
            {
                System.IO.File.WriteAllText(aside, text);
                System.IO.File.Move(aside, file, overwrite: false);
                return;
            }
            catch (IOException) when (System.IO.File.Exists(file))
            {
            }
            finally
            {
                if (System.IO.File.Exists(aside)) System.IO.File.Delete(aside);
            }
        }
        if (InputFile.ReadAllText(file, "a sweep file", SweepFile.MaxBytes * 2) != text)
            throw new InvalidDataException($"{path} holds another sweep: {differs}. A changed sweep goes in a folder of its own (--out), so that its trials are not mixed with the old ones.");
    }

    /// <summary>Opens the existing sweep folder <paramref name="path"/> and reads its sweep.</summary>
    /// <exception cref="DirectoryNotFoundException">There is no folder there.</exception>
    /// <exception cref="InvalidDataException">It holds no sweep, or its <c>sweep.json</c> is not valid.</exception>
    public static (SweepFolder Folder, Sweep Sweep) Open(string path)
    {
        var folder = new SweepFolder(System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(path)));
        if (!Directory.Exists(folder.Path))
            throw new DirectoryNotFoundException($"There is no sweep folder {path}.");
        if (!System.IO.File.Exists(folder.File))
            throw new InvalidDataException($"{path} is not a sweep folder: it has no {FileName}. 'mnist sweep SWEEP.json --out {path}' makes one.");
        var text = InputFile.ReadAllText(folder.File, "a sweep file", SweepFile.MaxBytes);
        var files = System.IO.File.Exists(folder.Files) ? CopiedFiles(folder.Files) : [];
        return (folder, SweepFile.Parse(text, folder.File, System.IO.Path.GetFileName(folder.Path),
            written => files.TryGetValue(written, out var copy) ? (copy, $"{folder.Files} ('{written}')") : throw new FileNotFoundException($"{folder.Files} holds no copy of it.")));
    }

    private static Dictionary<string, string> CopiedFiles(string path)
    {
        JsonObject? json;
        try
        {
            json = JsonNode.Parse(InputFile.ReadAllText(path, "a sweep's architecture files", SweepFile.MaxBytes * 2)) as JsonObject;
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidDataException($"{path}: it is not valid JSON ({e.Message}); it is the copy of the architecture files a sweep writes, so take it again from a run of the sweep.", e);
        }
        return json is null ? throw new InvalidDataException($"{path}: it is not the JSON object of architecture files a sweep writes.")
            : json.ToDictionary(file => file.Key, file => file.Value is JsonValue value && value.TryGetValue<string>(out var text) ? text
            : throw new InvalidDataException($"{path}: the field '{file.Key}' is not an architecture file's text."), StringComparer.Ordinal);
    }
}
