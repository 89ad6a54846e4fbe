using System.Net;

namespace Mnist.Functional.Datasets.Sources;

/// <summary>
/// One public HTTP mirror that serves <c>NAME.gz</c> under a base URL. Each file is streamed into the cache, verified
/// and renamed into place; failures that may pass are retried with back-off, others move on at once.
/// </summary>
/// <param name="cache">The cache the files go into.</param>
/// <param name="dataset">The dataset whose files are fetched.</param>
/// <param name="mirror">The base URL, ending in <c>/</c>.</param>
/// <param name="client">The HTTP client; its handler's connect time-out should be short (see <see cref="CreateClient"/>).</param>
/// <param name="options">Time-outs and retries.</param>
/// <param name="progress">Receives byte counts as files arrive; may be <see langword="null"/>.</param>
public sealed class HttpMirrorSource(
    DataCache cache, DatasetInfo dataset, Uri mirror, HttpClient client, DownloadOptions options, IProgress<DownloadProgress>? progress = null)
    : IDataSource
{
    /// <inheritdoc/>
    public string Name => $"mirror {mirror}";

    /// <summary>An HTTP client with <paramref name="options"/>' connect time-out and no overall time-out (the idle time-out guards bodies).</summary>
    public static HttpClient CreateClient(DownloadOptions options) =>
        new(new SocketsHttpHandler { ConnectTimeout = options.ConnectTimeout, AutomaticDecompression = DecompressionMethods.None })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };

    /// <summary>Fetches the files in order and stops at the first that fails: a mirror that failed once is not asked again.</summary>
    public async Task<SourceResult> FetchAsync(IReadOnlyList<DatasetFile> files, CancellationToken cancellation)
    {
        var found = new Dictionary<DatasetFile, string>();
        foreach (var file in files)
        {
            var url = new Uri(mirror, file.GzipName);
            try
            {
                found[file] = await DownloadAsync(file, url, cancellation);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
            {
                return SourceResult.Of(found, [$"{file.GzipName}: {Reason(e)}"]);
            }
        }
        return SourceResult.Of(found, []);
    }

    private async Task<string> DownloadAsync(DatasetFile file, Uri url, CancellationToken cancellation)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryOnceAsync(file, url, cancellation);
            }
            catch (Exception e) when (attempt < options.Attempts && IsTransient(e, cancellation))
            {
                await Task.Delay(options.PauseBefore(attempt + 1), cancellation);
            }
        }
    }

    private async Task<string> TryOnceAsync(DatasetFile file, Uri url, CancellationToken cancellation)
    {
        using var headers = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        headers.CancelAfter(options.IdleTimeout);
        using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, headers.Token);
        response.EnsureSuccessStatusCode();
        if (response.Content.Headers.ContentLength > file.MaxGzipLength)
            throw new ContentTooLongException(url.ToString(),
                $"the server announces {response.Content.Headers.ContentLength:N0} bytes, more than the {file.MaxGzipLength:N0} a gzip copy of {file.Name} can have: it is not that file.");
        await using var raw = await response.Content.ReadAsStreamAsync(cancellation);
        await using var body = new ProgressStream(raw, file.GzipName, url.ToString(), response.Content.Headers.ContentLength, progress, options.IdleTimeout);
        return await cache.InstallAsync(dataset, file, body, gzipped: true, url.ToString(), cancellation);
    }

    /// <summary>Whether trying again may help: dropped connections, time-outs and server errors, but not a missing host, a 404 or a wrong checksum.</summary>
    internal static bool IsTransient(Exception e, CancellationToken cancellation) => e switch
    {
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } => false,
        HttpRequestException { StatusCode: { } status } => (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests,
        HttpRequestException or TimeoutException => true,
        OperationCanceledException => !cancellation.IsCancellationRequested,
        DataFileException => false,
        IOException => true,
        _ => false,
    };

    private string Reason(Exception e) => e switch
    {
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } => $"cannot resolve the host {mirror.Host} (no internet or DNS?)",
        HttpRequestException { StatusCode: { } status } => $"HTTP {(int)status} {status}",
        OperationCanceledException => $"no response within {options.IdleTimeout.InSeconds()}",
        DataFileException data => data.Problem,
        _ => e.Message,
    } + (IsTransient(e, CancellationToken.None) ? $" (after {options.Attempts} tries)" : "");
}
