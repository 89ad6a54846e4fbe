using Mnist.Functional.Checkpoints;
using Mnist.Functional.Layers;
using Mnist.Functional.Parameters;
using Mnist.Functional.Testing;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Mnist.Functional.Runs.Tests.Checkpoints;

public sealed class SafeTensorsFileTests
{
    [Test]
    public void Save_Then_Load_Gives_Back_Bit_Identical_Tensors_In_The_Templates_Order()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var model = new Linear(4, 3).Then(new Lambda("relu", x => nn.functional.relu(x))).Then(new Linear(3, 2));
        var parameters = model.Init(new Generator(11)).Params;

        SafeTensorsFile.Save(folder.File("model.safetensors"), parameters);
        var loaded = SafeTensorsFile.LoadLike(folder.File("model.safetensors"), model.Init(new Generator(12)).Params);

        TensorAssert.BitIdentical(loaded, parameters);
        Assert.That(Directory.GetFiles(folder.Path).Select(Path.GetFileName), Is.EqualTo(new[] { "model.safetensors" }), "no temporary file is left behind");
    }

    [Test]
    public void The_File_Loads_Into_The_Same_Architecture_Built_As_A_TorchSharp_Sequential()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var model = new Linear(4, 3).Then(new Lambda("relu", x => nn.functional.relu(x))).Then(new Linear(3, 2));
        var parameters = model.Init(new Generator(5)).Params;
        SafeTensorsFile.Save(folder.File("model.safetensors"), parameters);
        var sequential = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2));

        sequential.load_safetensors(folder.File("model.safetensors"), strict: true);
        var x = randn(6, 4, generator: new Generator(6));

        TensorAssert.Close(sequential.forward(x), model.Apply(parameters, x, Mode.Eval), 1e-6);
    }

    [Test]
    public void Loading_Into_A_Different_Model_Lists_Every_Difference_By_Path()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        SafeTensorsFile.Save(folder.File("model.safetensors"), new Linear(4, 3).Then(new Linear(3, 2)).Init(new Generator(0)).Params);
        var other = Chain.Of(new Linear(4, 5), new Linear(5, 2), new Linear(2, 2)).Init(new Generator(0)).Params;

        var error = Assert.Throws<CheckpointMismatchException>(() => SafeTensorsFile.LoadLike(folder.File("model.safetensors"), other))!;

        Assert.That(error.Differences, Is.EquivalentTo(new[]
        {
            "0.weight is [3, 4] in the file but the model needs [5, 4]",
            "0.bias is [3] in the file but the model needs [5]",
            "1.weight is [2, 3] in the file but the model needs [2, 5]",
            "missing 2.weight [2, 2]",
            "missing 2.bias [2]",
        }));
        Assert.That(error.Message, Does.StartWith(folder.File("model.safetensors")));
    }

    [Test]
    public void A_File_That_Is_Not_Safetensors_Is_Named_In_The_Error()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("garbage.safetensors"), "this is not a tensor file");

        Assert.That(() => SafeTensorsFile.Load(folder.File("garbage.safetensors")),
            Throws.InstanceOf<SafeTensorsFormatException>().With.Message.Contains(folder.File("garbage.safetensors")));
    }

    [Test]
    public void An_Empty_Tree_Round_Trips()
    {
        using var folder = new TempFolder();

        SafeTensorsFile.Save(folder.File("empty.safetensors"), Params.Empty);

        Assert.That(SafeTensorsFile.Load(folder.File("empty.safetensors")).Count, Is.Zero);
    }

    [Test]
    public void A_Fifo_In_Place_Of_The_File_Is_Refused_Without_Blocking()
    {
        using var folder = new TempFolder();
        var fifo = Tests.IO.SpecialFiles.Fifo(folder.File("model.safetensors"));

        Assert.That(FifoGuard.Thrown(fifo, () => SafeTensorsFile.Load(fifo)), Is.InstanceOf<Mnist.Functional.IO.NotARegularFileException>());
    }

    [Test]
    public void A_Header_That_Does_Not_Fit_The_Template_Is_Refused_Listing_Every_Difference()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var path = folder.Write("model.safetensors", SafeTensorsBytes.Of(
            "{" + SafeTensorsBytes.Entry("weight", "F64", "3, 4", 0, 96) + ", " + SafeTensorsBytes.Entry("extra\\n", "U8", "4", 96, 100) + "}", 100));
        var template = new Linear(4, 3).Init(new Generator(0)).Params;

        var error = Assert.Throws<CheckpointMismatchException>(() => SafeTensorsFile.LoadLike(path, template))!;

        Assert.That(error.Differences, Is.EqualTo(new[] { "weight is Float64 in the file but the model needs Float32", "missing bias [3]", "unexpected extra\\n" }));
    }

    [Test]
    public void A_Hand_Built_File_Loads_Its_Bytes_Into_The_Right_Tensors()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var bytes = SafeTensorsBytes.Of("{" + SafeTensorsBytes.Entry("b", "U8", "2", 4, 6) + ", " + SafeTensorsBytes.Entry("a", "I32", "1", 0, 4) + "}", 6);
        var dataStart = bytes.Length - 6;
        var path = folder.Write("model.safetensors", bytes);

        var loaded = SafeTensorsFile.Load(path);

        Assert.That(loaded.Paths, Is.EqualTo(new[] { "a", "b" }));
        Assert.That(loaded["a"].item<int>(), Is.EqualTo(BitConverter.ToInt32(bytes, dataStart)));
        Assert.That(loaded["b"].data<byte>().ToArray(), Is.EqualTo(bytes[(dataStart + 4)..]));
    }

    [TestCase(".ias")]
    [TestCase("fc.")]
    [TestCase("fc..bias")]
    [TestCase("")]
    public void A_Tensor_Name_That_Is_Not_A_Parameter_Path_Is_Refused_Before_Reading(string name)
    {
        // Found by fuzzing (fuzz/corpus/safetensors): a name with an empty segment reached Params and threw a raw ArgumentException.
        using var folder = new TempFolder();
        var path = folder.Write("model.safetensors", SafeTensorsBytes.Of("{" + SafeTensorsBytes.Entry(name, "F32", "1", 0, 4) + "}", 4));

        Assert.That(() => SafeTensorsFile.Load(path), Throws.InstanceOf<SafeTensorsFormatException>()
            .With.Message.Contains($"tensor '{name}' has a name that is not a parameter path"));
    }
}
