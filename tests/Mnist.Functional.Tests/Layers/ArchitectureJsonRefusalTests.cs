using System.Text;
using Mnist.Functional.Json;
using Mnist.Functional.Layers;
using Mnist.Functional.Testing;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Layers;

/// <summary>Each kind of bad architecture file is refused before a tensor is made, with the field's path and what to do.</summary>
public sealed class ArchitectureJsonRefusalTests
{
    private static readonly long[] Mnist = [1, 28, 28];

    // A network of the zoo's fast's shape (the Runs project keeps the zoo): what a normal file describes.
    private static readonly Chain Typical = Nn.Sequential(
        Nn.Conv2d(1, 16, 5, bias: false), Nn.BatchNorm2d(16), Nn.Relu, Nn.MaxPool2d(2),
        Nn.Conv2d(16, 32, 5, bias: false), Nn.BatchNorm2d(32), Nn.Relu, Nn.MaxPool2d(2),
        Nn.Flatten(), Nn.Linear(512, 64, bias: false), Nn.BatchNorm1d(64), Nn.Relu, Nn.Linear(64, 10));

    private const string Head = """{ "version": 1, "kind": "sequential", "layers": [""";

    private static string Layers(string layers) => Head + layers + "] }";

    private static IEnumerable<TestCaseData> BadFiles()
    {
        TestCaseData Bad(string name, string text, string field, params string[] message) => new TestCaseData(text, field, message).SetName($"Refuses {name}");

        yield return Bad("text that is not JSON", "conv2d 1 32 3", "", "bad.json: it is not valid JSON (line 1, byte 1)", "An architecture is a JSON object");
        yield return Bad("JSON that is not an object", "[1, 2]", "", "An architecture is a JSON object, { … }, but this is a list.");
        yield return Bad("a file without a version", """{ "kind": "relu" }""", "version", "the field 'version' is missing; add it.");
        yield return Bad("a newer version", """{ "version": 2, "kind": "relu" }""", "version", "must be 1, the version of the architecture form this library reads", "but it is the number 2");
        yield return Bad("an unknown kind", Layers("""{ "kind": "conv3d" }"""), "layers[0].kind", "the field 'layers[0].kind' must be one of sequential, residual, conv2d,", "but it is the string \"conv3d\"");
        yield return Bad("a kind spelled as the C# type", Layers("""{ "kind": "MaxPool2d", "kernel_size": 2 }"""), "layers[0].kind", "(did you mean max_pool2d?)");
        yield return Bad("a missing field", Layers("""{ "kind": "conv2d", "in_channels": 1, "out_channels": 4 }"""), "layers[0].kernel_size", "the field 'layers[0].kernel_size' is missing; add it.");
        yield return Bad("a misspelt field", Layers("""{ "kind": "conv2d", "in_channels": 1, "out_channels": 4, "kernal_size": 3 }"""), "layers[0].kernel_size", "the field 'layers[0].kernel_size' is missing; is 'kernal_size' meant to be it? Correct its name.");
        yield return Bad("an extra field", Layers("""{ "kind": "linear", "in_features": 784, "out_features": 10, "activation": "relu" }"""), "layers[0].activation",
            "the field 'layers[0].activation' is a field that a linear layer does not have; its fields are name, in_features, out_features, bias, weight_init, bias_init.");
        yield return Bad("a field spelt as the C# property", Layers("""{ "kind": "conv2d", "in_channels": 1, "out_channels": 4, "kernel_size": 3, "Stride": 1 }"""), "layers[0].Stride", "(did you mean stride?)");
        yield return Bad("a field of the wrong type", Layers("""{ "kind": "dropout", "p": "half" }"""), "layers[0].p", "the field 'layers[0].p' must be a probability from 0 to 1, but it is the string \"half\".");
        yield return Bad("a value out of range", Layers("""{ "kind": "conv2d", "in_channels": 1, "out_channels": -4, "kernel_size": 3 }"""), "layers[0].out_channels",
            "the field 'layers[0].out_channels' must be a whole number from 1 to 16,777,216, but it is the number -4.");
        yield return Bad("a fraction where a count belongs", Layers("""{ "kind": "linear", "in_features": 784.5, "out_features": 10 }"""), "layers[0].in_features", "must be a whole number");
        yield return Bad("a field deep inside a residual block",
            Layers("""{ "kind": "conv2d", "in_channels": 1, "out_channels": 4, "kernel_size": 3 }, { "kind": "relu" }, { "kind": "relu" }, { "kind": "residual", "inner": { "kind": "sequential", "layers": [{ "kind": "relu" }, { "kind": "conv2d", "in_channels": 4, "out_channels": 0, "kernel_size": 3 }] } }"""),
            "layers[3].inner.layers[1].out_channels", "the field 'layers[3].inner.layers[1].out_channels' must be a whole number from 1");
        yield return Bad("a kernel of absurd size", Layers("""{ "kind": "max_pool2d", "kernel_size": [2, 100000] }"""), "layers[0].kernel_size[1]", "must be a whole number from 1 to 4,096");
        yield return Bad("settings that do not go together", Layers("""{ "kind": "conv2d", "in_channels": 1, "out_channels": 4, "kernel_size": 3, "stride": 2, "padding": "same" }"""), "layers[0]",
            "the layer at 'layers[0]' is Conv2d(1, 4, 3, stride=2, padding=\"same\") ('0' in the model), whose settings do not go together: padding \"same\" needs stride 1");
        yield return Bad("a wrong shape", Layers("""{ "kind": "conv2d", "in_channels": 1, "out_channels": 4, "kernel_size": 3 }, { "kind": "flatten" }, { "kind": "linear", "in_features": 2700, "out_features": 10 }"""), "layers[2]",
            "bad.json: the layer at 'layers[2]' is Linear(2700, 10) ('2' in the model), which expects input of shape [*, 2700] but gets [2, 2704] when the network's input is [2, 1, 28, 28].");
        yield return Bad("a channel count that does not match", Layers("""{ "kind": "conv2d", "in_channels": 3, "out_channels": 4, "kernel_size": 3 }"""), "layers[0]",
            "the layer at 'layers[0]' is Conv2d(3, 4, 3) ('0' in the model), which expects input of shape [B, 3, H, W] but gets [2, 1, 28, 28] when the network's input is [2, 1, 28, 28]. Correct this layer's settings or the one before it.");
        yield return Bad("a window larger than the image", Layers("""{ "kind": "max_pool2d", "kernel_size": 29 }"""), "layers[0]", "expects input of shape [B, C, H, W] with H ≥ 29, W ≥ 29 but gets [2, 1, 28, 28]");
        yield return Bad("a residual block that changes the shape",
            Layers("""{ "kind": "residual", "inner": { "kind": "conv2d", "in_channels": 1, "out_channels": 1, "kernel_size": 3 } }, { "kind": "flatten" }, { "kind": "linear", "in_features": 784, "out_features": 10 }"""),
            "layers[0]", "is a residual block ('0' in the model) whose inner layer turns [2, 1, 28, 28] into [2, 1, 26, 26], but x + inner(x) needs the two shapes equal.");
        yield return Bad("a network that does not end with one score per class", Layers("""{ "kind": "flatten" }, { "kind": "linear", "in_features": 784, "out_features": 12 }"""), "",
            "the network gives an output of shape [2, 12] for an input of [2, 1, 28, 28], but it must give one score per class, [2, 10] for these 10 classes.");
        yield return Bad("a network that merges the batch", Layers("""{ "kind": "flatten", "start_dim": 0 }, { "kind": "linear", "in_features": 1568, "out_features": 10 }"""), "",
            "the network gives an output of shape [10] for an input of [2, 1, 28, 28]");
        yield return Bad("an absurd parameter count",
            Layers("""{ "kind": "flatten" }, { "kind": "linear", "in_features": 784, "out_features": 100000 }, { "kind": "linear", "in_features": 100000, "out_features": 10 }"""), "layers[1]",
            "which brings the network's parameters to 78,500,000, more than the 50,000,000 allowed (ArchitectureLimits.MaxParameters). Make it smaller.");
        yield return Bad("an absurd activation",
            Layers("""{ "kind": "conv2d", "in_channels": 1, "out_channels": 16000000, "kernel_size": 1 }, { "kind": "adaptive_avg_pool2d", "output_size": 1 }, { "kind": "flatten" }"""), "layers[0]",
            "which gives [2, 16000000, 28, 28]: 12,544,000,000 numbers per sample, more than the 4,194,304 allowed (ArchitectureLimits.MaxActivationsPerSample).");
        yield return Bad("deeply nested layers", Nested(16, """{ "kind": "flatten" }, { "kind": "linear", "in_features": 784, "out_features": 10 }"""), string.Concat(Enumerable.Repeat("layers[0].", 16)).TrimEnd('.'),
            "nests layers 17 deep, deeper than the 16 levels allowed (ArchitectureLimits.MaxDepth). Flatten the nesting.");
        yield return Bad("JSON nested past any architecture", new string('[', 100_000) + new string(']', 100_000), "", "it nests deeper than an architecture may", "at most 36 levels of JSON, which is 16 levels of layers");
        yield return Bad("too many layers", Layers(string.Join(", ", Enumerable.Repeat("""{ "kind": "relu" }""", 1_000))), "layers[999]", "is layer number 1,001, more than the 1,000 allowed (ArchitectureLimits.MaxLayers)");
        yield return Bad("a name that is not a parameter name", Layers("""{ "kind": "relu", "name": "a.b" }"""), "layers[0].name", "must be a name of 1 to 64 letters, digits, '_' or '-'", "but it is the string \"a.b\"");
        yield return Bad("two layers with one name", Layers("""{ "kind": "flatten", "name": "1" }, { "kind": "linear", "in_features": 784, "out_features": 10 }"""), "layers[1].name",
            "the field 'layers[1].name' must differ from every other layer's name in the list, but layers[0] is also called '1' (a layer without a name is called by its place).");
        yield return Bad("a field given twice", """{ "version": 1, "kind": "relu", "kind": "tanh" }""", "", "an object in it has a field twice (Duplicate property 'kind'");
        yield return Bad("a name at the top", """{ "version": 1, "kind": "relu", "name": "top" }""", "name", "the field 'name' is a field that the top of an architecture (a relu with a version) does not have");
        yield return Bad("an initialiser of no known kind", Layers("""{ "kind": "flatten" }, { "kind": "linear", "in_features": 784, "out_features": 10, "weight_init": { "kind": "orthogonal" } }"""),
            "layers[1].weight_init.kind", "must be one of variance_scaling, constant");
        yield return Bad("a control character in a name", Layers("{ \"kind\": \"relu\", \"name\": \"a\\u001b[31m\" }"), "layers[0].name", "\\u001b[31m");
    }

    [TestCaseSource(nameof(BadFiles))]
    public void A_Bad_File_Is_Refused_With_Its_Field_And_What_To_Do(string text, string field, string[] message)
    {
        var error = Assert.Throws<DescriptionException>(() => ArchitectureJson.Read(text, Mnist, 10, "bad.json"));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.StartWith("bad.json: "));
            foreach (var part in message)
                Assert.That(error.Message, Does.Contain(part));
            Assert.That(error.Field, Is.EqualTo(field));
            Assert.That(error.Origin, Is.EqualTo("bad.json"));
        });
    }

    [Test]
    public void A_File_Larger_Than_Any_Architecture_Is_Refused_Before_It_Is_Read()
    {
        using var folder = new TempFolder();
        var path = folder.File("huge.json");
        using (var file = File.Create(path))
            file.SetLength(ArchitectureLimits.Default.MaxBytes + 1L);
        using var stream = File.OpenRead(path);

        var error = Assert.Throws<DescriptionException>(() => ArchitectureJson.Read(stream, Mnist, 10, "huge.json"));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Is.EqualTo("huge.json: it holds more than 1,048,576 bytes, too many for an architecture. Check that this is the right file."));
            Assert.That(stream.Position, Is.Zero, "nothing was read");
        });
    }

    [Test]
    public void A_Stream_That_Never_Ends_Is_Read_Only_To_The_Limit()
    {
        using var endless = new EndlessStream();

        Assert.Multiple(() =>
        {
            Assert.That(() => ArchitectureJson.Read(endless, Mnist, 10, "pipe"), Throws.TypeOf<DescriptionException>().With.Message.Contains("more than 1,048,576 bytes"));
            Assert.That(endless.Given, Is.LessThanOrEqualTo(ArchitectureLimits.Default.MaxBytes + 4096L));
        });
    }

    [Test]
    public void Text_That_Is_Not_Utf8_Is_Refused()
    {
        using var stream = new MemoryStream([.. Encoding.UTF8.GetBytes("""{ "version": 1, "kind": "re"""), 0xFF, .. Encoding.UTF8.GetBytes("""lu" }""")]);

        Assert.That(() => ArchitectureJson.Read(stream, Mnist, 10, "latin1.json"),
            Throws.TypeOf<DescriptionException>().With.Message.EqualTo("latin1.json: it is not UTF-8 text. An architecture is a JSON object in UTF-8."));
    }

    [Test]
    public void A_Utf8_File_With_A_Byte_Order_Mark_Reads()
    {
        using var stream = new MemoryStream([.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(ArchitectureJson.Write(Typical))]);

        Assert.That(ArchitectureJson.Read(stream, Mnist, 10, "bom.json"), Is.EqualTo(Typical));
    }

    [Test]
    public void Stricter_Limits_Are_Named_In_The_Message()
    {
        var limits = new ArchitectureLimits(MaxParameters: 1_000);

        Assert.That(() => ArchitectureJson.Read(ArchitectureJson.Write(Typical), Mnist, 10, "typical.json", limits),
            Throws.TypeOf<DescriptionException>().With.Message.Contains("more than the 1,000 allowed (ArchitectureLimits.MaxParameters)"));
    }

    /// <summary>
    /// A hostile file costs at most twice the memory of a normal load, which reads a network of the default model's shape and
    /// makes its parameters: here the managed memory each allocates, plus the parameters' bytes for the normal load.
    /// </summary>
    [Test]
    public void A_Hostile_File_Costs_At_Most_Twice_The_Memory_Of_A_Normal_Load()
    {
        var normalText = ArchitectureJson.Write(Typical);
        long Allocated(Action load)
        {
            load();   // once to warm up: the first call compiles code and fills caches
            var before = GC.GetAllocatedBytesForCurrentThread();
            load();
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        var parameterBytes = 0L;
        var normal = Allocated(() =>
        {
            using var scope = NewDisposeScope();
            var network = ArchitectureJson.Read(normalText, Mnist, 10, "typical.json");
            var variables = network.Init(new Generator(1));
            parameterBytes = (variables.Params.ElementCount + variables.State.ElementCount) * sizeof(float);
        }) + parameterBytes;

        var hostile = BadFiles().Select(data => (Name: data.TestName!, Text: (string)data.Arguments[0]!))
            .Append((Name: "a full file of layers", Text: Layers(string.Join(",", Enumerable.Repeat("""{"kind":"relu"}""", (ArchitectureLimits.Default.MaxBytes - 100) / 16)))))
            .Append((Name: "an endless stream", Text: ""));
        var costs = hostile.Select(file => (file.Name, Bytes: Allocated(() =>
        {
            try
            {
                if (file.Text.Length == 0)
                    ArchitectureJson.Read(new EndlessStream(), Mnist, 10, "pipe");
                else
                    ArchitectureJson.Read(file.Text, Mnist, 10, "hostile.json");
            }
            catch (DescriptionException)
            {
            }
        }))).ToList();

        TestContext.Out.WriteLine($"normal load: {normal:N0} bytes; costliest hostile file: {costs.MaxBy(cost => cost.Bytes)}");
        Assert.That(costs.Where(cost => cost.Bytes > 2 * normal), Is.Empty, $"a normal load costs {normal:N0} bytes");
    }

    // A sequential holding a sequential, and so on, sequentials deep, the innermost holding the given layers.
    private static string Nested(int sequentials, string innermost) =>
        Head + string.Concat(Enumerable.Repeat("""{ "kind": "sequential", "layers": [""", sequentials - 1)) + innermost + string.Concat(Enumerable.Repeat("] }", sequentials));

    /// <summary>A stream of spaces that never ends, counting what it gives.</summary>
    private sealed class EndlessStream : Stream
    {
        public long Given { get; private set; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Given; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            buffer.AsSpan(offset, count).Fill((byte)' ');
            Given += count;
            return count;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
