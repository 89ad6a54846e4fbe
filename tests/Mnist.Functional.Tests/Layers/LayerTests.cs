using Mnist.Functional.Layers;
using TorchSharp;
using static Mnist.Functional.Layers.Nn;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Layers;

public sealed class LayerTests
{
    [Test]
    public void Every_Tensor_A_Model_Makes_Belongs_To_The_Callers_Dispose_Scope()
    {
        var model = Conv2d(1, 4, 3).Then(BatchNorm2d(4)).Then(Relu).Then(Residual(Conv2d(4, 4, 3, padding: Padding2d.Same)))
            .Then(MaxPool2d(2)).Then(Dropout(0.3)).Then(Flatten()).Then(Linear(4 * 3 * 3, 10)).Then(LogSoftmax());
        var liveBefore = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        using (var scope = NewDisposeScope())
        {
            var (parameters, state) = model.Init(new Generator(1));
            var trainable = parameters.RequiringGrad();
            var (output, _) = model.Apply(trainable, state, randn(2, 1, 8, 8), Mode.Train(new Generator(2)));
            autograd.grad([output.sum()], trainable.Tensors);
            _ = model.Summarize(1, 1, 8, 8);
        }

        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(liveBefore));
    }

    [Test]
    public void A_Layer_Describes_Itself_When_Printed()
    {
        Assert.That(Conv2d(1, 32, 3, stride: 2).ToString(), Is.EqualTo("Conv2d(1, 32, 3, stride=2)"));
    }
}
