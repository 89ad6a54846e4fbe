using System.Globalization;
using System.Text;
using Mnist.Functional.Parameters;
using Mnist.Functional.Tensors;
using static TorchSharp.torch;

namespace Mnist.Functional.Layers;

/// <summary>
/// What a model does to an input of a given shape: every layer's path, output shape, parameter count and
/// multiply-adds per sample, with totals; <see cref="ToString"/> renders it as an aligned table.
/// </summary>
/// <remarks>
/// Shapes come from running the model once in evaluation mode, without gradients, on zeros; every tensor
/// made for that is freed before <see cref="Of"/> returns. Multiply-adds follow
/// <see cref="Layer.MultiplyAddsPerSample"/>: weight products only, so FLOPs ≈ 2 × MACs.
/// </remarks>
/// <param name="InputShape">The input shape the model was run on, batch first.</param>
/// <param name="OutputShape">The model's output shape.</param>
/// <param name="Rows">Every layer, in the order it runs; a composite layer comes before its children.</param>
/// <param name="TotalParameters">Trainable scalars in the whole model.</param>
/// <param name="TotalMultiplyAdds">Multiply-adds per sample in the whole model.</param>
public sealed record Summary(long[] InputShape, long[] OutputShape, IReadOnlyList<SummaryRow> Rows, long TotalParameters, long TotalMultiplyAdds)
{
    /// <summary>Floating-point operations per sample, <c>2 × TotalMultiplyAdds</c>.</summary>
    public long TotalFlops => 2 * TotalMultiplyAdds;

    /// <summary>Summarises <paramref name="model"/> for inputs of <paramref name="inputShape"/>, such as <c>[1, 1, 28, 28]</c>.</summary>
    /// <exception cref="ShapeMismatchException">A layer cannot take what reaches it; the message names it.</exception>
    public static Summary Of(Layer model, params long[] inputShape)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var generator = new Generator(0);
        var variables = model.Init(generator);
        var recorder = new Recorder();
        var output = model.Children.Count == 0
            ? recorder.RunAsRow(model, variables, inputShape)
            : model.Apply(variables.Params, variables.State, zeros(inputShape), Mode.Eval.ObservedBy(recorder)).Output;
        var rows = recorder.Rows;
        return new(inputShape, output.shape, rows, variables.Params.ElementCount, rows.Where(row => !row.IsComposite).Sum(row => row.MultiplyAdds));
    }

    /// <summary>The summary as an aligned text table: path, layer, output shape, parameters, MACs; totals last.</summary>
    public override string ToString()
    {
        string[] header = ["Path", "Layer", "Output shape", "Params", "MACs"];
        var lines = Rows.Select(row => new[]
        {
            row.Path,
            new string(' ', 2 * row.Depth) + row.Layer,
            Shapes.Format(row.OutputShape),
            Thousands(row.Parameters),
            Thousands(row.MultiplyAdds),
        }).ToList();
        string[] total = ["Total", "", Shapes.Format(OutputShape), Thousands(TotalParameters), Thousands(TotalMultiplyAdds)];
        var widths = Enumerable.Range(0, header.Length).Select(column => lines.Append(header).Append(total).Max(line => line[column].Length)).ToArray();
        var rule = new string('-', widths.Sum() + 2 * (widths.Length - 1));

        var text = new StringBuilder();
        text.AppendLine(Render(header, widths)).AppendLine(rule);
        foreach (var line in lines) text.AppendLine(Render(line, widths));
        text.AppendLine(rule).AppendLine(Render(total, widths));
        text.Append(CultureInfo.InvariantCulture, $"Input {Shapes.Format(InputShape)}; MACs are per sample, FLOPs ≈ 2 × MACs = {Thousands(TotalFlops)}.");
        return text.ToString();
    }

    // Text columns left-aligned, numbers right-aligned.
    private static string Render(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((cell, column) => column >= 3 ? cell.PadLeft(widths[column]) : cell.PadRight(widths[column]))).TrimEnd();

    private static string Thousands(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Turns the calls it observes into rows, in call order, a composite's row before its children's.</summary>
    private sealed class Recorder : ILayerObserver
    {
        private readonly List<(string Path, Layer Layer, long Parameters, long[] InputShape, SummaryRow? Row)> calls = [];

        public IReadOnlyList<SummaryRow> Rows => calls.Select(call => call.Row!).ToList();

        public int Entering(string path, Layer layer, Params parameters, Tensor input)
        {
            calls.Add((path, layer, parameters.ElementCount, input.shape, null));
            return calls.Count - 1;
        }

        public void Left(int call, Tensor output)
        {
            var (path, layer, parameters, inputShape, _) = calls[call];
            var isComposite = layer.Children.Count > 0;
            // Children have all left before their parent does, so their rows are complete here.
            var multiplyAdds = isComposite
                ? calls.Skip(call + 1).Where(child => child.Path.StartsWith(path + ".", StringComparison.Ordinal) && child.Row is { IsComposite: false }).Sum(child => child.Row!.MultiplyAdds)
                : layer.MultiplyAddsPerSample(inputShape, output.shape);
            calls[call] = calls[call] with { Row = new SummaryRow(path, layer.Describe(), output.shape, parameters, multiplyAdds, isComposite) };
        }

        // A model that is a single leaf layer gets one row, named by its type.
        public Tensor RunAsRow(Layer model, Variables variables, long[] inputShape)
        {
            var input = zeros(inputShape);
            var call = Entering(model.GetType().Name, model, variables.Params, input);
            var output = model.Apply(variables.Params, variables.State, input, Mode.Eval).Output;
            Left(call, output);
            return output;
        }
    }
}
