using Mnist.Functional.Evaluation;
using Mnist.Functional.Layers;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Evaluation;

public sealed class EvaluatorTests
{
    private static readonly string[] Names = ["a", "b", "c"];

    [Test]
    public void Probabilities_And_Loss_Equal_A_Single_Full_Forward_Pass_Whatever_The_Batch_Size()
    {
        using var scope = NewDisposeScope();
        var model = new Linear(4, 3);
        var variables = model.Init(new Generator(5));
        var inputs = randn(23, 4, generator: new Generator(6));
        var labels = randint(0, 3, [23], generator: new Generator(7));
        var logits = model.Apply(variables.Params, inputs, Mode.Eval);
        var expectedProbabilities = nn.functional.softmax(logits, 1).detach().data<float>().ToArray();
        var expectedLoss = nn.functional.cross_entropy(logits, labels).item<float>();

        foreach (var batchSize in new[] { 1, 5, 23, 100 })
        {
            var predictions = Evaluator.Predict(model, variables, inputs, labels, Names, batchSize);

            Assert.That(predictions.Probabilities, Is.EqualTo(expectedProbabilities).Within(1e-6), $"batch size {batchSize}");
            Assert.That(predictions.Loss, Is.EqualTo(expectedLoss).Within(1e-5), $"batch size {batchSize}");
            Assert.That(predictions.Labels, Is.EqualTo(labels.data<long>().ToArray().Select(l => (int)l)));
        }
    }

    [Test]
    public void Preprocessing_Runs_On_Each_Batch_Before_The_Model()
    {
        using var scope = NewDisposeScope();
        var model = new Lambda("identity", x => x);
        var inputs = tensor(new float[] { 1, 0, 0, 0, 1, 0 }).reshape(2, 3);

        var flipped = Evaluator.Predict(model, Variables.None, inputs, tensor(new long[] { 0, 1 }), Names, 1, x => x * -1);

        Assert.That(flipped.Predicted, Is.EqualTo(new[] { 1, 0 }));
    }

    [Test]
    public void A_Model_With_The_Wrong_Number_Of_Outputs_Is_Named()
    {
        using var scope = NewDisposeScope();
        var model = new Linear(4, 5);

        Assert.That(() => Evaluator.Predict(model, model.Init(new Generator(0)), zeros(2, 4), zeros(2, dtype: int64), Names),
            Throws.ArgumentException.With.Message.Contains("[B, 3]").And.Message.Contains("[2, 5]"));
    }
}
