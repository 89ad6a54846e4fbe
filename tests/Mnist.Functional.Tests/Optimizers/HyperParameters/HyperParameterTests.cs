using Mnist.Functional.Optimizers;
using Mnist.Functional.Optimizers.Schedules;
using Mnist.Functional.Optimizers.Transforms;
using Mnist.Functional.Parameters;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Optimizers.HyperParameters;

public sealed class HyperParameterTests
{
    [Test]
    public void Out_Of_Range_Values_Are_Refused_With_Their_Name_And_Range() =>
        Assert.Multiple(() =>
        {
            Assert.That(() => new ScaleByAdam(Beta1: 1.0), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("Beta1 must be in [0, 1)"));
            Assert.That(() => new Trace(Momentum: -0.1), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("Momentum"));
            Assert.That(() => new ClipByGlobalNorm(0), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("MaxNorm must be positive"));
            Assert.That(() => new StepDecay(0.1, StepSize: 0), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("StepSize"));
            Assert.That(() => new OneCycle(0.1, TotalSteps: 100, PctStart: 1.5), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("PctStart must be in [0, 1]"));
        });

    [Test]
    public void An_Optimizer_With_A_Bad_Value_Fails_At_Init_Not_As_NaN_Later()
    {
        using var scope = NewDisposeScope();
        var parameters = Params.Of(("w", ones(2)));

        Assert.That(() => new RmsProp(0.01, Alpha: 2).Init(parameters),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("Alpha must be in [0, 1]"));
    }
}
