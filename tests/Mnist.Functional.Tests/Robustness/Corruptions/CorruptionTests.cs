using Mnist.Functional.Robustness.Corruptions;
using Mnist.Functional.Testing;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Robustness.Corruptions;

/// <summary>What every corruption of MNIST-C owes: shape, range, a seed that fixes it, and a change to the digit.</summary>
public sealed class CorruptionTests
{
    private static readonly IReadOnlyList<Corruption> All = MnistC.WithoutCanny;

    // Those that draw nothing at random.
    private static readonly string[] Fixed = ["scale", "brightness", "stripe"];

    private static IEnumerable<TestCaseData> Each() => All.Select(corruption => new TestCaseData(corruption).SetArgDisplayNames(corruption.Name));

    [Test]
    public void There_are_the_14_of_MNIST_C_without_an_image_library_in_its_order()
    {
        Assert.That(All.Select(corruption => corruption.Name), Is.EqualTo(new[]
        {
            "shot_noise", "impulse_noise", "glass_blur", "motion_blur", "shear", "scale", "rotate", "brightness",
            "translate", "stripe", "fog", "spatter", "dotted_line", "zigzag",
        }));
    }

    [TestCaseSource(nameof(Each))]
    public void Keeps_the_shape_and_the_range_and_changes_the_digit(Corruption corruption)
    {
        using var scope = NewDisposeScope();
        var digits = SampleDigits.Sevens(5);
        var corrupted = corruption.Apply(digits, seed: 1);
        Assert.Multiple(() =>
        {
            Assert.That(corrupted.shape, Is.EqualTo(new long[] { 5, 28, 28 }));
            Assert.That(corrupted.dtype, Is.EqualTo(ScalarType.Float32));
            Assert.That(corrupted.min().item<float>(), Is.GreaterThanOrEqualTo(0f));
            Assert.That(corrupted.max().item<float>(), Is.LessThanOrEqualTo(1f));
            Assert.That(TensorAssert.MaxDifference(corrupted, digits), Is.GreaterThan(0.1), "the digit changed");
            Assert.That(digits.eq(SampleDigits.Sevens(5)).all().item<bool>(), Is.True, "the input is left alone");
        });
    }

    [TestCaseSource(nameof(Each))]
    public void Gives_the_same_digits_for_the_same_seed(Corruption corruption)
    {
        using var scope = NewDisposeScope();
        var digits = SampleDigits.Sevens(8);
        TensorAssert.BitIdentical(corruption.Apply(digits, seed: 7), corruption.Apply(digits, seed: 7));
        var another = corruption.Apply(digits, seed: 8);
        if (Fixed.Contains(corruption.Name))
            TensorAssert.BitIdentical(another, corruption.Apply(digits, seed: 7), "a corruption with nothing random");
        else
            Assert.That(TensorAssert.MaxDifference(another, corruption.Apply(digits, seed: 7)), Is.GreaterThan(0), "another seed, another corruption");
    }

    [TestCaseSource(nameof(Each))]
    public void Takes_an_empty_batch(Corruption corruption)
    {
        using var scope = NewDisposeScope();
        Assert.That(corruption.Apply(zeros(0, 28, 28), seed: 1).shape, Is.EqualTo(new long[] { 0, 28, 28 }));
    }

    [Test]
    public void Refuses_digits_of_another_shape_type_or_range()
    {
        using var scope = NewDisposeScope();
        var corruption = ShotNoise.Corruption;
        Assert.That(Assert.Throws<ArgumentException>(() => corruption.Apply(zeros(2, 1, 28, 28), seed: 1))!.Message, Does.Contain("[N, 28, 28] float32"));
        Assert.That(Assert.Throws<ArgumentException>(() => corruption.Apply(zeros(2, 28, 28, dtype: ScalarType.Byte), seed: 1))!.Message, Does.Contain("float32"));
        Assert.That(Assert.Throws<ArgumentException>(() => corruption.Apply(full(2, 28, 28, 255f), seed: 1))!.Message, Does.Contain("[0, 1]"));
    }

    [Test]
    public void Finds_a_corruption_by_name_or_lists_the_names()
    {
        Assert.That(MnistC.Find(All, "FOG").Name, Is.EqualTo("fog"));
        Assert.That(Assert.Throws<ArgumentException>(() => MnistC.Find(All, "snow"))!.Message, Does.Contain("zigzag"));
        Assert.Throws<ArgumentException>(() => MnistC.All(Fog.Corruption));
    }
}
