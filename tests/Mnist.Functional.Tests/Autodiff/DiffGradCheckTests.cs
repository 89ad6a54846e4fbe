using Mnist.Functional.Autodiff;
using Mnist.Functional.Layers;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Autodiff;

public sealed class DiffGradCheckTests
{
    [Test]
    public void A_Correct_Gradient_Passes_With_A_Tiny_Relative_Error()
    {
        using var scope = NewDisposeScope();

        var report = Diff.GradCheck(x => (x.sin() * x.exp()).sum())(randn(3, 2, generator: new Generator(1)));

        Assert.That(report.Passed, Is.True, report.ToString());
        Assert.That(report.MaxRelativeError, Is.LessThan(1e-8));
    }

    [Test]
    public void A_Wrong_Gradient_Fails_And_The_Report_Names_The_Worst_Element()
    {
        using var scope = NewDisposeScope();
        // The value is Σx², but autograd sees x.detach() as a constant and says the gradient is x, not 2x.
        static Tensor HalfTracked(Tensor x) => (x.detach() * x).sum();

        var report = Diff.GradCheck(HalfTracked)(tensor(new[] { 0.5, -3.0, 1.0 }));

        Assert.Multiple(() =>
        {
            Assert.That(report.Passed, Is.False);
            Assert.That(report.WorstElement, Is.EqualTo("x[1]"));
            Assert.That(report.Analytic, Is.EqualTo(-3.0).Within(1e-12));
            Assert.That(report.Numeric, Is.EqualTo(-6.0).Within(1e-6));
            Assert.That(report.MaxAbsoluteError, Is.EqualTo(3.0).Within(1e-6));
            Assert.That(report.MaxRelativeError, Is.EqualTo(0.5).Within(1e-6));
            Assert.That(report.ToString(), Does.Contain("FAILED").And.Contain("x[1]"));
        });
    }

    [Test]
    public void Params_Of_A_Layer_With_A_Non_Scalar_Output_Pass_And_Are_Checked_In_Float64()
    {
        using var scope = NewDisposeScope();
        var model = new Linear(3, 2).Then("tanh", x => x.tanh());
        var parameters = model.Init(new Generator(2)).Params;
        var input = randn(4, 3, float64, generator: new Generator(3));

        var report = Diff.GradCheck(p => model.Apply(p, input, Mode.Eval))(parameters);

        Assert.That(report.Passed, Is.True, report.ToString());
        Assert.That(report.WorstElement, Does.StartWith("0.weight[").Or.StartWith("0.bias["));
    }
}
