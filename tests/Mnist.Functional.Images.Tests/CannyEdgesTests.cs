using Mnist.Functional.Robustness.Corruptions;
using static TorchSharp.torch;

namespace Mnist.Functional.Images.Tests;

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

    [Test]
    public void Completes_the_15_of_MNIST_C_in_its_order()
    {
        Assert.That(MnistC.All(CannyEdges.Corruption).Select(corruption => corruption.Name), Is.EqualTo(new[]
        {
            "shot_noise", "impulse_noise", "glass_blur", "motion_blur", "shear", "scale", "rotate", "brightness",
            "translate", "stripe", "fog", "spatter", "dotted_line", "zigzag", "canny_edges",
        }));
    }

    [Test]
    public void Keeps_the_shape_and_draws_nothing_at_random_and_takes_an_empty_batch()
    {
        using var scope = NewDisposeScope();
        var square = zeros(3, 28, 28);
        square[TensorIndex.Colon, TensorIndex.Slice(6, 22), TensorIndex.Slice(10, 18)] = tensor(0.9f);
        var edges = CannyEdges.Corruption.Apply(square, seed: 7);
        Assert.Multiple(() =>
        {
            Assert.That(edges.shape, Is.EqualTo(new long[] { 3, 28, 28 }));
            Assert.That(edges.dtype, Is.EqualTo(ScalarType.Float32));
            Assert.That(edges.eq(CannyEdges.Corruption.Apply(square, seed: 8)).all().item<bool>(), Is.True, "nothing random");
            Assert.That(CannyEdges.Corruption.Apply(zeros(0, 28, 28), seed: 1).shape, Is.EqualTo(new long[] { 0, 28, 28 }));
        });
    }
}
