using System.Text.Json;
using Mnist.Functional.Initializers;
using Mnist.Functional.Json;

namespace Mnist.Functional.Tests.Initializers;

public sealed class InitializerJsonTests
{
    private static IEnumerable<Initializer> Named() =>
        [Init.KaimingUniform(), Init.KaimingNormal(0.2, FanMode.Out), Init.GlorotUniform(1.5), Init.GlorotNormal(), Init.LeCunUniform(), Init.LeCunNormal(), Init.TorchDefault, Init.Zeros, Init.Ones, new Constant(-0.25)];

    [TestCaseSource(nameof(Named))]
    public void Every_Initialiser_Of_Init_Reads_Back_Equal(Initializer initializer)
    {
        var json = new System.Text.Json.Nodes.JsonObject { ["init"] = InitializerJson.Write(initializer) };
        using var document = JsonDocument.Parse(json.ToJsonString());

        Assert.That(InitializerJson.Read(new FieldReader(document.RootElement, "test", ""), "init", Init.TorchDefault), Is.EqualTo(initializer));
    }

    [Test]
    public void An_Initialiser_Of_The_Users_Own_Has_No_Form() =>
        Assert.That(InitializerJson.Write(new Own()), Is.Null);

    [TestCase("""{ "init": { "kind": "variance_scaling", "gain": -1, "mode": "fan_in", "distribution": "normal" } }""", "the field 'init.gain' must be a number from 0 to 1,000, but it is the number -1.")]
    [TestCase("""{ "init": { "kind": "variance_scaling", "gain": 1, "mode": "fan_sum", "distribution": "normal" } }""", "the field 'init.mode' must be one of fan_in, fan_out, fan_avg")]
    [TestCase("""{ "init": { "kind": "constant", "value": 1, "gain": 2 } }""", "the field 'init.gain' is a field that a constant initialiser does not have; its fields are value.")]
    [TestCase("""{ "init": "kaiming" }""", "the field 'init' must be an object, { … }, but it is the string \"kaiming\".")]
    public void A_Bad_Initialiser_Is_Refused_With_Its_Field(string text, string message)
    {
        using var document = JsonDocument.Parse(text);

        Assert.That(() => InitializerJson.Read(new FieldReader(document.RootElement, "test", ""), "init", Init.TorchDefault),
            Throws.TypeOf<DescriptionException>().With.Message.Contains(message));
    }

    private sealed record Own : Initializer
    {
        public override TorchSharp.torch.Tensor Create(long[] shape, Fan fan, TorchSharp.torch.Generator generator) => TorchSharp.torch.zeros(shape);
    }
}
