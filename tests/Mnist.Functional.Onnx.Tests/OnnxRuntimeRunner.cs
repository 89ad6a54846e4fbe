using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using DenseTensor = Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>;
using Onnx;
using static TorchSharp.torch;

namespace Mnist.Functional.Onnx.Tests;

/// <summary>Runs an exported model in ONNX Runtime, which knows nothing of libtorch: the independent check of an export.</summary>
internal static class OnnxRuntimeRunner
{
    /// <summary>What the model gave: <c>scores</c> and <c>probabilities</c>, each <c>[N, classes]</c> flattened row by row.</summary>
    public sealed record Outputs(float[] Scores, float[] Probabilities);

    /// <summary>Runs <paramref name="model"/> on <paramref name="pixels"/> (<c>[N, 1, 28, 28]</c> or <c>[N, 28, 28]</c>, any dtype, 0 to 255).</summary>
    public static Outputs Run(ModelProto model, Tensor pixels)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var session = new InferenceSession(model.ToByteArray(), options);
        float[] values;
        long[] shape;
        using (NewDisposeScope())
        {
            var images = pixels.dim() == 3 ? pixels.unsqueeze(1) : pixels;
            shape = images.shape;
            values = images.to(float32).contiguous().data<float>().ToArray();
        }
        var input = new DenseTensor(values, shape.Select(size => (int)size).ToArray());
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(OnnxExport.InputName, input)]);
        return new Outputs(
            results.Single(result => result.Name == OnnxExport.ScoresName).AsEnumerable<float>().ToArray(),
            results.Single(result => result.Name == OnnxExport.ProbabilitiesName).AsEnumerable<float>().ToArray());
    }

    /// <summary>The largest |a − b| over two equally long arrays.</summary>
    public static double MaxAbsDifference(float[] a, float[] b)
    {
        Assert.That(a, Has.Length.EqualTo(b.Length), "the two outputs have different sizes");
        return a.Zip(b).Max(pair => Math.Abs((double)pair.First - pair.Second));
    }

    /// <summary>The index of the largest value in each row of <paramref name="rows"/>.</summary>
    public static int[] ArgMax(float[] rows, int columns) =>
        [.. Enumerable.Range(0, rows.Length / columns).Select(row => Array.IndexOf(rows, rows.AsSpan(row * columns, columns).ToArray().Max(), row * columns) - row * columns)];
}
