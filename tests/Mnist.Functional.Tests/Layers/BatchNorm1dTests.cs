using Mnist.Functional.Layers;
using Mnist.Functional.Testing;
using static Mnist.Functional.Layers.Nn;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Layers;

public sealed class BatchNorm1dTests
{
    [TestCase(true)]
    [TestCase(false)]
    public void Features_Give_The_Output_Gradients_And_Running_Statistics_Of_TorchSharps_BatchNorm1d(bool training)
    {
        using var scope = NewDisposeScope();
        var module = nn.BatchNorm1d(5);

        var state = TorchReference.AssertSameAsModule(BatchNorm1d(5), module, randn(6, 5, generator: new Generator(1)) * 3, training ? Mode.Train() : Mode.Eval);

        TensorAssert.Close(state["running_var"], module.running_var!, 1e-6, "running_var");
    }

    [Test]
    public void Sequences_Give_The_Output_Of_TorchSharps_BatchNorm1d_Without_Affine_Parameters()
    {
        using var scope = NewDisposeScope();

        TorchReference.AssertSameAsModule(BatchNorm1d(3) with { Affine = false }, nn.BatchNorm1d(3, affine: false), randn(4, 3, 7, generator: new Generator(2)), Mode.Train());
    }

    [Test]
    public void Gradients_Pass_A_Finite_Difference_Check()
    {
        using var scope = NewDisposeScope();

        Assert.That(FiniteDifferences.MaxRelativeError(BatchNorm1d(3), randn(4, 3, generator: new Generator(3)), training: true), Is.LessThan(1e-6));
    }

    [Test]
    public void An_Image_Names_The_Layer_And_The_Shapes_It_Takes()
    {
        using var scope = NewDisposeScope();

        var layer = BatchNorm1d(3);

        Assert.That(() => layer.Apply(layer.Init(new Generator(0)).Params, layer.Init(new Generator(0)).State, zeros(2, 3, 4, 4), Mode.Eval),
            Throws.TypeOf<ShapeMismatchException>().With.Message.EqualTo("Layer (BatchNorm1d(3)) expects input of shape [B, 3] or [B, 3, L] but got [2, 3, 4, 4]."));
    }

    [Test]
    public void A_Training_Batch_Of_One_Sample_Is_Refused_Naming_The_Layer_While_Evaluation_Takes_It()
    {
        using var scope = NewDisposeScope();
        var model = Sequential(("fc", new Linear(4, 3)), ("bn", BatchNorm1d(3)));
        var variables = model.Init(new Generator(0));

        Assert.Multiple(() =>
        {
            Assert.That(() => model.Apply(variables.Params, variables.State, ones(1, 4), Mode.Train()),
                Throws.TypeOf<ShapeMismatchException>().With.Message.EqualTo(
                    "Layer bn (BatchNorm1d(3)) expects input of shape [B, 3] or [B, 3, L] with more than one value per channel in training " +
                    "(batch statistics of one value have no variance) but got [1, 3]."));
            Assert.That(model.Apply(variables.Params, variables.State, ones(1, 4), Mode.Eval).Output.isfinite().all().item<bool>(), Is.True);
            var sequence = BatchNorm1d(3);
            Assert.That(sequence.Apply(sequence.Init(new Generator(0)).Params, sequence.Init(new Generator(0)).State, randn(1, 3, 2, generator: new Generator(1)), Mode.Train())
                .State.FirstNonFinite(), Is.Null, "one sample of a sequence has two values per channel: its statistics are defined");
        });
    }

    [Test]
    public void A_Model_With_Batch_Norm_Needs_Training_Batches_Of_Two_And_One_Without_It_Needs_One()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Sequential(new Linear(4, 3), BatchNorm1d(3), Relu).MinimumTrainingBatch, Is.EqualTo(2));
            Assert.That(new Residual(Sequential(Conv2d(2, 2, 3, padding: 1), BatchNorm2d(2))).MinimumTrainingBatch, Is.EqualTo(2));
            Assert.That(Sequential(new Linear(4, 3), Relu).MinimumTrainingBatch, Is.EqualTo(1));
        });
    }
}
