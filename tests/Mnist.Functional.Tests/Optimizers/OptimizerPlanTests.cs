using Mnist.Functional.Autodiff;
using Mnist.Functional.Layers;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Optimizers.Schedules;
using Mnist.Functional.Optimizers.Transforms;
using Mnist.Functional.Parameters;
using Mnist.Functional.Testing;
using static Mnist.Functional.Layers.Nn;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Optimizers;

/// <summary>A plan builds the optimizer the code builds: the same transforms, the same state, the same updates to the bit.</summary>
public sealed class OptimizerPlanTests
{
    private static readonly RunLength Run = RunLength.Of(stepsPerEpoch: 7, epochs: 3);

    private static IEnumerable<TestCaseData> Shorthands() =>
        from kind in Enum.GetValues<OptimizerKind>()
        from schedule in Enum.GetValues<ScheduleKind>()
        from setting in kind is OptimizerKind.Sgd or OptimizerKind.RmsProp ? new (double? Momentum, double? Beta1, double? Beta2)[] { (null, null, null), (0.5, null, null) }
            : kind is OptimizerKind.Adam or OptimizerKind.AdamW ? [(null, null, null), (null, 0.7, 0.9)] : [(null, null, null)]
        select new TestCaseData(kind, schedule, setting.Momentum, setting.Beta1, setting.Beta2)
            .SetArgDisplayNames(ByName.Name(kind), ByName.Name(schedule), setting == default ? "defaults" : $"{setting.Momentum}{setting.Beta1}/{setting.Beta2}".Trim('/'));

    [TestCaseSource(nameof(Shorthands))]
    public void A_Name_Expands_To_The_Chain_Of_The_Named_Optimizer_With_The_Same_First_20_Updates(OptimizerKind kind, ScheduleKind schedule, double? momentum, double? beta1, double? beta2)
    {
        var named = kind.Build(schedule.Build(0.05, Run.StepsPerEpoch, 3), weightDecay: 1e-3, momentum, beta1, beta2);

        var planned = kind.Plan(schedule.Plan(0.05), weightDecay: 1e-3, momentum, beta1, beta2).Build(Run);

        Assert.That(planned.Transform, Is.EqualTo(named.Transform));
        AssertSameUpdates(planned, named);
    }

    [Test]
    public void Clipping_Then_Nesterov_Momentum_Read_From_Json_Updates_As_The_Code_Does()
    {
        const string Text = """
            {
              "version": 1,
              "transforms": [
                { "kind": "clip_by_global_norm", "max_norm": 0.5 },
                { "kind": "add_decayed_weights", "weight_decay": 0.0005 },
                { "kind": "trace", "momentum": 0.9, "nesterov": true }
              ],
              "learning_rate": { "kind": "linear_warm_up", "over": { "epochs": 1 }, "then": { "kind": "cosine_decay", "initial": 0.1 } }
            }
            """;
        var code = new Sgd(new CosineDecay(0.1, Steps: 21 - 7).WithLinearWarmUp(7), Momentum: 0.9, Nesterov: true, WeightDecay: 5e-4).ClippedByGlobalNorm(0.5);

        var read = OptimizerJson.Read(Text, "clip-nesterov.json").Build(Run);

        AssertSameUpdates(read, code);
    }

    [Test]
    public void A_Trace_Without_Nesterov_And_Decoupled_Weight_Decay_Round_Trips_And_Updates_As_Built()
    {
        var plan = new OptimizerPlan([new Trace(0.8), new AddDecayedWeights(0.01)], new SchedulePlan.StepDecay(0.2, Duration.Steps(5), 0.5));

        var read = OptimizerJson.Read(OptimizerJson.Write(plan), "trace.json");

        Assert.That(read, Is.EqualTo(plan));
        AssertSameUpdates(read.Build(Run), Optimizer.From(GradientTransform.Chain(new Trace(0.8), new AddDecayedWeights(0.01), new ScaleByLearningRate(new StepDecay(0.2, 5, 0.5)))));
    }

    [Test]
    public void The_Plan_Of_An_Optimizer_Built_In_Code_Builds_It_Again()
    {
        var code = new Adam(new OneCycle(3e-3, 40), Beta1: 0.8, WeightDecay: 1e-4).ClippedByGlobalNorm(2);

        var plan = OptimizerPlan.Of(code);

        Assert.Multiple(() =>
        {
            Assert.That(plan.Transforms, Is.EqualTo(new GradientTransform[] { new ClipByGlobalNorm(2), new AddDecayedWeights(1e-4), new ScaleByAdam(Beta1: 0.8) }));
            Assert.That(plan.Build(RunLength.Of(1000, 9)).Transform, Is.EqualTo(code.Transform), "lengths in steps do not depend on the run");
            Assert.That(OptimizerJson.Read(OptimizerJson.Write(plan), "adam.json"), Is.EqualTo(plan));
        });
    }

    [Test]
    public void An_Optimizer_That_Does_Not_Scale_By_Its_Rate_Last_Has_No_Plan() =>
        Assert.Multiple(() =>
        {
            Assert.That(() => OptimizerPlan.Of(Optimizer.From(new ScaleByLearningRate(0.1).Then(new ClipByGlobalNorm(1)))),
                Throws.ArgumentException.With.Message.Contains("does not scale by its learning rate last"));
            Assert.That(() => new OptimizerPlan([new ScaleByLearningRate(0.1)], 0.1), Throws.ArgumentException.With.Message.Contains("scales by its learning rate last, itself"));
        });

    [Test]
    public void Plans_Compare_By_Value_And_Nested_Chains_Flatten() =>
        Assert.Multiple(() =>
        {
            Assert.That(new OptimizerPlan([new Trace(0.9).Then(new AddDecayedWeights(0))], 0.1), Is.EqualTo(new OptimizerPlan([new Trace(0.9), new AddDecayedWeights(0)], 0.1)));
            var (one, other) = (new OptimizerPlan([new Trace(0.9)], 0.1), new OptimizerPlan([new Trace(0.9)], 0.1));
            Assert.That(one.GetHashCode(), Is.EqualTo(other.GetHashCode()));
            Assert.That(new OptimizerPlan([new Trace(0.9)], 0.1), Is.Not.EqualTo(new OptimizerPlan([new Trace(0.9)], 0.2)));
        });

    // The first 20 updates of both on a small network, parameters and state compared bit for bit after each.
    private static void AssertSameUpdates(Optimizer actual, Optimizer expected)
    {
        using var scope = NewDisposeScope();
        var model = Sequential(Linear(3, 5), Tanh, Linear(5, 2));
        var x = randn([16, 3], generator: new Generator(1));
        var y = randn([16, 2], generator: new Generator(2));
        var grad = Diff.Grad(parameters => (model.Apply(parameters, x, Mode.Eval) - y).square().sum());
        var start = model.Init(new Generator(3)).Params;
        var (mine, theirs) = ((Params: start, State: actual.Init(start)), (Params: start, State: expected.Init(start)));
        for (var update = 0; update < 20; update++)
        {
            mine = actual.Update(grad(mine.Params), mine.State, mine.Params);
            theirs = expected.Update(grad(theirs.Params), theirs.State, theirs.Params);
            TensorAssert.BitIdentical(mine.Params, theirs.Params);
            TensorAssert.BitIdentical(mine.State.ToParams(), theirs.State.ToParams());
        }
    }
}
