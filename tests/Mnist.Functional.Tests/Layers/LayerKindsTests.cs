using Mnist.Functional.Layers;
using Mnist.Functional.Testing;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Layers;

/// <summary>The registry of layer kinds covers every layer of the library, and each kind's facts agree with its layer.</summary>
public sealed class LayerKindsTests
{
    [Test]
    public void Every_Layer_Type_Of_The_Library_But_Lambda_Has_A_Kind()
    {
        var layerTypes = typeof(Layer).Assembly.GetTypes().Where(type => type.IsSubclassOf(typeof(Layer)) && !type.IsAbstract && type != typeof(Lambda));
        var described = ArchitectureJson.Kinds.Select(kind => kind.Example.GetType()).ToHashSet();

        Assert.That(layerTypes.Where(type => !described.Contains(type)).Select(type => type.Name), Is.Empty,
            "each needs an entry in LayerKinds (its JSON form), an ONNX form and a row in docs/architecture.md");
    }

    [Test]
    public void Every_Activation_Function_Has_A_Kind_Of_Its_Own()
    {
        // One Activation type holds them all, so the test of types above cannot see a function added without a kind.
        var kinds = Enum.GetValues<ActivationFunction>().Select(function => (Function: function, Kind: LayerKinds.Of(new Activation(function)))).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(kinds.Where(pair => pair.Kind is null).Select(pair => pair.Function), Is.Empty, "each needs an entry in LayerKinds, an ONNX form and a row in docs/architecture.md");
            Assert.That(kinds.Select(pair => pair.Kind?.Name), Is.Unique);
        });
    }

    [Test]
    public void Kind_Names_Are_Distinct_And_Each_Describes_Its_Own_Example() =>
        Assert.Multiple(() =>
        {
            Assert.That(ArchitectureJson.Kinds.Select(kind => kind.Name), Is.Unique);
            foreach (var kind in ArchitectureJson.Kinds)
                Assert.That(LayerKinds.Of(kind.Example), Is.SameAs(kind), kind.Name);
        });

    [TestCaseSource(typeof(LayerKindExamples), nameof(LayerKindExamples.Kinds))]
    public void The_Example_Takes_Its_Input_And_Its_Output_Shape_And_Parameter_Count_Are_Those_Of_A_Real_Call(LayerKind kind)
    {
        using var scope = NewDisposeScope();
        var input = kind.ExampleInput.ToArray();
        var variables = kind.Example.Init(new Generator(1));

        var output = kind.Example.Apply(variables.Params, variables.State, randn(input, generator: new Generator(2)), Mode.Eval).Output;

        Assert.Multiple(() =>
        {
            Assert.That(kind.Example.OutputShape(input), Is.EqualTo(output.shape));
            var leaves = kind.Example.Children.Count == 0 ? [kind.Example] : kind.Example.Children.Select(child => child.Layer);
            Assert.That(leaves.Sum(leaf => LayerKinds.Of(leaf)!.Parameters(leaf)), Is.EqualTo(variables.Params.ElementCount));
        });
    }
}
