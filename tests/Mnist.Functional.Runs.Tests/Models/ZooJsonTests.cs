using Mnist.Functional.Autodiff;
using Mnist.Functional.Data;
using Mnist.Functional.Layers;
using Mnist.Functional.Models;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Parameters;
using Mnist.Functional.Testing;
using Mnist.Functional.Training;
using static TorchSharp.torch;

namespace Mnist.Functional.Runs.Tests.Models;

/// <summary>
/// Every zoo model is data: its network's JSON form reads back to a network with the same parameters, outputs, gradients
/// and training for the same seed, and its recipe's optimizer plan reads back equal.
/// </summary>
public sealed class ZooJsonTests
{
    private static readonly long[] Digits = [1, 28, 28];

    private static IEnumerable<string> ZooNames => Zoo.All.Select(model => model.Name);

    [TestCaseSource(nameof(ZooNames))]
    public void A_Zoo_Network_Read_Back_Has_The_Same_Parameters_Outputs_And_Gradients_For_The_Same_Seed(string name)
    {
        using var scope = NewDisposeScope();
        var network = Zoo.Find(name).Network;
        var read = ArchitectureJson.Read(ArchitectureJson.Write(network), Digits, 10, $"{name}.json");
        var input = randn([4, 1, 28, 28], generator: new Generator(8));

        (Variables Variables, Tensor Output, Params Grads) Run(Layer model)
        {
            var variables = model.Init(new Generator(7));
            var weights = randn([4, 10], generator: new Generator(9));
            var (value, grads) = Diff.ValueAndGrad(parameters => (model.Apply(parameters, variables.State, input, Mode.Train(new Generator(10))).Output * weights).sum())(variables.Params);
            return (variables, value, grads);
        }

        var (written, back) = (Run(network), Run(read));

        Assert.That(read, Is.EqualTo(network));
        TensorAssert.BitIdentical(back.Variables.Params, written.Variables.Params);
        TensorAssert.BitIdentical(back.Variables.State, written.Variables.State);
        TensorAssert.BitIdentical(back.Output, written.Output, "output");
        TensorAssert.BitIdentical(back.Grads, written.Grads);
    }

    [TestCaseSource(nameof(ZooNames))]
    public void A_Zoo_Network_Passes_The_Check_With_The_Parameter_Count_Its_Init_Makes(string name)
    {
        using var scope = NewDisposeScope();
        var network = Zoo.Find(name).Network;

        Assert.That(ArchitectureCheck.Run(network, Digits, 10, name), Is.EqualTo(network.Init(new Generator(0)).Params.ElementCount));
    }

    [TestCaseSource(nameof(ZooNames))]
    public void A_Zoo_Recipes_Optimizer_Reads_Back_Equal(string name)
    {
        var plan = Zoo.Find(name).Recipe.OptimizerPlan;

        Assert.That(OptimizerJson.Read(OptimizerJson.Write(plan), $"{name}.json"), Is.EqualTo(plan));
    }

    [Test]
    public void The_Fast_Recipe_Is_Written_As_Its_Chain_And_A_One_Cycle_Rate() =>
        Assert.That(OptimizerJson.Write(Zoo.Fast.Recipe.OptimizerPlan), Is.EqualTo("""
            {
              "version": 1,
              "transforms": [
                { "kind": "add_decayed_weights", "weight_decay": 0.0005 },
                { "kind": "trace", "momentum": 0.9, "nesterov": true }
              ],
              "learning_rate": { "kind": "one_cycle", "max_value": 0.2 }
            }

            """.ReplaceLineEndings("\n")));

    [Test]
    public void A_Short_Run_Trains_A_Read_Architecture_And_Optimizer_Exactly_As_The_Written_Ones()
    {
        using var scope = NewDisposeScope();
        var model = Zoo.Fast;
        var network = ArchitectureJson.Read(ArchitectureJson.Write(model.Network), Digits, 10, "fast.json");
        var plan = OptimizerJson.Read(OptimizerJson.Write(model.Recipe.OptimizerPlan), "fast-optimizer.json");
        var generator = new Generator(3);
        using var data = new Split(randint(0, 256, [192, 28, 28], generator: generator).to_type(ScalarType.Byte), randint(0, 10, [192], generator: generator));
        var pipeline = data.Shuffle(4).Batch(64).Select(images => images.to_type(float32).div(255f).unsqueeze(1));
        var run = Optimizers.Schedules.RunLength.Of(pipeline.BatchesPerEpoch, 1);

        using var written = Train.Fit(new TrainingSetup(model.Network, model.Recipe.OptimizerFor(pipeline.BatchesPerEpoch, 1), Epochs: 1, Seed: 5, model.Recipe.Loss), pipeline).State;
        using var back = Train.Fit(new TrainingSetup(network, plan.Build(run), Epochs: 1, Seed: 5, model.Recipe.Loss), pipeline).State;

        TensorAssert.BitIdentical(back.Variables.Params, written.Variables.Params);
        TensorAssert.BitIdentical(back.Variables.State, written.Variables.State);
        TensorAssert.BitIdentical(back.Optimizer.ToParams(), written.Optimizer.ToParams());
        Assert.That(back.History.StepLosses, Is.EqualTo(written.History.StepLosses));
    }
}
