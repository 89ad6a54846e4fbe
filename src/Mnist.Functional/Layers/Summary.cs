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
/// Shapes come from each layer's settings (<see cref="Layer.OutputShape"/>) where every layer of the model can tell
/// them and is a chain, a residual block or a leaf; otherwise (a <see cref="Lambda"/>, or a composite layer of the
/// user's own) from running the model once in evaluation mode, without gradients, on zeros. Parameter counts come from
/// the model's initial parameters. Every tensor made is freed before <see cref="Of"/> returns. Multiply-adds follow
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
        if (Described(model, variables.Params, inputShape) is var (described, shape))
            return new(inputShape, shape, described, variables.Params.ElementCount, described.Where(row => !row.IsComposite).Sum(row => row.MultiplyAdds));
        var recorder = new Recorder();
        var output = model.Children.Count == 0
            ? recorder.RunAsRow(model, variables, inputShape)
            : model.Apply(variables.Params, variables.State, zeros(inputShape), Mode.Eval.ObservedBy(recorder)).Output;
        var rows = recorder.Rows;
        return new(inputShape, output.shape, rows, variables.Params.ElementCount, rows.Where(row => !row.IsComposite).Sum(row => row.MultiplyAdds));
    }

    // The rows the recorder would make, from the layers' settings alone: running the model costs time and, on processors
    // libtorch's NNPACK does not support, prints a warning at the first convolution. Null where a layer cannot tell its
    // shape, a composite's flow is not known, or a layer refuses its input (running it then says why, as it always has).
    private static (List<SummaryRow> Rows, long[] Output)? Described(Layer model, Params parameters, long[] inputShape)
    {
        var rows = new List<SummaryRow>();
        try
        {
            if (model.Children.Count > 0)
                return Through(model, parameters, inputShape, "", rows) is { } output ? (rows, output) : null;
            if (model.OutputShape(inputShape) is not { } shape) return null;
            rows.Add(new SummaryRow(model.GetType().Name, model.Describe(), shape, parameters.ElementCount, model.MultiplyAddsPerSample(inputShape, shape), IsComposite: false));
            return (rows, shape);
        }
        catch (Exception e) when (e is ArgumentException or OverflowException)
        {
            return null;
        }
    }

    // A chain's or residual block's children, each a row (a composite's before its children's, as they are called), and
    // the composite's output shape.
    private static long[]? Through(Layer composite, Params parameters, long[] input, string path, List<SummaryRow> rows)
    {
        if (composite is not (Chain or Residual)) return null;
        var shape = input;
        foreach (var (name, child) in composite.Children)
        {
            var childPath = path.Length == 0 ? name : $"{path}.{name}";
            var childParameters = parameters.Child(name);
            var at = rows.Count;
            long[]? output;
            long multiplyAdds;
            if (child.Children.Count > 0)
            {
                output = Through(child, childParameters, shape, childPath, rows);
                multiplyAdds = rows.Skip(at).Where(row => !row.IsComposite).Sum(row => row.MultiplyAdds);
            }
            else
            {
                output = child.OutputShape(shape);
                multiplyAdds = output is null ? 0 : child.MultiplyAddsPerSample(shape, output);
            }
            if (output is null) return null;
            var row = new SummaryRow(childPath, child.Describe(), output, childParameters.ElementCount, multiplyAdds, child.Children.Count > 0);
            rows.Insert(at, row);
            shape = output;
        }
        return composite is Residual ? (shape.SequenceEqual(input) ? input : null) : shape;
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
