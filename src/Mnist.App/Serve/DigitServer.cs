using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using Mnist.App.Digits;
using Mnist.Functional.Datasets;
using Mnist.Functional.Explain;
using Mnist.Functional.Images;
using Mnist.Functional.Reports;
using Mnist.Functional.Runs;

namespace Mnist.App.Serve;

/// <summary>
/// The local web page of <c>serve</c>: <c>GET /</c> is the drawing page, <c>POST /api/predict</c> takes an image
/// file (its bytes as the request body, or the first file of a <c>multipart/form-data</c> form, as <c>curl -F</c> and
/// HTML forms send it) and answers with the prepared digit (at the model's image size, 28×28 for MNIST) and every class's probability (and with <c>?explain=1</c> where the model looked for its answer and for the
/// runner-up, an attribution method's maps); <c>GET /api/health</c>
/// says the server is up and <c>GET /api/info</c> names the model, its dataset, classes, image size and the upload limits.
/// Requests share the trained model read-only (each forward pass has its own tensors). Memory is bounded by the work in
/// flight: every upload passes one <see cref="UploadGate"/> (its bytes before its body is read, its pixels before it is
/// decoded), connections are limited to <see cref="MaxConnections"/>, and the forward passes at once to the processor
/// count. Only requests whose <c>Host</c> names the bound address, <c>localhost</c> or a loopback address are answered
/// (<see cref="AllowedHosts"/>), so that a web page cannot reach the API through a DNS name it controls (DNS rebinding).
/// </summary>
public sealed class DigitServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private DigitServer(WebApplication app) => this.app = app;

    /// <summary>The address the server listens on, with the port it got (useful when port 0 asked for any free one).</summary>
    public Uri Address => new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>The most connections open at once; more wait in the system's queue until one closes.</summary>
    public const int MaxConnections = 64;

    /// <summary>
    /// The host names a request's <c>Host</c> header may give for a server bound to <paramref name="address"/>:
    /// <c>localhost</c>, the loopback addresses, and <paramref name="address"/> itself; for an address that stands for
    /// every interface (<c>0.0.0.0</c>, <c>::</c>), this machine's name and the addresses of its interfaces as well.
    /// IPv6 addresses are written in brackets, as in a <c>Host</c> header.
    /// </summary>
    public static IReadOnlyList<string> AllowedHosts(IPAddress address)
    {
        var hosts = new List<IPAddress> { IPAddress.Loopback, IPAddress.IPv6Loopback, address };
        var names = new List<string> { "localhost" };
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            names.Add(Environment.MachineName);
            hosts.AddRange(System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
                .SelectMany(network => network.GetIPProperties().UnicastAddresses).Select(unicast => unicast.Address));
        }
        return [.. names.Concat(hosts.Where(host => !host.Equals(IPAddress.Any) && !host.Equals(IPAddress.IPv6Any)).Select(Host)).Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    // An address as a Host header writes it: IPv6 in brackets, without a scope.
    private static string Host(IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{new IPAddress(address.GetAddressBytes())}]" : address.ToString();

    /// <summary>
    /// Starts serving <paramref name="trained"/> on <paramref name="address"/>:<paramref name="port"/>, uploads within
    /// <paramref name="limits"/>, explaining answers with <paramref name="explainer"/> when a request asks.
    /// </summary>
    public static async Task<DigitServer> StartAsync(TrainedModel trained, IPAddress address, int port, ImageLimits limits, AttributionMethod explainer, CancellationToken cancellation)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(address, port);
            // Room for a multipart form's boundaries and part headers around a file at the limit, and one more byte,
            // so that an upload over the limit is read far enough to be refused with a reason.
            kestrel.Limits.MaxRequestBodySize = limits.MaxBytes + FormOverhead + 1;
            kestrel.Limits.MaxConcurrentConnections = MaxConnections;
            kestrel.Limits.MaxConcurrentUpgradedConnections = 0;
        });
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddHostFiltering(options => options.AllowedHosts = [.. AllowedHosts(address)]);
        var app = builder.Build();
        app.UseHostFiltering();
        var readers = new SemaphoreSlim(Environment.ProcessorCount);
        var gate = new UploadGate(limits);
        app.Lifetime.ApplicationStopped.Register(gate.Dispose);

        app.MapGet("/", () => Results.Content(ServePage.Html(trained.Spec.Model.Name, trained.Spec.Dataset.Id, trained.Dataset.Image, limits), "text/html; charset=utf-8"));
        app.MapGet("/api/health", () => Results.Json(new JsonObject { ["status"] = "ok" }));
        app.MapGet("/api/info", () => Results.Json(Info(trained, limits)));
        app.MapPost("/api/predict", async (HttpRequest request, CancellationToken aborted) =>
        {
            var multipart = IsMultipart(request);
            if (request.ContentLength > limits.MaxBytes + (multipart ? FormOverhead : 0))
                return TooLarge(limits);
            PreparedDigit prepared;
            using (await gate.EnterBodyAsync(request.ContentLength ?? limits.MaxBytes, aborted))
            {
                var upload = multipart ? await ReadFormFileAsync(request, limits.MaxBytes, aborted) : await ReadBodyAsync(request, limits.MaxBytes, aborted);
                if (upload.Refusal is not null)
                    return Refuse(upload.Refusal);
                if (upload.TooLarge)
                    return TooLarge(limits);
                var bytes = upload.Bytes;
                if (bytes.Length == 0)
                    return Refuse("the upload is empty: send an image file's bytes as the request body, or as a multipart form's file (curl -F file=@digit.png)");
                // An image over the pixel limit is refused from its header, without decoding: it weighs nothing.
                var pixels = ImageDecoder.PixelCount(bytes) is { } count && count <= limits.MaxPixels ? count : 1;
                using (await gate.EnterPixelsAsync(pixels, aborted))
                {
                    try
                    {
                        prepared = DigitImage.FromBytes(bytes, "the upload", limits, trained.Dataset.Image);
                    }
                    catch (InvalidDataException e)
                    {
                        return Refuse(e.Message);
                    }
                }
            }
            await readers.WaitAsync(aborted);
            try
            {
                var answer = Answer(trained, prepared);
                if (request.Query["explain"] == "1")
                    answer["explanation"] = Explanation(trained, prepared, explainer, (int)answer["predicted"]!);
                return Results.Json(answer, statusCode: StatusCodes.Status200OK);
            }
            finally
            {
                readers.Release();
            }
        });
        await app.StartAsync(cancellation);
        return new DigitServer(app);
    }

    /// <summary>Waits until <paramref name="cancellation"/> is cancelled (Ctrl+C), then stops taking requests and finishes those in flight.</summary>
    public async Task RunUntilAsync(CancellationToken cancellation)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellation);
        }
        catch (OperationCanceledException)
        {
        }
        await app.StopAsync(CancellationToken.None);
    }

    /// <summary>Stops the server and frees it.</summary>
    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private static IResult TooLarge(ImageLimits limits) => Refuse($"the upload is more than the limit of {ImageLimits.Millions(limits.MaxBytes)} MB for an image");

    // The most bytes a multipart form may add around its file: boundaries, part headers, a few small fields.
    private const long FormOverhead = 64 * 1024;

    // An upload read from a request: its bytes, or TooLarge (read no further), or the reason it cannot be used.
    private readonly record struct Upload(byte[] Bytes, bool TooLarge = false, string? Refusal = null);

    // Only multipart/form-data is a form here: curl --data-binary labels a raw body application/x-www-form-urlencoded.
    private static bool IsMultipart(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase);

    // The form's part named "file", else its first file part, read by ASP.NET Core's multipart reader within the limits.
    private static async Task<Upload> ReadFormFileAsync(HttpRequest request, long limit, CancellationToken aborted)
    {
        if (request.ContentLength > limit + FormOverhead) return new([], TooLarge: true);
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = limit + 1, ValueCountLimit = 16, BufferBodyLengthLimit = limit + FormOverhead }, aborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new([], TooLarge: true);
        }
        catch (InvalidDataException e) when (e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase) && e.Message.Contains("body length", StringComparison.OrdinalIgnoreCase))
        {
            return new([], TooLarge: true);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return new([], Refusal: $"the multipart upload cannot be read: {e.Message}");
        }
        var file = form.Files.GetFile("file") ?? (form.Files.Count > 0 ? form.Files[0] : null);
        if (file is null)
            return new([], Refusal: "the multipart upload holds no file: send the image as a file part, as curl -F file=@digit.png does");
        if (file.Length > limit) return new([], TooLarge: true);
        using var bytes = new MemoryStream((int)file.Length);
        await file.CopyToAsync(bytes, aborted);
        return new(bytes.ToArray());
    }

    // The body, unless it is longer than limit bytes (then TooLarge, read no further). A body of known length is read
    // into an array of that length, never copied.
    private static async Task<Upload> ReadBodyAsync(HttpRequest request, long limit, CancellationToken aborted)
    {
        if (request.ContentLength > limit) return new([], TooLarge: true);
        if (request.ContentLength is { } length)
        {
            var exact = new byte[length];
            try
            {
                await request.Body.ReadExactlyAsync(exact, aborted);
            }
            catch (EndOfStreamException)
            {
                return new([]);
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return new([], TooLarge: true);
            }
            return new(exact);
        }
        using var body = new MemoryStream();
        var buffer = new byte[81920];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer, aborted)) > 0)
            {
                if (body.Length + read > limit) return new([], TooLarge: true);
                body.Write(buffer, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new([], TooLarge: true);
        }
        return new(body.ToArray());
    }

    // {"model", "dataset", "dataset_title", "classes": [...], "limits": {"max_bytes", "max_pixels"}, "input": {"width", "height"}}
    private static JsonObject Info(TrainedModel trained, ImageLimits limits) => new()
    {
        ["model"] = trained.Model.Name,
        ["dataset"] = trained.Dataset.Id,
        ["dataset_title"] = trained.Dataset.Title,
        ["classes"] = new JsonArray([.. trained.Dataset.ClassNames.Select(name => (JsonNode?)JsonValue.Create(name))]),
        ["limits"] = new JsonObject { ["max_bytes"] = limits.MaxBytes, ["max_pixels"] = limits.MaxPixels },
        ["input"] = new JsonObject { ["width"] = trained.Dataset.Image.Width, ["height"] = trained.Dataset.Image.Height },
    };

    private static IResult Refuse(string reason) => Results.Json(new JsonObject { ["error"] = reason }, statusCode: StatusCodes.Status400BadRequest);

    // {"predicted", "label_name", "probabilities": {"0": p, ...}, "weak", "warnings": [{"code", "text"}], "prepared": "data:image/png;base64,..."}
    private static JsonObject Answer(TrainedModel trained, PreparedDigit prepared)
    {
        var predictions = DigitReader.Read(trained, [prepared.Digit]).RequireFinite(_ => "the upload");
        var predicted = predictions.Predicted[0];
        var weak = WeakAnswer.Reasons(prepared.Warnings, predictions.Probability(0, predicted));
        return new JsonObject
        {
            ["predicted"] = predicted,
            ["label_name"] = predictions.ClassNames[predicted],
            ["probabilities"] = new JsonObject(predictions.ClassNames.Select((name, c) =>
                KeyValuePair.Create(name, (JsonNode?)JsonValue.Create(predictions.Probability(0, c))))),
            ["weak"] = weak.Count > 0,
            ["warnings"] = new JsonArray([.. weak.Select(reason => (JsonNode?)new JsonObject { ["code"] = reason.Code, ["text"] = reason.Text })]),
            ["prepared"] = GreyPng.ToDataUri(prepared.Digit.Pixels, prepared.Digit.Width, prepared.Digit.Height),
        };
    }

    // {"method": {...settings, "score": "logit"}, "maps": [{"class", "label_name", "map": [[28 numbers] × 28], "image": "data:image/png;base64,..."}]}:
    // the predicted class first, then the runner-up (the second most probable).
    private static JsonObject Explanation(TrainedModel trained, PreparedDigit prepared, AttributionMethod method, int predicted)
    {
        var names = trained.Dataset.ClassNames;
        var runnerUp = DigitReader.Read(trained, [prepared.Digit]).Top(0, 2)[1].Class;
        IReadOnlyList<DigitExplanation> explanations;
        using (TorchSharp.torch.NewDisposeScope())
            explanations = DigitExplainer.Explain(trained, method, ScoreKind.Logit, DigitImage.Stack([prepared.Digit, prepared.Digit]), [predicted, runnerUp]);
        var settings = method.Settings();
        settings["score"] = "logit";
        return new JsonObject
        {
            ["method"] = settings,
            ["maps"] = new JsonArray([.. explanations.Select(explanation => (JsonNode?)new JsonObject
            {
                ["class"] = explanation.Target,
                ["label_name"] = names[explanation.Target],
                ["map"] = new JsonArray([.. explanation.Map.Chunk(prepared.Digit.Width).Select(row => (JsonNode?)new JsonArray([.. row.Select(value => (JsonNode?)value)]))]),
                ["image"] = "data:image/png;base64," + Convert.ToBase64String(HeatmapOverlay.Png(prepared.Digit, explanation.Map, scale: 5)),
            })]),
        };
    }
}
