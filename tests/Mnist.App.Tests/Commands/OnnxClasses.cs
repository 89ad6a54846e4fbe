using Mnist.Functional.Datasets;
using Mnist.Functional.Onnx;
using Mnist.Functional.Onnx.Tests;
using Mnist.Functional.Runs;

namespace Mnist.App.Tests.Commands;

/// <summary>The classes of a run's test digits from its exported ONNX file in ONNX Runtime, which knows nothing of libtorch, beside the library's.</summary>
internal static class OnnxClasses
{
    /// <summary>
    /// The class ONNX Runtime gives each of the run's test digits (the first <see cref="RunSpec.TestItems"/> of
    /// <paramref name="dataset"/>) with <paramref name="onnxFile"/>, and the class the library gives it with the checkpoint of
    /// the run in <paramref name="runFolder"/>.
    /// </summary>
    public static (int[] Onnx, int[] Library) Of(string onnxFile, string runFolder, Dataset dataset)
    {
        using var trained = TrainedModel.Load(Path.Combine(runFolder, RunFolder.CheckpointName));
        var library = Run.EvaluateTest(trained, dataset).Test.Predicted.ToArray();
        using var digits = dataset.Test.Images.narrow(0, 0, library.Length);
        var outputs = OnnxRuntimeRunner.Run(OnnxExport.Load(onnxFile), digits);
        return (OnnxRuntimeRunner.ArgMax(outputs.Probabilities, dataset.Info.ClassNames.Count), library);
    }
}
