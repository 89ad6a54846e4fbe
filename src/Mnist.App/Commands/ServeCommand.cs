using System.CommandLine;
using System.Net;
using Mnist.App.Cli;
using Mnist.App.Serve;
using Mnist.Functional.Images;
using Mnist.Functional.Native;
using Mnist.Functional.Runs;
using Mnist.Functional.Explain;

namespace Mnist.App.Commands;

/// <summary>
/// <c>serve --checkpoint DIR [--address IP] [--port N]</c>: a local web page to draw a digit on or drop a photo
/// onto, and a JSON endpoint (<see cref="DigitServer"/>); it runs until Ctrl+C.
/// </summary>
public static class ServeCommand
{
    private const int DefaultPort = 5170;

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var checkpoint = new Option<string>("--checkpoint", "-c")
        {
            Description = "A run folder that 'train' wrote, or its checkpoint folder (which holds checkpoint.json).",
            HelpName = "DIR",
            Required = true,
        };
        var address = new Option<string>("--address")
        {
            Description = "The address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 opens the page to the network).",
            HelpName = "IP",
            DefaultValueFactory = _ => IPAddress.Loopback.ToString(),
        };
        address.Validators.Add(result =>
        {
            if (!IPAddress.TryParse(result.GetValueOrDefault<string>(), out _)) result.AddError("--address must be an IP address such as 127.0.0.1.");
        });
        var port = NumberOptions.Whole("--port", $"The port to listen on (default {DefaultPort}; 0 picks a free one and prints it).", 0, 65535);
        port.HelpName = "N";
        var maxBytes = NumberOptions.Whole64("--max-upload-mb", $"The largest upload, in megabytes (default {ImageLimits.Default.MaxBytes / 1_000_000}).", 1, 1_000_000);
        maxBytes.HelpName = "MB";
        var maxPixels = NumberOptions.Whole64("--max-megapixels", $"The largest image, in megapixels (default {ImageLimits.Default.MaxPixels / 1_000_000}); larger ones are refused from their header.", 1, 1_000_000);
        maxPixels.HelpName = "MP";

        var explainer = new Option<string>("--explain-method")
        {
            Description = $"The attribution method behind the page's 'where the model looked' (default {GradientTimesInput.MethodName}: one gradient per answer, quick enough to follow a pen), with its default settings.",
            HelpName = "METHOD",
            DefaultValueFactory = _ => GradientTimesInput.MethodName,
        }.AcceptOnlyFromAmong([.. AttributionMethod.Names]);

        var command = new Command("serve", "Serve a local web page to draw digits on or drop photos onto, with a JSON endpoint, until Ctrl+C.");
        foreach (var option in new Option[] { checkpoint, address, port, maxBytes, maxPixels, explainer }) command.Options.Add(option);
        command.SetAction(CommandAction.Guarded(async (parse, cancellation) =>
        {
            CommandEngine.Start(EngineOptions.ForTraining);
            using var trained = TrainedModel.Load(RunFolders.CheckpointOf(parse.GetValue(checkpoint)!));
            var limits = new ImageLimits(
                (parse.GetValue(maxBytes) ?? ImageLimits.Default.MaxBytes / 1_000_000) * 1_000_000,
                (parse.GetValue(maxPixels) ?? ImageLimits.Default.MaxPixels / 1_000_000) * 1_000_000);
            var output = parse.InvocationConfiguration.Output;
            DigitServer server;
            try
            {
                server = await DigitServer.StartAsync(trained, IPAddress.Parse(parse.GetValue(address)!), (parse.GetValue(port) ?? DefaultPort), limits,
                    AttributionMethod.Named(parse.GetValue(explainer)!), cancellation);
            }
            catch (IOException e)
            {
                throw new IOException($"Cannot listen on {parse.GetValue(address)}:{(parse.GetValue(port) ?? DefaultPort)} ({e.Message}): choose another --port, or 0 for any free one.", e);
            }
            catch (System.Net.Sockets.SocketException e)
            {
                // The address is not one of this machine's (or not allowed here): the user's input, not a failure of ours.
                throw new IOException($"Cannot listen on {parse.GetValue(address)} ({e.Message}): give an address of this machine with --address (127.0.0.1 by default), or leave it out.", e);
            }
            await using (server)
            {
                if (!IPAddress.IsLoopback(IPAddress.Parse(parse.GetValue(address)!)))
                    await parse.InvocationConfiguration.Error.WriteLineAsync(
                        $"warning: serving on {parse.GetValue(address)}, not this machine alone: anyone who can reach it on the network can use the page and the API, with no password. Leave --address out (127.0.0.1) unless that is what you want.");
                await output.WriteLineAsync($"serving {trained.Spec.Model.Name} ({trained.Spec.Dataset.Id}) on {server.Address} (POST {server.Address}api/predict takes an image); Ctrl+C stops");
                await output.FlushAsync(CancellationToken.None);
                await server.RunUntilAsync(cancellation);
            }
            await output.WriteLineAsync("stopped");
            return ExitCodes.Cancelled;
        }));
        return command;
    }
}
