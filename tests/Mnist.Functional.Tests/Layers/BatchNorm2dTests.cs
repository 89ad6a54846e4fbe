using Mnist.Functional.Layers;
using Mnist.Functional.Testing;
using static Mnist.Functional.Layers.Nn;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Layers;

public sealed class BatchNorm2dTests
{
    private static Tensor Images() => randn(4, 3, 5, 5, generator: new Generator(1)) * 2 + 1;

    [Test]
    public void Training_Output_Gradients_And_New_Running_Statistics_Equal_TorchSharps_BatchNorm2d()
    {
        using var scope = NewDisposeScope();
        var module = nn.BatchNorm2d(3);

        var state = TorchReference.AssertSameAsModule(BatchNorm2d(3), module, Images(), Mode.Train());

        Assert.Multiple(() =>
        {
            TensorAssert.Close(state["running_mean"], module.running_mean!, 1e-6, "running_mean");
            TensorAssert.Close(state["running_var"], module.running_var!, 1e-6, "running_var (unbiased)");
            Assert.That(state["num_batches_tracked"].item<long>(), Is.EqualTo(module.num_batches_tracked!.item<long>()).And.EqualTo(1));
        });
    }

    [Test]
    public void Evaluation_Uses_The_Running_Statistics_As_TorchSharps_BatchNorm2d()
    {
        using var scope = NewDisposeScope();

        TorchReference.AssertSameAsModule(BatchNorm2d(3) with { Eps = 1e-3 }, nn.BatchNorm2d(3, eps: 1e-3), Images(), Mode.Eval);
    }

    [Test]
    public void Running_Statistics_Follow_Momentum_Over_Several_Calls_Like_TorchSharps_BatchNorm2d()
    {
        using var scope = NewDisposeScope();
        var layer = BatchNorm2d(3) with { Momentum = 0.3 };
        var module = nn.BatchNorm2d(3, momentum: 0.3);
        var (parameters, state) = layer.Init(new Generator(0));
        module.train();

        for (var call = 0; call < 3; call++)
        {
            var x = randn(4, 3, 5, 5, generator: new Generator((ulong)call)) + call;
            state = layer.Apply(parameters, state, x, Mode.Train()).State;
            using (no_grad()) module.forward(x);
        }

        Assert.Multiple(() =>
        {
            TensorAssert.Close(state["running_mean"], module.running_mean!, 1e-6, "running_mean");
            TensorAssert.Close(state["running_var"], module.running_var!, 1e-6, "running_var");
            Assert.That(state["num_batches_tracked"].item<long>(), Is.EqualTo(3));
        });
    }

    [Test]
    public void Training_Leaves_The_State_It_Was_Given_Unchanged()
    {
        using var scope = NewDisposeScope();
        var layer = BatchNorm2d(3);
        var (parameters, state) = layer.Init(new Generator(0));
        var before = state.Map(tensor => tensor.clone());

        var after = layer.Apply(parameters, state, Images(), Mode.Train()).State;

        TensorAssert.BitIdentical(state, before);
        Assert.That(TensorAssert.MaxDifference(after["running_mean"], state["running_mean"]), Is.GreaterThan(0));
    }

    [Test]
    public void Init_Is_Weight_One_Bias_Zero_Mean_Zero_Variance_One_With_PyTorchs_Names()
    {
        using var scope = NewDisposeScope();

        var (parameters, state) = BatchNorm2d(2).Init(new Generator(0));

        Assert.Multiple(() =>
        {
            Assert.That(parameters.ToString(), Is.EqualTo("weight [2]\nbias [2]".Replace("\n", Environment.NewLine, StringComparison.Ordinal)));
            Assert.That(state.Paths, Is.EqualTo(new[] { "running_mean", "running_var", "num_batches_tracked" }));
            TensorAssert.BitIdentical(parameters["weight"], ones(2), "weight");
            TensorAssert.BitIdentical(state["running_var"], ones(2), "running_var");
        });
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Gradients_Pass_A_Finite_Difference_Check(bool training)
    {
        using var scope = NewDisposeScope();

        Assert.That(FiniteDifferences.MaxRelativeError(BatchNorm2d(2), randn(3, 2, 3, 3, generator: new Generator(3)), training), Is.LessThan(1e-6));
    }

    [Test]
    public void Wrong_Channels_Name_The_Layer_Path_And_Both_Shapes()
    {
        using var scope = NewDisposeScope();

        var model = Sequential(("conv", Conv2d(1, 4, 3)), ("bn", BatchNorm2d(8)));

        Assert.That(() => model.Apply(model.Init(new Generator(0)).Params, model.Init(new Generator(0)).State, zeros(2, 1, 6, 6), Mode.Eval),
            Throws.TypeOf<ShapeMismatchException>().With.Message.EqualTo("Layer bn (BatchNorm2d(8)) expects input of shape [B, 8, H, W] but got [2, 4, 4, 4]."));
    }
}
