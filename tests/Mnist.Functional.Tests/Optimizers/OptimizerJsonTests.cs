using Mnist.Functional.Json;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Optimizers.Schedules;
using Mnist.Functional.Optimizers.Transforms;

namespace Mnist.Functional.Tests.Optimizers;

public sealed class OptimizerJsonTests
{
    private static IEnumerable<TestCaseData> Plans()
    {
        yield return new TestCaseData(new OptimizerPlan([], 0.1)).SetArgDisplayNames("plain SGD");
        foreach (var kind in Enum.GetValues<OptimizerKind>())
            foreach (var schedule in Enum.GetValues<ScheduleKind>())
                yield return new TestCaseData(kind.Plan(schedule.Plan(kind.DefaultLearningRate()), weightDecay: 1e-4)).SetArgDisplayNames($"{ByName.Name(kind)}, {ByName.Name(schedule)}");
        yield return new TestCaseData(new OptimizerPlan(
            [new ClipByGlobalNorm(1.5), new ScaleByRms(0.9, 1e-6, Centered: true), new Trace(0.5, Nesterov: true), new ScaleByAdadelta(0.95, 1e-7), new ScaleByAdam(0.8, 0.99, 1e-6), new AddDecayedWeights(0.1)],
            new SchedulePlan.LinearWarmUp(Duration.Steps(100), new SchedulePlan.OneCycle(0.5, Duration.Epochs(2.5), 0.2, 10, 100), 0.1))).SetArgDisplayNames("every setting");
        yield return new TestCaseData(new OptimizerPlan([new ScaleByAdam()], new SchedulePlan.ExponentialDecay(1e-3, 0.5, Duration.Run))).SetArgDisplayNames("exponential over the run");
        yield return new TestCaseData(new OptimizerPlan([], new SchedulePlan.CosineDecay(0.1, Duration.Steps(10), 0.001))).SetArgDisplayNames("cosine in steps");
    }

    [TestCaseSource(nameof(Plans))]
    public void A_Plan_Reads_Back_Equal(OptimizerPlan plan)
    {
        var text = OptimizerJson.Write(plan);

        var read = OptimizerJson.Read(text, "optimizer.json");

        Assert.Multiple(() =>
        {
            Assert.That(read, Is.EqualTo(plan));
            Assert.That(OptimizerJson.Canonical(read), Is.EqualTo(OptimizerJson.Canonical(plan)));
            Assert.That(OptimizerJson.Write(read), Is.EqualTo(text));
        });
    }

    private static IEnumerable<TestCaseData> BadFiles()
    {
        const string Head = """{ "version": 1, "transforms": [""";
        TestCaseData Bad(string name, string text, string field, string message) => new TestCaseData(text, field, message).SetName($"Refuses {name}");

        yield return Bad("text that is not JSON", "sgd", "", "optimizer.json: it is not valid JSON (line 1, byte 1)");
        yield return Bad("a newer version", """{ "version": 9, "transforms": [], "learning_rate": 0.1 }""", "version", "must be 1, the version of the optimizer form this library reads");
        yield return Bad("a missing learning rate", Head + "] }", "learning_rate", "the field 'learning_rate' is missing; add it.");
        yield return Bad("an unknown transform", Head + """{ "kind": "lookahead" }], "learning_rate": 0.1 }""", "transforms[0].kind", "must be one of add_decayed_weights, clip_by_global_norm, scale_by_adam, scale_by_adadelta, scale_by_rms, trace");
        yield return Bad("a missing hyper-parameter", Head + """{ "kind": "clip_by_global_norm" }], "learning_rate": 0.1 }""", "transforms[0].max_norm", "the field 'transforms[0].max_norm' is missing; add it.");
        yield return Bad("a misspelt hyper-parameter", Head + """{ "kind": "clip_by_global_norm", "max_nrom": 1 }], "learning_rate": 0.1 }""", "transforms[0].max_norm", "the field 'transforms[0].max_norm' is missing; is 'max_nrom' meant to be it? Correct its name.");
        yield return Bad("a misspelt learning rate", Head + """], "learning_rat": 0.1 }""", "learning_rate", "the field 'learning_rate' is missing; is 'learning_rat' meant to be it? Correct its name.");
        yield return Bad("an extra field", Head + """{ "kind": "trace", "momentum": 0.9, "dampening": 0.1 }], "learning_rate": 0.1 }""", "transforms[0].dampening", "is a field that a trace transform does not have; its fields are momentum, nesterov.");
        yield return Bad("a hyper-parameter out of range", Head + """{ "kind": "trace", "momentum": 0.5 }, { "kind": "scale_by_adam", "beta2": 1 }], "learning_rate": 0.1 }""", "transforms[1].beta2",
            "optimizer.json: the field 'transforms[1].beta2' must be in [0, 1), but it is the number 1.");
        yield return Bad("a negative learning rate", Head + """], "learning_rate": -0.1 }""", "learning_rate", "the field 'learning_rate' must be a positive number, but it is the number -0.1.");
        yield return Bad("an unknown schedule", Head + """], "learning_rate": { "kind": "onecycle", "max_value": 0.1 } }""", "learning_rate.kind", "(did you mean one_cycle?)");
        yield return Bad("a schedule value out of range", Head + """], "learning_rate": { "kind": "linear_warm_up", "over": { "steps": 5 }, "then": { "kind": "one_cycle", "max_value": 0.1, "div_factor": 0 } } }""",
            "learning_rate.then.div_factor", "the field 'learning_rate.then.div_factor' must be a positive number, but it is the number 0.");
        yield return Bad("a duration in weeks", Head + """], "learning_rate": { "kind": "step_decay", "initial": 0.1, "every": { "weeks": 1 } } }""", "learning_rate.every", "must be a duration: \"run\", { \"steps\": N } or { \"epochs\": N }");
        yield return Bad("an empty duration", Head + """], "learning_rate": { "kind": "step_decay", "initial": 0.1, "every": { "epochs": 0 } } }""", "learning_rate.every.epochs", "must be a number above 0 and at most 1,000,000");
        yield return Bad("too many transforms", Head + string.Join(", ", Enumerable.Repeat("""{ "kind": "trace", "momentum": 0 }""", 65)) + """], "learning_rate": 0.1 }""", "transforms",
            "must be a list of 0 to 64 items, but it is a list of 65.");
        yield return Bad("warm-ups nested too deep", Head + "], \"learning_rate\": " + string.Concat(Enumerable.Repeat("""{ "kind": "linear_warm_up", "over": { "steps": 1 }, "then": """, 9)) + "0.1" + new string('}', 9) + " }",
            "learning_rate" + string.Concat(Enumerable.Repeat(".then", 8)), "nests schedules 9 deep, deeper than the 8 allowed.");
        yield return Bad("a momentum given beside the chain", Head + """], "learning_rate": 0.1, "momentum": 0.9 }""", "momentum", "its fields are version, transforms, learning_rate.");
    }

    [TestCaseSource(nameof(BadFiles))]
    public void A_Bad_File_Is_Refused_With_Its_Field(string text, string field, string message)
    {
        var error = Assert.Throws<DescriptionException>(() => OptimizerJson.Read(text, "optimizer.json"));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.StartWith("optimizer.json: ").And.Contain(message));
            Assert.That(error.Field, Is.EqualTo(field));
        });
    }

    /// <summary>
    /// A hostile file costs at most twice the memory of a normal load, which reads the default model's kind of optimizer and
    /// makes its state for a network of that model's size: here the managed memory each allocates, plus the state's bytes
    /// for the normal load.
    /// </summary>
    [Test]
    public void A_Hostile_File_Costs_At_Most_Twice_The_Memory_Of_A_Normal_Load()
    {
        var normalText = OptimizerJson.Write(OptimizerKind.Sgd.Plan(ScheduleKind.OneCycle.Plan(0.2), weightDecay: 5e-4));
        long Allocated(Action load)
        {
            load();
            var before = GC.GetAllocatedBytesForCurrentThread();
            load();
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        using var scope = TorchSharp.torch.NewDisposeScope();
        var parameters = Mnist.Functional.Layers.Nn.Sequential(Mnist.Functional.Layers.Nn.Flatten(), Mnist.Functional.Layers.Nn.Linear(784, 60), Mnist.Functional.Layers.Nn.Linear(60, 10))
            .Init(new TorchSharp.torch.Generator(1)).Params;
        var stateBytes = 0L;
        var normal = Allocated(() =>
        {
            using var inner = TorchSharp.torch.NewDisposeScope();
            var state = OptimizerJson.Read(normalText, "sgd.json").Build(RunLength.Of(469, 1)).Init(parameters);
            stateBytes = state.Moments.ElementCount * sizeof(float);
        }) + stateBytes;
        var full = """{ "version": 1, "transforms": [""" + string.Join(",", Enumerable.Repeat("""{"kind":"scale_by_adam","beta1":0.5,"beta2":0.5,"epsilon":1}""", 64)) + "], \"learning_rate\": 0.1 }";
        var hostile = BadFiles().Select(data => (Name: data.TestName!, Text: (string)data.Arguments[0]!))
            .Append((Name: "64 transforms", Text: full))
            .Append((Name: "a file of spaces at the limit", Text: new string(' ', OptimizerJson.MaxBytes)));
        var costs = hostile.Select(file => (file.Name, Bytes: Allocated(() =>
        {
            try
            {
                OptimizerJson.Read(file.Text, "hostile.json");
            }
            catch (DescriptionException)
            {
            }
        }))).ToList();

        TestContext.Out.WriteLine($"normal load: {normal:N0} bytes; costliest hostile file: {costs.MaxBy(cost => cost.Bytes)}");
        Assert.That(costs.Where(cost => cost.Bytes > 2 * normal), Is.Empty, $"a normal load costs {normal:N0} bytes");
    }

    [Test]
    public void A_File_Larger_Than_Any_Optimizer_Is_Refused() =>
        Assert.That(() => OptimizerJson.Read(new MemoryStream(new byte[OptimizerJson.MaxBytes + 1]), "big.json"),
            Throws.TypeOf<DescriptionException>().With.Message.EqualTo("big.json: it holds more than 65,536 bytes, too many for an optimizer. Check that this is the right file."));
}
