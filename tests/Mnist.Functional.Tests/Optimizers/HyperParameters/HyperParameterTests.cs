using Mnist.Functional.Optimizers;
using Mnist.Functional.Optimizers.HyperParameters;
using Mnist.Functional.Optimizers.Schedules;
using Mnist.Functional.Optimizers.Transforms;
using Mnist.Functional.Parameters;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Optimizers.HyperParameters;

public sealed class HyperParameterTests
{
    [Test]
    public void Out_Of_Range_Values_Are_Refused_Where_They_Are_Used_With_Their_Name_And_Range() =>
        Assert.Multiple(() =>
        {
            Assert.That(() => new ScaleByAdam(Beta1: 1.0).Init(Params.Empty), Throws.TypeOf<HyperParameterException>().With.Message.Contains("Beta1 must be in [0, 1)"));
            Assert.That(() => new Trace(Momentum: -0.1).Init(Params.Empty), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("Momentum"));
            Assert.That(() => new ClipByGlobalNorm(0).Init(Params.Empty), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("MaxNorm must be a positive number"));
            Assert.That(() => new AddDecayedWeights(double.NaN).Init(Params.Empty), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("WeightDecay must be zero or more"));
            Assert.That(() => new StepDecay(0.1, StepSize: 0).At(0), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("StepSize"));
            Assert.That(() => new OneCycle(0.1, TotalSteps: 100, PctStart: 1.5).At(0), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("PctStart must be in [0, 1]"));
            Assert.That(() => new OneCycle(0.1, TotalSteps: 100, DivFactor: 0).At(0), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("DivFactor must be a positive number"));
        });

    [Test]
    public void A_Value_Set_With_With_Is_Checked_Too()
    {
        var valid = new ScaleByAdam();

        Assert.Multiple(() =>
        {
            Assert.That(() => (valid with { Beta2 = 2 }).Init(Params.Empty), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("Beta2 must be in [0, 1)"));
            Assert.That(() => (new ScaleByRms() with { Epsilon = -1 }).Init(Params.Empty), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("Epsilon must be zero or more"));
            Assert.That(() => (new CosineDecay(0.1, 10) with { Steps = 0 }).At(3), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("Steps must be positive"));
            Assert.That(() => (new LinearWarmUp(5, 0.1) with { Steps = -1 }).At(0), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("Steps must be positive"));
        });
    }

    [Test]
    public void An_Update_With_A_Bad_Value_Fails_Even_With_A_State_Made_Before()
    {
        using var scope = NewDisposeScope();
        var parameters = Params.Of(("w", ones(2)));
        var state = new ScaleByAdadelta().Init(parameters);

        Assert.That(() => (new ScaleByAdadelta() with { Rho = 1.5 }).Update(parameters, state, parameters, 0),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("Rho must be in [0, 1]"));
    }

    [Test]
    public void An_Optimizer_With_A_Bad_Value_Fails_At_Init_Not_As_NaN_Later()
    {
        using var scope = NewDisposeScope();
        var parameters = Params.Of(("w", ones(2)));

        Assert.That(() => new RmsProp(0.01, Alpha: 2).Init(parameters),
            Throws.TypeOf<HyperParameterException>().With.Message.Contains("Alpha must be in [0, 1]"));
    }
}
