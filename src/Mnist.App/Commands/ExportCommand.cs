using System.CommandLine;
using Mnist.App.Cli;
using Mnist.Functional.Native;
using Mnist.Functional.Onnx;
using Mnist.Functional.Runs;
using static System.FormattableString;

namespace Mnist.App.Commands;

/// <summary><c>export</c>: writes a checkpoint's model in a format other runtimes read (ONNX).</summary>
public static class ExportCommand
{
    private static readonly Option<string> Checkpoint = new("--checkpoint", "-c") { Description = "The run folder that 'train' wrote (runs/<timestamp>), its checkpoint folder, or a folder that 'import' wrote.", Required = true };
    private static readonly Option<string> Format = new Option<string>("--format") { Description = "The file format: onnx (opset 17; raw 0–255 pixels in, scores and probabilities out).", DefaultValueFactory = _ => "onnx" }.AcceptOnlyFromAmong("onnx");
    private static readonly Option<string?> Out = new("--out", "-o") { Description = "The file to write (default: model.onnx in the run folder, beside checkpoint/)." };
    private static readonly Option<bool> Force = OutputTarget.Force();

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("export", "Export a checkpoint's model to ONNX, to run it without libtorch (ONNX Runtime, OpenVINO, TensorRT, a browser).");
        foreach (var option in new Option[] { Checkpoint, Format, Out, Force }) command.Options.Add(option);
        command.SetAction(CommandAction.Guarded(async (parse, _) =>
        {
            CommandEngine.Start(EngineOptions.ForTraining);
            var checkpoint = RunFolders.CheckpointOf(parse.GetValue(Checkpoint)!);
            var path = OutputTarget.File("--out", parse.GetValue(Out) ?? DefaultFile(checkpoint), "model.onnx", parse.InvocationConfiguration.Error, parse.GetValue(Force));
            using var trained = TrainedModel.Load(checkpoint);
            var model = OnnxExport.ToModel(trained);
            OutputTarget.Writing("--out", path, () => OnnxExport.Save(path, model));
            await parse.InvocationConfiguration.Output.WriteLineAsync(Invariant(
                $"wrote {path} ({new FileInfo(path).Length / 1024.0:N0} KiB, ONNX opset {OnnxExport.Opset}): {trained.Model.Name} on {trained.Dataset.Title}; ") + Invariant(
                $"input '{OnnxExport.InputName}' float32 [batch, 1, {trained.Dataset.Image.Height}, {trained.Dataset.Image.Width}] with raw pixels 0–255, outputs '{OnnxExport.ScoresName}' and '{OnnxExport.ProbabilitiesName}' [batch, {trained.Dataset.ClassNames.Count}]"));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static string DefaultFile(string checkpoint) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(checkpoint).TrimEnd(Path.DirectorySeparatorChar)) ?? ".", "model.onnx");
}
