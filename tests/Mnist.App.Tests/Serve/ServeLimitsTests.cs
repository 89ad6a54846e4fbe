using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Mnist.App.Cli;
using Mnist.App.Serve;
using Mnist.App.Tests.Commands;
using Mnist.Functional.Reports;

namespace Mnist.App.Tests.Serve;

/// <summary>
/// <c>serve</c> keeps to where it was asked to listen (a foreign <c>Host</c> is refused, a non-loopback address is
/// warned about), refuses a body one byte over its limit by its own check, and admits uploads through one gate, so
/// that many large uploads at once take the memory of the few in flight.
/// </summary>
[NonParallelizable]
[Category("RealData")]
public sealed class ServeLimitsTests
{
    // serve in process on the shared trained run's checkpoint, with args.
    private static async Task<(Uri Address, StringWriter Error, CancellationTokenSource Stop, Task<int> Server)> StartAsync(params string[] args) =>
        await RunningServe.StartAsync(Path.Combine(await TrainedRun.FolderAsync(), "checkpoint"), args);

    private static Task StopAsync(CancellationTokenSource stop, Task<int> server) => RunningServe.StopAsync(stop, server);

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, Uri address, string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, address);
        request.Headers.Host = host;
        return await client.SendAsync(request);
    }

    [Test]
    public async Task Only_The_Bound_Address_Localhost_And_Loopback_Hosts_Are_Answered()
    {
        var (address, _, stop, server) = await StartAsync();
        try
        {
            using var client = new HttpClient();
            var port = address.Port;

            Assert.Multiple(async () =>
            {
                foreach (var host in new[] { $"127.0.0.1:{port}", $"localhost:{port}", "localhost", $"[::1]:{port}" })
                    Assert.That((await GetAsync(client, address, host)).StatusCode, Is.EqualTo(HttpStatusCode.OK), host);
                foreach (var host in new[] { $"attacker.example:{port}", "attacker.example", $"127.0.0.1.attacker.example:{port}", $"10.0.0.1:{port}" })
                    Assert.That((await GetAsync(client, address, host)).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), host);
            });
        }
        finally
        {
            await StopAsync(stop, server);
        }
    }

    [Test]
    public void Every_Interface_Allows_This_Machines_Names_And_Addresses_And_A_Loopback_Address_Only_Loopback_Names()
    {
        var loopback = DigitServer.AllowedHosts(IPAddress.Loopback);
        var any = DigitServer.AllowedHosts(IPAddress.Any);

        Assert.Multiple(() =>
        {
            Assert.That(loopback, Is.EquivalentTo(new[] { "localhost", "127.0.0.1", "[::1]" }));
            Assert.That(any, Is.SupersetOf(loopback).And.Contain(Environment.MachineName).And.Not.Contain("0.0.0.0"));
        });
    }

    [Test]
    public async Task A_Non_Loopback_Address_Is_Warned_About_Once_And_Loopback_Is_Not()
    {
        var (_, anyError, anyStop, anyServer) = await StartAsync("--address", "0.0.0.0");
        await StopAsync(anyStop, anyServer);
        var (_, loopbackError, loopbackStop, loopbackServer) = await StartAsync();
        await StopAsync(loopbackStop, loopbackServer);

        Assert.Multiple(() =>
        {
            Assert.That(Regex.Count(anyError.ToString(), "warning: serving on 0.0.0.0, not this machine alone"), Is.EqualTo(1), anyError.ToString());
            Assert.That(anyError.ToString(), Does.Contain("with no password"));
            Assert.That(loopbackError.ToString(), Does.Not.Contain("warning"));
        });
    }

    [Test]
    public async Task A_Body_Of_Exactly_The_Limit_Is_Read_And_One_Byte_More_Is_Refused_By_Its_Size()
    {
        var (address, _, stop, server) = await StartAsync("--max-upload-mb", "1");
        try
        {
            using var client = new HttpClient();
            async Task<string> Post(int length)
            {
                using var content = new ByteArrayContent(new byte[length]);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                using var response = await client.PostAsync(new Uri(address, "api/predict"), content);
                return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.GetValue<string>();
            }

            var atLimit = await Post(1_000_000);
            var past = await Post(1_000_001);

            Assert.Multiple(() =>
            {
                Assert.That(atLimit, Does.Contain("cannot be read as an image"), "read whole, then found not to be an image");
                Assert.That(past, Is.EqualTo("the upload is more than the limit of 1 MB for an image"));
            });
        }
        finally
        {
            await StopAsync(stop, server);
        }
    }

    [Test]
    public async Task Sixteen_Large_Uploads_At_Once_Take_The_Memory_Of_Few_In_Flight()
    {
        const int side = 7000;   // 49 megapixels, within the default limit of 50
        var pixels = new byte[side * side];
        for (var y = side / 3; y < 2 * side / 3; y++)
            for (var x = (side / 2) - 300; x < (side / 2) + 300; x++)
                pixels[(y * side) + x] = 255;   // a thick stroke: a 1
        var png = GreyPng.Encode(pixels, side, side);
        pixels = [];
        GC.Collect();
        var (address, _, stop, server) = await StartAsync();
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
            await using var memory = WorkingSetPeak.Start(TimeSpan.FromMilliseconds(10));

            var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
            {
                using var content = new ByteArrayContent(png);
                using var response = await client.PostAsync(new Uri(address, "api/predict"), content);
                return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
            }));
            var grownMiB = await memory.StopAsync();
            var baseline = memory.Baseline;
            TestContext.Out.WriteLine($"16 uploads of {png.Length:N0} bytes ({side}×{side}): working set grew by {grownMiB:F0} MiB over {baseline / (1024.0 * 1024.0):F0} MiB");
            Assert.Multiple(() =>
            {
                Assert.That(answers.Select(answer => answer.StatusCode), Is.All.EqualTo(HttpStatusCode.OK), answers[0].Body);
                // Decoding one such image takes about 300 MiB (RGBA, grey and alpha, then the ink search); all sixteen at once took over 4 GiB.
                Assert.That(grownMiB, Is.LessThan(1536), "memory grows with the uploads in flight, not with those waiting");
            });
        }
        finally
        {
            await StopAsync(stop, server);
        }
    }
}
