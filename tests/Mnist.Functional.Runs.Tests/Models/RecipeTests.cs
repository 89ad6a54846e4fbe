using Mnist.Functional.Losses;
using Mnist.Functional.Models;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Parameters;
using Mnist.Functional.Optimizers.Transforms;
using Mnist.Functional.Optimizers.Schedules;
using Mnist.Functional.Testing;
using static TorchSharp.torch;

namespace Mnist.Functional.Runs.Tests.Models;

public sealed class RecipeTests
{
    private static readonly Recipe Smoothed = new(OptimizerKind.Sgd, 0.2, ScheduleKind.OneCycle, BatchSize: 128, Epochs: 1, WeightDecay: 5e-4, LabelSmoothing: 0.1);

    [Test]
    public void The_Loss_Is_Cross_Entropy_With_The_Recipes_Label_Smoothing()
    {
        using var scope = NewDisposeScope();
        var scores = randn(6, 10, generator: new Generator(1));
        var labels = randint(0, 10, [6], generator: new Generator(2));

        Assert.Multiple(() =>
        {
            TensorAssert.BitIdentical(Smoothed.Loss(scores, labels), Loss.CrossEntropy(scores, labels, 0.1));
            TensorAssert.BitIdentical((Smoothed with { LabelSmoothing = 0 }).Loss(scores, labels), Loss.CrossEntropy(scores, labels));
        });
    }

    [Test]
    public void A_Setup_Carries_The_Recipes_Epochs_Loss_And_A_Schedule_Fitted_To_The_Run()
    {
        var setup = Smoothed.SetupFor(Zoo.Fast.Network, stepsPerEpoch: 469, seed: 7);

        Assert.Multiple(() =>
        {
            Assert.That(setup.Epochs, Is.EqualTo(1));
            Assert.That(setup.Seed, Is.EqualTo(7));
            Assert.That(setup.Loss, Is.Not.Null);
            Assert.That(setup.Optimizer.LearningRateAt(0), Is.LessThan(0.2 / 2), "one-cycle starts low");
            Assert.That(setup.Optimizer.LearningRateAt(469), Is.LessThan(1e-3), "and ends near zero after the run's 469 steps");
        });
    }

    [Test]
    public void Label_Smoothing_Is_Described_Only_When_Used()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Smoothed.Describe(), Is.EqualTo("sgd lr 0.2, onecycle schedule, weight decay 0.0005, label smoothing 0.1, batch 128, 1 epoch"));
            Assert.That(Zoo.PyTorchCnn.Recipe.Describe(), Does.Not.Contain("smoothing"));
        });
    }

    [Test]
    public void A_Recipe_With_A_Number_Out_Of_Range_Says_Which_And_Why()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => (Smoothed with { LearningRate = -1 }).Checked(), Throws.ArgumentException.With.Message.Contains("learning rate must be a positive number"));
            Assert.That(() => (Smoothed with { LabelSmoothing = 1 }).Checked(), Throws.ArgumentException.With.Message.Contains("label smoothing must be at least 0 and less than 1, not 1"));
            Assert.That(() => (Smoothed with { Optimizer = OptimizerKind.Adam, Momentum = 0.5 }).Checked(), Throws.ArgumentException.With.Message.Contains("adam has no momentum"));
            Assert.That(Smoothed.Checked(), Is.SameAs(Smoothed));
        });
    }

    [Test]
    public void A_Momentum_Reaches_The_Optimizer()
    {
        var sgd = (Smoothed with { Momentum = 0.5 }).OptimizerFor(10, 1);
        Assert.That(((ChainedTransform)sgd.Transform).Stages.OfType<Trace>().Single(), Is.EqualTo(new Trace(0.5, Nesterov: true)));
    }

    [Test]
    public void Adams_Betas_Reach_The_Optimizer_And_Are_Described()
    {
        var recipe = new Recipe(OptimizerKind.Adam, 0.01, ScheduleKind.OneCycle, BatchSize: 128, Epochs: 1, Beta1: 0.7, Beta2: 0.9);

        Assert.Multiple(() =>
        {
            Assert.That(AdamStage(recipe), Is.EqualTo(new ScaleByAdam(0.7, 0.9)));
            Assert.That(AdamStage(recipe with { Optimizer = OptimizerKind.AdamW }), Is.EqualTo(new ScaleByAdam(0.7, 0.9)));
            Assert.That(AdamStage(recipe with { Beta1 = null, Beta2 = null }), Is.EqualTo(new ScaleByAdam(0.9, 0.999)), "Adam's own when unset");
            Assert.That(recipe.Describe(), Is.EqualTo("adam lr 0.01, β₁ 0.7, β₂ 0.9, onecycle schedule, batch 128, 1 epoch"));
            Assert.That(Smoothed.Describe(), Does.Not.Contain("β"));
        });
    }

    private static ScaleByAdam AdamStage(Recipe recipe) => ((ChainedTransform)recipe.OptimizerFor(10, 1).Transform).Stages.OfType<ScaleByAdam>().Single();

    [Test]
    public void Betas_Out_Of_Range_Or_For_An_Optimizer_Without_Them_Are_Refused_By_Name()
    {
        var adam = new Recipe(OptimizerKind.Adam, 0.01, ScheduleKind.OneCycle, BatchSize: 128, Epochs: 1, Beta1: 0.7, Beta2: 0.9);

        Assert.Multiple(() =>
        {
            Assert.That(() => (adam with { Beta1 = 1 }).Checked(), Throws.ArgumentException.With.Message.Contains("β₁ must be at least 0 and less than 1, not 1"));
            Assert.That(() => (adam with { Beta2 = -0.1 }).Checked(), Throws.ArgumentException.With.Message.Contains("β₂ must be at least 0 and less than 1, not -0.1"));
            Assert.That(() => (Smoothed with { Beta2 = 0.9 }).Checked(), Throws.ArgumentException.With.Message.Contains("sgd has no β; they apply to adam and adamw"));
            Assert.That(() => (Smoothed with { Beta1 = 0.9 }).OptimizerFor(10, 1), Throws.ArgumentException.With.Message.Contains("sgd has no β setting"));
            Assert.That(adam.Checked(), Is.SameAs(adam));
        });
    }

    [Test]
    public void Clipping_Is_The_First_Transform_Of_The_Plan_And_Updates_As_Clipping_After_Build_Did()
    {
        using var scope = NewDisposeScope();
        var clipped = Smoothed with { ClipGradNorm = 0.5 };
        // The way the pipeline clipped before clipping was in the plan: the unclipped optimizer, built, then clipped.
        var before = (clipped with { ClipGradNorm = null }).OptimizerFor(10, 2).ClippedByGlobalNorm(0.5);
        var after = clipped.OptimizerFor(10, 2);
        var parameters = Params.Of(("w", randn(4, 3, generator: new Generator(3))), ("b", randn(3, generator: new Generator(4))));
        var (left, right) = (before.Init(parameters), after.Init(parameters));
        var (leftParams, rightParams) = (parameters, parameters);
        for (var step = 0; step < 3; step++)
        {
            var grads = leftParams.Map(tensor => randn(tensor.shape, generator: new Generator((ulong)(10 + step))) * 4);
            (leftParams, left) = before.Update(grads, left, leftParams);
            (rightParams, right) = after.Update(grads, right, rightParams);
        }

        Assert.Multiple(() =>
        {
            Assert.That(clipped.OptimizerPlan.Transforms[0], Is.EqualTo(new ClipByGlobalNorm(0.5)));
            Assert.That(clipped.OptimizerPlan.Transforms.Skip(1), Is.EqualTo(Smoothed.OptimizerPlan.Transforms));
            Assert.That(right.Moments.Paths, Is.EqualTo(left.Moments.Paths), "a checkpoint's optimizer state keeps its names");
            TensorAssert.BitIdentical(rightParams, leftParams);
            TensorAssert.BitIdentical(right.Moments, left.Moments);
        });
    }
}
