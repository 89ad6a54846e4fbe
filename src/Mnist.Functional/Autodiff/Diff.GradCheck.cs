using Mnist.Functional.Parameters;
using Mnist.Functional.Tensors;
using static TorchSharp.torch;

namespace Mnist.Functional.Autodiff;

public static partial class Diff
{
    /// <summary>
    /// Checks autograd's gradient of <paramref name="f"/> against central finite differences in float64,
    /// <c>∂f/∂xᵢ ≈ (f(x + εeᵢ) − f(x − εeᵢ)) / 2ε</c>, for every element of every tensor in the tree.
    /// </summary>
    /// <remarks>
    /// The parameters are converted to float64 first. A function with a non-scalar result is checked
    /// through a fixed random projection, <c>⟨f(params), r⟩</c> with <c>r ~ N(0, 1)</c> from seed 0,
    /// which checks the whole Jacobian with one reverse pass. It evaluates <paramref name="f"/> twice
    /// per element, so it is for small inputs.
    /// </remarks>
    /// <param name="f">The function to check; it must accept float64 tensors.</param>
    /// <param name="tolerance">The largest relative error (see <see cref="GradCheckReport"/>) that passes.</param>
    /// <param name="epsilon">The finite-difference step ε.</param>
    public static Func<Params, GradCheckReport> GradCheck(Func<Params, Tensor> f, double tolerance = 1e-6, double epsilon = 1e-6) =>
        parameters =>
        {
            using var scope = NewDisposeScope();
            var point = parameters.Map(tensor => tensor.detach().to(float64));
            var projected = Projected(f, point);
            var analytic = Grad(projected)(point);
            var report = new GradCheckReport(0, 0, "", 0, 0, tolerance);
            foreach (var (path, tensor) in point)
            {
                var analyticFlat = analytic[path].reshape(-1);
                for (long i = 0; i < tensor.numel(); i++)
                {
                    using var elementScope = NewDisposeScope();
                    var numeric = (projected(point.With(path, Nudged(tensor, i, epsilon))) - projected(point.With(path, Nudged(tensor, i, -epsilon)))).item<double>() / (2 * epsilon);
                    report = Worse(report, analyticFlat[i].item<double>(), numeric, () => $"{path}[{string.Join(", ", Unravel(i, tensor.shape))}]");
                }
            }
            return report;
        };

    /// <summary>
    /// Checks autograd's gradient of a function of one tensor against central finite differences in
    /// float64; the report names elements <c>x[i, j]</c>.
    /// </summary>
    /// <param name="f">The function to check; it must accept float64 tensors.</param>
    /// <param name="tolerance">The largest relative error (see <see cref="GradCheckReport"/>) that passes.</param>
    /// <param name="epsilon">The finite-difference step ε.</param>
    public static Func<Tensor, GradCheckReport> GradCheck(Func<Tensor, Tensor> f, double tolerance = 1e-6, double epsilon = 1e-6)
    {
        var overTree = GradCheck(parameters => f(parameters[InputPath]), tolerance, epsilon);
        return x => overTree(AsTree(x));
    }

    /// <summary>A scalar function with the same gradient information as <paramref name="f"/>: <paramref name="f"/> itself, or its projection on a fixed random direction.</summary>
    private static Func<Params, Tensor> Projected(Func<Params, Tensor> f, Params point)
    {
        using var gradientOff = no_grad();
        var probe = f(point);
        if (probe.numel() == 1) return parameters => f(parameters).reshape([]);
        var direction = randn(probe.shape, float64, generator: new Generator(0));
        return parameters => (f(parameters) * direction).sum();
    }

    private static Tensor Nudged(Tensor tensor, long flatIndex, double delta)
    {
        using var scalars = new ScalarScope();
        var copy = tensor.clone();
        copy.view(-1)[flatIndex].add_(scalars.Of(delta));
        return copy;
    }

    private static GradCheckReport Worse(GradCheckReport report, double analytic, double numeric, Func<string> where)
    {
        var absolute = Math.Abs(analytic - numeric);
        var relative = absolute / Math.Max(1, Math.Max(Math.Abs(analytic), Math.Abs(numeric)));
        var worst = relative > report.MaxRelativeError || report.WorstElement.Length == 0
            ? report with { MaxRelativeError = relative, WorstElement = where(), Analytic = analytic, Numeric = numeric }
            : report;
        return worst with { MaxAbsoluteError = Math.Max(worst.MaxAbsoluteError, absolute) };
    }

    private static long[] Unravel(long flatIndex, long[] shape)
    {
        var index = new long[shape.Length];
        for (var axis = shape.Length - 1; axis >= 0; axis--)
        {
            index[axis] = flatIndex % shape[axis];
            flatIndex /= shape[axis];
        }
        return index;
    }
}
