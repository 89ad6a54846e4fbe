using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Mnist.Functional.IO;

namespace Mnist.Functional.Runs.Sweeps;

/// <summary>
/// A process's hold on one trial, kept in the sweep's <c>.claims/</c> folder so that processes on any machine that shares
/// the folder never run a trial twice. A claim is a file created atomically (written aside, then linked into place only if
/// no such file exists), one generation after another: <c>trial-0003.1.claim</c>, then <c>trial-0003.2.claim</c> when the
/// first was abandoned. A claim is abandoned when its process is gone (its pid on this host has ended or is another
/// process now) or, for a process elsewhere, when its file has not been touched for the lease: the holder touches it a few
/// times per lease while the trial runs. Only one process can create the next generation, so only one takes a trial over.
/// A trial is done when its <c>.done</c> file exists; it is written after the trial's run folder is complete.
/// </summary>
public sealed class TrialClaim : IDisposable
{
    private readonly Timer heartbeat;

    private TrialClaim(string file, int generation, TimeSpan lease)
    {
        (File, Generation) = (file, generation);
        heartbeat = new Timer(_ => Touch(), null, lease / 4, lease / 4);
    }

    /// <summary>The claim's file.</summary>
    public string File { get; }

    /// <summary>1 for the first claim on the trial; more when earlier holders abandoned it.</summary>
    public int Generation { get; }

    /// <summary>
    /// Claims trial <paramref name="id"/> in <paramref name="claims"/>, or returns <see langword="null"/> when it is done or
    /// a live process holds it.
    /// </summary>
    /// <exception cref="IOException">The claims folder cannot be written.</exception>
    public static TrialClaim? TryTake(string claims, string id, TimeSpan lease)
    {
        Directory.CreateDirectory(claims);
        if (IsDone(claims, id)) return null;
        var (latest, generation) = Latest(claims, id);
        if (latest is not null && Holder(latest, lease) is not null) return null;
        var file = Path.Combine(claims, string.Create(CultureInfo.InvariantCulture, $"{id}.{generation + 1}.claim"));
        var aside = Path.Combine(claims, $".{id}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            System.IO.File.WriteAllText(aside, JsonText.Write(Describe(DateTime.UtcNow)));
            System.IO.File.Move(aside, file, overwrite: false);
        }
        catch (IOException) when (System.IO.File.Exists(file))
        {
            return null; // another process took this generation first
        }
        finally
        {
            if (System.IO.File.Exists(aside)) System.IO.File.Delete(aside);
        }
        // The trial may have been finished by the holder whose claim looked abandoned only between its last checks.
        if (IsDone(claims, id)) return null;
        return new TrialClaim(file, generation + 1, lease);
    }

    /// <summary>Whether trial <paramref name="id"/> is done.</summary>
    public static bool IsDone(string claims, string id) => System.IO.File.Exists(DoneFile(claims, id));

    /// <summary>The file that marks trial <paramref name="id"/> done.</summary>
    public static string DoneFile(string claims, string id) => Path.Combine(claims, id + ".done");

    /// <summary>The latest claim on trial <paramref name="id"/> and its generation; (null, 0) when it was never claimed.</summary>
    public static (string? File, int Generation) Latest(string claims, string id)
    {
        if (!Directory.Exists(claims)) return (null, 0);
        var latest = Directory.EnumerateFiles(claims, id + ".*.claim")
            .Select(file => (File: (string?)file, Generation: int.TryParse(Path.GetFileName(file)[(id.Length + 1)..^".claim".Length], NumberStyles.None, CultureInfo.InvariantCulture, out var g) ? g : 0))
            .Where(claim => claim.Generation > 0)
            .OrderByDescending(claim => claim.Generation)
            .FirstOrDefault();
        return latest.File is null ? (null, 0) : latest;
    }

    /// <summary>Who holds the claim in <paramref name="file"/> (<c>pid 1234 on host</c>), or <see langword="null"/> when it is abandoned.</summary>
    public static string? Holder(string file, TimeSpan lease)
    {
        JsonObject? json;
        try
        {
            json = JsonNode.Parse(System.IO.File.ReadAllText(file)) as JsonObject;
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException or UnauthorizedAccessException)
        {
            json = null;
        }
        var host = json?["host"]?.GetValue<string>();
        var pid = json?["pid"]?.GetValue<int>();
        var holder = string.Create(CultureInfo.InvariantCulture, $"pid {pid} on {host}");
        if (host == Environment.MachineName && pid is { } id)
            return Alive(id, json?["process_start_utc"]?.GetValue<string>()) ? holder : null;
        var touched = System.IO.File.GetLastWriteTimeUtc(file);
        return DateTime.UtcNow - touched <= lease ? holder : null;
    }

    /// <summary>Marks the trial done, with how its run ended (<c>finished</c> or <c>failed</c>); the claim is kept as its history.</summary>
    public void Done(string state)
    {
        var done = Path.Combine(Path.GetDirectoryName(File)!, Path.GetFileName(File).Split('.')[0] + ".done");
        var json = Describe(DateTime.UtcNow);
        json["state"] = state;
        AtomicFile.WriteText(done, JsonText.Write(json));
    }

    /// <summary>Gives the trial up (it was cancelled or could not run), so that the next process that looks takes it.</summary>
    public void Release()
    {
        heartbeat.Dispose();
        System.IO.File.Delete(File);
    }

    /// <summary>Stops touching the claim.</summary>
    public void Dispose() => heartbeat.Dispose();

    private void Touch()
    {
        try
        {
            System.IO.File.SetLastWriteTimeUtc(File, DateTime.UtcNow);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A missed touch only shortens the lease another host gives this one; the next touch tries again.
        }
    }

    private static JsonObject Describe(DateTime now)
    {
        using var self = Process.GetCurrentProcess();
        return new JsonObject
        {
            ["host"] = Environment.MachineName,
            ["pid"] = Environment.ProcessId,
            ["process_start_utc"] = self.StartTime.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            ["at_utc"] = now.ToString("O", CultureInfo.InvariantCulture),
        };
    }

    // Whether process pid runs and is the one that claimed (a pid is reused once its process ends).
    private static bool Alive(int pid, string? startedUtc)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            if (process.HasExited) return false;
            return startedUtc is null || !DateTime.TryParse(startedUtc, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var claimed)
                || Math.Abs((process.StartTime.ToUniversalTime() - claimed).TotalSeconds) < 2;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
