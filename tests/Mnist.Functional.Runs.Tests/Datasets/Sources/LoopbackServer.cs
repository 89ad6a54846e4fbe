using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Net;

namespace Mnist.Functional.Runs.Tests.Datasets.Sources;

/// <summary>An HTTP server bound to 127.0.0.1 only, on a free port, that answers each path as a test tells it to.</summary>
internal sealed class LoopbackServer : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentDictionary<string, Func<HttpListenerResponse, Task>> routes = new();
    private readonly Task loop;

    public LoopbackServer()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
        listener.Prefixes.Add(BaseUri.ToString());
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    /// <summary>The server's base URL, <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>How many requests each path has had.</summary>
    public ConcurrentDictionary<string, int> Requests { get; } = new();

    /// <summary>Answers <paramref name="path"/> with <paramref name="bytes"/>, after an optional <paramref name="delay"/>.</summary>
    public void Serve(string path, byte[] bytes, TimeSpan delay = default) => routes[path] = async response =>
    {
        await Task.Delay(delay);
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    };

    /// <summary>Sends <paramref name="bytes"/> in <paramref name="chunks"/> pieces with <paramref name="pause"/> between them.</summary>
    public void Trickle(string path, byte[] bytes, int chunks, TimeSpan pause) => routes[path] = async response =>
    {
        response.ContentLength64 = bytes.Length;
        var size = (bytes.Length + chunks - 1) / chunks;
        for (var start = 0; start < bytes.Length; start += size)
        {
            await response.OutputStream.WriteAsync(bytes.AsMemory(start, Math.Min(size, bytes.Length - start)));
            await response.OutputStream.FlushAsync();
            await Task.Delay(pause);
        }
        response.Close();
    };

    /// <summary>Announces all of <paramref name="bytes"/>, sends the first half, and drops the connection.</summary>
    public void DropMidBody(string path, byte[] bytes) => routes[path] = async response =>
    {
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes.AsMemory(0, bytes.Length / 2));
        await response.OutputStream.FlushAsync();
        response.Abort();
    };

    /// <summary>Announces <paramref name="announced"/> bytes, sends the first of them, and waits for the client to hang up.</summary>
    public void Announce(string path, long announced) => routes[path] = async response =>
    {
        response.ContentLength64 = announced;
        try
        {
            await response.OutputStream.WriteAsync(new byte[1024]);
            await Task.Delay(TimeSpan.FromSeconds(5));
        }
        catch (HttpListenerException)
        {
        }
        response.Abort();
    };

    /// <summary>Serves every file of <see cref="IdxFiles.Contents"/> gzip-compressed, as mirrors do.</summary>
    public LoopbackServer ServeAll(Func<string, byte[], byte[]>? change = null)
    {
        foreach (var (name, bytes) in IdxFiles.Contents)
            Serve(name + ".gz", IdxFiles.Gzip(change is null ? bytes : change(name, bytes)));
        return this;
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var path = context.Request.Url!.AbsolutePath.TrimStart('/');
        Requests.AddOrUpdate(path, 1, (_, count) => count + 1);
        try
        {
            if (routes.TryGetValue(path, out var answer))
            {
                await answer(context.Response);
                return;
            }
            context.Response.StatusCode = 404;
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The client went away; nothing to answer.
        }
    }

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        loop.Wait(TimeSpan.FromSeconds(5));
    }
}
