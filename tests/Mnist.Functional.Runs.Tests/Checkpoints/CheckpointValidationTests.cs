using System.Text.Json.Nodes;
using Mnist.Functional.Checkpoints;
using Mnist.Functional.Layers;
using Mnist.Functional.Parameters;
using Mnist.Functional.Testing;
using static TorchSharp.torch;

namespace Mnist.Functional.Runs.Tests.Checkpoints;

/// <summary>Nothing a checkpoint's files hold reaches the engine or a result unchecked: each bad field or tensor is refused by name.</summary>
public sealed class CheckpointValidationTests
{
    private static readonly Chain Model = new Linear(4, 3).Then(new Linear(3, 2));

    private static Checkpoint Sample(Variables? variables = null, Params? optimizer = null)
    {
        using var generator = new Generator(1);
        var initial = Model.Init(new Generator(1));
        return new Checkpoint(variables ?? initial, optimizer ?? initial.Params.Prefixed("momentum"),
            Mnist.Functional.Tensors.GeneratorState.Capture(generator), 2, 20, new JsonObject { ["seed"] = 1 });
    }

    private static Checkpoint Load(string directory) =>
        CheckpointStore.Load(directory, Model.Init(new Generator(0)), Model.Init(new Generator(0)).Params.Prefixed("momentum"));

    private static string SavedWith(TempFolder folder, Action<JsonObject> change)
    {
        var directory = folder.File("checkpoint");
        CheckpointStore.Save(directory, Sample());
        var manifestPath = Path.Combine(directory, CheckpointStore.ManifestFile);
        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!.AsObject();
        change(manifest);
        File.WriteAllText(manifestPath, manifest.ToJsonString());
        return directory;
    }

    private static IEnumerable<TestCaseData> WrongFields()
    {
        yield return new TestCaseData((Action<JsonObject>)(m => m["sha256"] = 12), "the field 'sha256' must be an object, but it is the number 12").SetName("sha256 a number");
        yield return new TestCaseData((Action<JsonObject>)(m => m["sha256"]![CheckpointStore.ModelFile] = 5), "'sha256.model.safetensors' must be a string, but it is the number 5").SetName("a checksum a number");
        yield return new TestCaseData((Action<JsonObject>)(m => m["sha256"]![CheckpointStore.ModelFile] = "abc"), "'sha256.model.safetensors' must be 64 lowercase hex digits").SetName("a checksum too short");
        yield return new TestCaseData((Action<JsonObject>)(m => m["epoch"] = "3"), "the field 'epoch' must be a whole number from 0 to 2147483647, but it is a string \"3\"").SetName("epoch a string");
        yield return new TestCaseData((Action<JsonObject>)(m => m["epoch"] = -1), "the field 'epoch' must be a whole number from 0").SetName("epoch negative");
        yield return new TestCaseData((Action<JsonObject>)(m => m["step"] = 1.5), "the field 'step' must be a whole number").SetName("step a fraction");
        yield return new TestCaseData((Action<JsonObject>)(m => m.Remove("step")), "the field 'step' must be a whole number from 0 to 9223372036854775807, but it is missing").SetName("step missing");
        yield return new TestCaseData((Action<JsonObject>)(m => m["generator_state"] = "not base64!"), "the field 'generator_state' must be base64 text").SetName("generator state not base64");
        yield return new TestCaseData((Action<JsonObject>)(m => m["generator_state"] = Convert.ToBase64String(new byte[100])), "a random generator state this engine accepts (it holds 100 bytes").SetName("generator state of the wrong length");
        yield return new TestCaseData((Action<JsonObject>)(m => m["generator_state"] = new JsonArray()), "the field 'generator_state' must be a string, but it is an array").SetName("generator state an array");
        yield return new TestCaseData((Action<JsonObject>)(m => m["metadata"] = "x"), "the field 'metadata' must be an object, but it is a string \"x\"").SetName("metadata a string");
        yield return new TestCaseData((Action<JsonObject>)(m => m["format"] = "1"), "the field 'format' must be a whole number").SetName("format a string");
    }

    [TestCaseSource(nameof(WrongFields))]
    public void A_Field_Of_The_Wrong_Type_Or_Range_Is_Refused_Naming_It(Action<JsonObject> change, string message)
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var directory = SavedWith(folder, change);

        Assert.Multiple(() =>
        {
            Assert.That(() => Load(directory), Throws.TypeOf<InvalidDataException>().With.Message.Contains(message).And.Message.Contains(CheckpointStore.ManifestFile));
            Assert.That(() => CheckpointStore.ReadManifest(directory), Throws.TypeOf<InvalidDataException>().With.Message.Contains(message));
        });
    }

    [Test]
    public void Without_Checksums_The_Metadata_Reads_But_The_Tensors_Do_Not_Load()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var directory = SavedWith(folder, manifest => manifest.Remove("sha256"));

        Assert.Multiple(() =>
        {
            Assert.That(CheckpointStore.ReadManifest(directory)["epoch"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(() => Load(directory), Throws.TypeOf<InvalidDataException>().With.Message.Contains("the field 'sha256.optimizer.safetensors' must be 64 lowercase hex digits (the file's SHA-256), but it is missing"));
        });
    }

    [Test]
    public void A_Manifest_That_Is_Not_An_Object_Is_Refused()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder.File("checkpoint"));
        File.WriteAllText(Path.Combine(folder.File("checkpoint"), CheckpointStore.ManifestFile), "[1, 2]");

        Assert.That(() => CheckpointStore.ReadManifest(folder.File("checkpoint")), Throws.TypeOf<InvalidDataException>().With.Message.Contains("not a JSON object"));
    }

    [TestCase(float.NaN, TestName = "A weight holding NaN is refused by name")]
    [TestCase(float.PositiveInfinity, TestName = "A weight holding infinity is refused by name")]
    public void A_Model_Tensor_That_Is_Not_Finite_Is_Refused_By_Name(float value)
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var initial = Model.Init(new Generator(1));
        var poisoned = initial with { Params = initial.Params.With("1.bias", tensor(new[] { 0f, value })) };
        CheckpointStore.Save(folder.File("checkpoint"), Sample(poisoned));

        Assert.Multiple(() =>
        {
            Assert.That(() => Load(folder.File("checkpoint")), Throws.TypeOf<InvalidDataException>().With.Message.Contains("the tensor 1.bias holds NaN or infinite values"));
            Assert.That(() => CheckpointStore.LoadVariables(folder.File("checkpoint"), Model.Init(new Generator(0))),
                Throws.TypeOf<InvalidDataException>().With.Message.Contains(CheckpointStore.ModelFile).And.Message.Contains("1.bias"));
        });
    }

    [Test]
    public void An_Optimizer_Moment_That_Is_Not_Finite_Is_Refused_By_Name()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var moments = Model.Init(new Generator(1)).Params.Prefixed("momentum");
        CheckpointStore.Save(folder.File("checkpoint"), Sample(optimizer: moments.With("momentum.0.weight", full(3, 4, float.NaN))));

        Assert.That(() => Load(folder.File("checkpoint")), Throws.TypeOf<InvalidDataException>().With.Message.Contains(CheckpointStore.OptimizerFile).And.Message.Contains("momentum.0.weight"));
    }
}
