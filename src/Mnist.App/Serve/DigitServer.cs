using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mnist.App.Digits;
using Mnist.Functional.Images;
using Mnist.Functional.Reports;
using Mnist.Functional.Runs;

namespace Mnist.App.Serve;

/// <summary>
/// The local web page of <c>serve</c>: <c>GET /</c> is the drawing page, <c>POST /api/predict</c> takes an image
/// file's bytes as the request body and answers with the prepared 28×28 digit and every class's probability.
/// Requests share the trained model read-only (each forward pass has its own tensors), and the number of them
/// being read at once is bounded by the processor count.
/// </summary>
public sealed class DigitServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private DigitServer(WebApplication app) => this.app = app;

    /// <summary>The address the server listens on, with the port it got (useful when port 0 asked for any free one).</summary>
    public Uri Address => new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>Starts serving <paramref name="trained"/> on <paramref name="address"/>:<paramref name="port"/>, uploads within <paramref name="limits"/>.</summary>
    public static async Task<DigitServer> StartAsync(TrainedModel trained, IPAddress address, int port, ImageLimits limits, CancellationToken cancellation)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(address, port);
            kestrel.Limits.MaxRequestBodySize = limits.MaxBytes + 1; // one more byte, so that an upload over the limit is read far enough to be refused with a reason
        });
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(5));
        var app = builder.Build();
        var readers = new SemaphoreSlim(Environment.ProcessorCount);

        app.MapGet("/", () => Results.Content(ServePage.Html(trained.Spec.Model.Name, trained.Spec.Dataset.Id, limits), "text/html; charset=utf-8"));
        app.MapPost("/api/predict", async (HttpRequest request, CancellationToken aborted) =>
        {
            var (bytes, tooLarge) = await ReadBodyAsync(request, limits.MaxBytes, aborted);
            if (tooLarge)
                return Refuse($"the upload is more than the limit of {ImageLimits.Millions(limits.MaxBytes)} MB for an image");
            if (bytes.Length == 0)
                return Refuse("the upload is empty: send an image file's bytes as the request body");
            PreparedDigit prepared;
            try
            {
                prepared = DigitImage.FromBytes(bytes, "the upload", limits, trained.Dataset.Image);
            }
            catch (InvalidDataException e)
            {
                return Refuse(e.Message);
            }
            await readers.WaitAsync(aborted);
            try
            {
                return Results.Json(Answer(trained, prepared), statusCode: StatusCodes.Status200OK);
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

    // The body, unless it is longer than limit bytes (then tooLarge, read no further).
    private static async Task<(byte[] Bytes, bool TooLarge)> ReadBodyAsync(HttpRequest request, long limit, CancellationToken aborted)
    {
        if (request.ContentLength > limit) return ([], true);
        using var body = new MemoryStream();
        var buffer = new byte[81920];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer, aborted)) > 0)
            {
                if (body.Length + read > limit) return ([], true);
                body.Write(buffer, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ([], true);
        }
        return (body.ToArray(), false);
    }

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
}
