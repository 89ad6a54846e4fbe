using Mnist.Functional.Robustness;
using Mnist.Functional.Testing;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Robustness;

public sealed class EpsilonBallTests
{
    [Test]
    public void Projects_onto_the_box_around_each_pixel_under_Linf()
    {
        using var scope = NewDisposeScope();
        var pixels = tensor(new[] { 0f, 0.5f, 1f, 0.95f }).reshape(1, 4);
        var candidate = tensor(new[] { -0.5f, 0.9f, 0.2f, 1.5f }).reshape(1, 4);
        var projected = EpsilonBall.Project(candidate, pixels, 0.1, AttackNorm.Linf);
        TensorAssert.Close(projected, tensor(new[] { 0f, 0.6f, 0.9f, 1f }).reshape(1, 4), 1e-7);
    }

    [Test]
    public void Scales_a_long_change_back_to_epsilon_under_L2_and_leaves_a_short_one()
    {
        using var scope = NewDisposeScope();
        var pixels = full(2, 4, 0.5f);
        var candidate = pixels + tensor(new[,] { { 0.3f, 0.4f, 0f, 0f }, { 0.03f, 0.04f, 0f, 0f } });
        var projected = EpsilonBall.Project(candidate, pixels, 0.1, AttackNorm.L2);
        TensorAssert.Close(projected - pixels, tensor(new[,] { { 0.06f, 0.08f, 0f, 0f }, { 0.03f, 0.04f, 0f, 0f } }), 1e-6);
    }

    [Test]
    public void Refuses_an_image_outside_its_ball_or_outside_0_1()
    {
        using var scope = NewDisposeScope();
        var pixels = full(1, 4, 0.5f);
        Assert.Throws<InvalidOperationException>(() => EpsilonBall.Require(pixels + 0.2f, pixels, 0.1, AttackNorm.Linf, "test"));
        Assert.Throws<InvalidOperationException>(() => EpsilonBall.Require(pixels + 0.6f, pixels, 1, AttackNorm.Linf, "test"));
        var error = Assert.Throws<InvalidOperationException>(() => EpsilonBall.Require(pixels + 0.1f, pixels, 0.1, AttackNorm.L2, "test"));
        Assert.That(error!.Message, Does.Contain("outside what it may reach"));
        Assert.DoesNotThrow(() => EpsilonBall.Require(pixels + 0.05f, pixels, 0.1, AttackNorm.L2, "test"));
    }
}
