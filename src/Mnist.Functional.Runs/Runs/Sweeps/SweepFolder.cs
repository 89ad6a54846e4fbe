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

    /// <summary>The claims' folder.</summary>
    public const string ClaimsName = ".claims";

    /// <summary>The copy of the sweep file in the folder.</summary>
    public string File => System.IO.Path.Combine(Path, FileName);

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
            && Directory.EnumerateFileSystemEntries(folder.Path).Any(entry => System.IO.Path.GetFileName(entry) is var name && !name.StartsWith('.') && name != FileName))
            throw new InvalidDataException($"{path} holds other files and no {FileName}: it is not this sweep's folder. Give a new or empty folder.");
        Directory.CreateDirectory(folder.Claims);
        if (!System.IO.File.Exists(folder.File))
        {
            // Written aside and linked into place only if absent: of processes started together, one writes it and the others compare.
            var aside = System.IO.Path.Combine(folder.Path, $".{FileName}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
            try
            {
                System.IO.File.WriteAllText(aside, sweep.Text);
                System.IO.File.Move(aside, folder.File, overwrite: false);
                return folder;
            }
            catch (IOException) when (System.IO.File.Exists(folder.File))
            {
            }
            finally
            {
                if (System.IO.File.Exists(aside)) System.IO.File.Delete(aside);
            }
        }
        if (InputFile.ReadAllText(folder.File, "a sweep file", SweepFile.MaxBytes) != sweep.Text)
            throw new InvalidDataException($"{path} holds another sweep: its {FileName} is not the same text as {sweep.Source}. A changed sweep goes in a folder of its own (--out), so that its trials are not mixed with the old ones.");
        return folder;
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
        return (folder, SweepFile.Parse(text, folder.File, System.IO.Path.GetFileName(folder.Path)));
    }
}
