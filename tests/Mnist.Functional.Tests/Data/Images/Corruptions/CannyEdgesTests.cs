using Mnist.Functional.Data.Images.Corruptions;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Data.Images.Corruptions;

public sealed class CannyEdgesTests
{
    [Test]
    public void Outlines_a_square_and_leaves_its_inside_and_the_outer_ring_black()
    {
        using var scope = NewDisposeScope();
        var square = zeros(1, 28, 28);
        square[0, TensorIndex.Slice(8, 20), TensorIndex.Slice(8, 20)] = tensor(1f);
        var edges = CannyEdges.Corruption.Apply(square, seed: 1)[0];
        Assert.Multiple(() =>
        {
            Assert.That(edges.unique().output.data<float>().ToArray(), Is.SubsetOf(new[] { 0f, 1f }), "a binary map");
            Assert.That(edges[14, 14].item<float>(), Is.EqualTo(0f), "the flat inside has no edge");
            Assert.That(edges[TensorIndex.Slice(12, 16), TensorIndex.Slice(7, 9)].sum().item<float>(), Is.GreaterThan(0f), "the left side is found");
            Assert.That(edges[TensorIndex.Slice(7, 9), TensorIndex.Slice(12, 16)].sum().item<float>(), Is.GreaterThan(0f), "the top side is found");
            Assert.That(edges[0].sum().item<float>() + edges[27].sum().item<float>(), Is.EqualTo(0f), "no edge on the outermost ring");
        });
    }

    [Test]
    public void Finds_nothing_in_a_flat_image()
    {
        using var scope = NewDisposeScope();
        Assert.That(CannyEdges.Corruption.Apply(full(2, 28, 28, 0.7f), seed: 1).sum().item<float>(), Is.EqualTo(0f));
    }
}
