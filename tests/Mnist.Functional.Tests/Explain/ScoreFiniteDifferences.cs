using Mnist.Functional.Explain;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Explain;

/// <summary>The gradient of an explained score by central finite differences in float64, the reference for the gradient maps.</summary>
internal static class ScoreFiniteDifferences
{
    private const double Step = 1e-6;

    /// <summary>
    /// <c>∂F/∂xᵢ ≈ (F(x + h·eᵢ) − F(x − h·eᵢ)) / 2h</c> for sample <paramref name="sample"/> at the flat element indices
    /// <paramref name="elements"/>, with the model and the input in float64.
    /// </summary>
    public static double[] Gradient(ClassScore score, Tensor inputs, Tensor targets, int sample, IReadOnlyList<int> elements)
    {
        using var scope = NewDisposeScope();
        using var noGradient = no_grad();
        var exact = score.In(float64);
        var x = inputs.narrow(0, sample, 1).to(float64);
        var target = targets.narrow(0, sample, 1);
        double At(int element, double offset)
        {
            using var elementScope = NewDisposeScope();
            var moved = x.clone();
            moved.view(-1)[element] += offset;
            return exact.Of(moved, target).item<double>();
        }
        return [.. elements.Select(element => (At(element, Step) - At(element, -Step)) / (2 * Step))];
    }

    /// <summary>The values of <paramref name="map"/> (sample <paramref name="sample"/>) at the flat element indices <paramref name="elements"/>.</summary>
    public static double[] At(Tensor map, int sample, IReadOnlyList<int> elements)
    {
        using var scope = NewDisposeScope();
        var flat = map[sample].to(float64).flatten().data<double>().ToArray();
        return [.. elements.Select(element => flat[element])];
    }
}
