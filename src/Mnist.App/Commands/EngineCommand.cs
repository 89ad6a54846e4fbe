using System.CommandLine;
using System.Text.Json.Nodes;
using Mnist.App.Cli;
using Mnist.Functional.Native;

namespace Mnist.App.Commands;

/// <summary><c>engine</c>: starts libtorch and describes it (versions, CPU capability, threads).</summary>
public static class EngineCommand
{
    private static readonly Option<int?> Threads = ThreadCount.Create();

    private static readonly Option<bool> Json = new("--json") { Description = "Write one JSON document on standard output instead of the text." };

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("engine", "Start the TorchSharp engine and describe it: versions, CPU capability, threads.");
        command.Options.Add(Threads);
        command.Options.Add(Json);
        command.SetAction(CommandAction.Guarded(async (parse, _) =>
        {
            var info = CommandEngine.Start(EngineOptions.ForTraining, parse.GetValue(Threads));
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(Json))
            {
                await JsonOutput.WriteAsync(output, ToJson(info));
                return ExitCodes.Success;
            }
            output.WriteLine($"TorchSharp   {info.TorchSharpVersion}");
            output.WriteLine($"libtorch     {info.LibTorchVersion} ({info.Backend}{(info.CudaAvailable ? ", CUDA available" : "")})");
            output.WriteLine($"CPU          {info.CpuModel}");
            output.WriteLine($"capability   {info.CpuCapability}");
            output.WriteLine($"threads      {info.Threads} intra-op, {info.InteropThreads} inter-op ({info.LogicalCores} logical cores)");
            output.WriteLine($"waiting      {info.ThreadWaiting}");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static JsonObject ToJson(EngineInfo info) => new()
    {
        ["torchsharp"] = info.TorchSharpVersion,
        ["libtorch"] = info.LibTorchVersion,
        ["backend"] = info.Backend,
        ["cuda_available"] = info.CudaAvailable,
        ["cpu"] = info.CpuModel,
        ["cpu_capability"] = info.CpuCapability,
        ["threads"] = info.Threads,
        ["interop_threads"] = info.InteropThreads,
        ["logical_cores"] = info.LogicalCores,
        ["thread_waiting"] = new JsonObject { ["setting"] = info.ThreadWaitSetting, ["reason"] = info.ThreadWaitReason },
    };
}
