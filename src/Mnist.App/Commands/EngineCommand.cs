using System.CommandLine;
using Mnist.App.Cli;
using Mnist.Functional.Tensors;

namespace Mnist.App.Commands;

/// <summary><c>engine</c>: starts libtorch and describes it (versions, CPU capability, threads).</summary>
public static class EngineCommand
{
    private static readonly Option<int?> Threads = ThreadCount.Create();

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("engine", "Start the TorchSharp engine and describe it: versions, CPU capability, threads.");
        command.Options.Add(Threads);
        command.SetAction(CommandAction.Guarded(parse =>
        {
            var info = Engine.Start(ThreadCount.Checked(parse.GetValue(Threads)));
            var output = parse.InvocationConfiguration.Output;
            output.WriteLine($"TorchSharp   {info.TorchSharpVersion}");
            output.WriteLine($"libtorch     {info.LibTorchVersion} ({info.Backend}{(info.CudaAvailable ? ", CUDA available" : "")})");
            output.WriteLine($"CPU          {info.CpuModel}");
            output.WriteLine($"capability   {info.CpuCapability}");
            output.WriteLine($"threads      {info.Threads} intra-op, {info.InteropThreads} inter-op ({info.LogicalCores} logical cores)");
            return ExitCodes.Success;
        }));
        return command;
    }
}
