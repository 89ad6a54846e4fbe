using Mnist.App.Training;
using Mnist.Functional.Models;
using Mnist.Functional.Optimizers;

namespace Mnist.App.Tests.Training;

public sealed class RunPlanTests
{
    [Test]
    public void The_Speedrun_Model_Trains_With_Its_Recipes_Betas()
    {
        var spec = RunPlan.ForNewRun(new TrainRequest(Model: "speedrun"));

        Assert.That(spec.Recipe, Is.EqualTo(Zoo.Speedrun.Recipe));
        Assert.That((spec.Recipe.Beta1, spec.Recipe.Beta2), Is.EqualTo((0.7, 0.9)));
    }

    [Test]
    public void Naming_The_Recipes_Own_Optimizer_Keeps_Its_Betas_And_Another_Drops_Them()
    {
        var adam = RunPlan.ForNewRun(new TrainRequest(Model: "speedrun", Optimizer: "adam")).Recipe;
        var adamW = RunPlan.ForNewRun(new TrainRequest(Model: "speedrun", Optimizer: "adamw")).Recipe;
        var sgd = RunPlan.ForNewRun(new TrainRequest(Model: "speedrun", Optimizer: "sgd")).Recipe;

        Assert.Multiple(() =>
        {
            Assert.That((adam.Beta1, adam.Beta2), Is.EqualTo((0.7, 0.9)));
            Assert.That((adamW.Optimizer, adamW.Beta1, adamW.Beta2), Is.EqualTo((OptimizerKind.AdamW, (double?)null, (double?)null)));
            Assert.That((sgd.Optimizer, sgd.Beta1, sgd.Beta2), Is.EqualTo((OptimizerKind.Sgd, (double?)null, (double?)null)));
        });
    }

    [Test]
    public void The_Command_Written_For_A_Speedrun_Run_Plans_The_Same_Run()
    {
        var spec = RunPlan.ForNewRun(new TrainRequest(Model: "speedrun", Seed: 4));
        var command = RunPlan.CommandFor(spec);
        var words = command.Split(' ');
        string Value(string option) => words[Array.IndexOf(words, option) + 1];

        var again = RunPlan.ForNewRun(new TrainRequest(
            Model: Value("--model"), Dataset: Value("--dataset"), Epochs: int.Parse(Value("--epochs")), BatchSize: int.Parse(Value("--batch-size")),
            Optimizer: Value("--optimizer"), LearningRate: double.Parse(Value("--lr"), System.Globalization.CultureInfo.InvariantCulture),
            Schedule: Value("--schedule"), Seed: long.Parse(Value("--seed")))
        {
            WeightDecay = double.Parse(Value("--weight-decay"), System.Globalization.CultureInfo.InvariantCulture),
            LabelSmoothing = double.Parse(Value("--label-smoothing"), System.Globalization.CultureInfo.InvariantCulture),
        });

        Assert.That(again, Is.EqualTo(spec), command);
    }
}
