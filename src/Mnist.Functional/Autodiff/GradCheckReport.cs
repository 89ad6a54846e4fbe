namespace Mnist.Functional.Autodiff;

/// <summary>
/// How far autograd's gradient is from central finite differences, element by element, as
/// <see cref="Diff.GradCheck(System.Func{Mnist.Functional.Parameters.Params, TorchSharp.torch.Tensor}, double, double)"/> measures it.
/// </summary>
/// <remarks>
/// An element's relative error is <c>|a − n| / max(|a|, |n|, 1)</c> for the analytic gradient <c>a</c> and
/// the numeric one <c>n</c>: relative where the gradient is larger than 1, absolute where it is smaller,
/// so that elements whose gradient is zero are not judged by the noise of a division by almost zero.
/// </remarks>
/// <param name="MaxAbsoluteError">The largest <c>|a − n|</c> over every element.</param>
/// <param name="MaxRelativeError">The largest relative error over every element.</param>
/// <param name="WorstElement">Where the relative error is largest, as a path and index: <c>weight[1, 2]</c>; empty when there are no elements.</param>
/// <param name="Analytic">Autograd's gradient at the worst element.</param>
/// <param name="Numeric">The finite-difference gradient at the worst element.</param>
/// <param name="Tolerance">The largest relative error that passes.</param>
public sealed record GradCheckReport(double MaxAbsoluteError, double MaxRelativeError, string WorstElement, double Analytic, double Numeric, double Tolerance)
{
    /// <summary>Whether every element's relative error is below <see cref="Tolerance"/>.</summary>
    public bool Passed => MaxRelativeError < Tolerance;

    /// <inheritdoc />
    public override string ToString() =>
        $"gradient check {(Passed ? "passed" : "FAILED")}: max relative error {MaxRelativeError:G3} (tolerance {Tolerance:G3}), max absolute error {MaxAbsoluteError:G3}; " +
        $"worst at {WorstElement}: autograd {Analytic:G9}, finite differences {Numeric:G9}";
}
