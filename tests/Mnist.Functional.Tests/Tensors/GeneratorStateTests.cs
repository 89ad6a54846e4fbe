using System.Buffers.Binary;
using Mnist.Functional.Tensors;
using Mnist.Functional.Testing;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Tensors;

public sealed class GeneratorStateTests
{
    [Test]
    public void The_State_Of_A_Real_Generator_Is_Accepted_And_Restores_The_Same_Draws()
    {
        using var generator = new Generator(12345);
        using (rand(100, generator: generator)) { }
        var saved = GeneratorState.Capture(generator);
        using var expected = rand(5, generator: generator);

        using var restored = new Generator(1);
        GeneratorState.Restore(restored, saved);
        using var actual = rand(5, generator: restored);

        Assert.Multiple(() =>
        {
            Assert.That(GeneratorState.Problem(saved), Is.Null);
            Assert.That(saved, Has.Length.EqualTo(GeneratorState.Length));
            Assert.That(BinaryPrimitives.ReadUInt64LittleEndian(saved.AsSpan(0)), Is.EqualTo(12345UL), "the layout read is libtorch's: the initial seed at byte 0");
            TensorAssert.BitIdentical(actual, expected);
        });
    }

    [TestCase(0, "it holds 0 bytes; a generator state holds")]
    [TestCase(100, "it holds 100 bytes; a generator state holds")]
    [TestCase(-1, "holds")]
    public void A_State_Of_Another_Length_Is_Refused_Before_It_Reaches_The_Engine(int length, string problem)
    {
        var bytes = new byte[length < 0 ? GeneratorState.Length + 8 : length];

        using var generator = new Generator(7);
        var before = GeneratorState.Capture(generator);

        Assert.Multiple(() =>
        {
            Assert.That(GeneratorState.Problem(bytes), Does.Contain(problem));
            Assert.That(() => GeneratorState.Restore(generator, bytes), Throws.ArgumentException.With.Message.Contains("cannot be used"));
            Assert.That(GeneratorState.Capture(generator), Is.EqualTo(before), "nothing was changed");
        });
    }

    [TestCase(8, 0, TestName = "left 0")]
    [TestCase(8, 625, TestName = "left past the state")]
    [TestCase(12, 0, TestName = "not seeded")]
    [TestCase(16, 625, TestName = "next past the state")]
    public void A_State_Whose_Position_Libtorch_Would_Reject_Is_Refused(int offset, int value)
    {
        using var generator = new Generator(3);
        var bytes = GeneratorState.Capture(generator);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(offset), value);

        Assert.That(GeneratorState.Problem(bytes), Does.Contain("position in the random sequence is not valid"));
    }
}
