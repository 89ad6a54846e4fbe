using Mnist.Functional.Initializers;
using Mnist.Functional.Testing;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Initializers;

public sealed class InitTests
{
    private static readonly long[] WeightShape = [256, 64, 3, 3];
    private static readonly Fan WeightFan = Fan.Of(WeightShape);

    [Test]
    public void Fans_Are_Channels_Times_Receptive_Field_As_PyTorch_Computes_Them()
    {
        Assert.Multiple(() =>
        {
            Assert.That(WeightFan, Is.EqualTo(new Fan(64 * 9, 256 * 9)));
            Assert.That(Fan.Of([10, 784]), Is.EqualTo(new Fan(784, 10)));
            Assert.That(() => Fan.Of([10]), Throws.ArgumentException);
        });
    }

    private static IEnumerable<TestCaseData> Standards()
    {
        yield return new TestCaseData(Init.KaimingUniform(), Math.Sqrt(2.0 / (64 * 9))).SetArgDisplayNames("KaimingUniform");
        yield return new TestCaseData(Init.KaimingNormal(), Math.Sqrt(2.0 / (64 * 9))).SetArgDisplayNames("KaimingNormal");
        yield return new TestCaseData(Init.KaimingNormal(0.2, FanMode.Out), Math.Sqrt(2.0 / 1.04 / (256 * 9))).SetArgDisplayNames("KaimingNormalFanOut");
        yield return new TestCaseData(Init.GlorotUniform(), Math.Sqrt(2.0 / (64 * 9 + 256 * 9))).SetArgDisplayNames("GlorotUniform");
        yield return new TestCaseData(Init.GlorotNormal(2), 2 * Math.Sqrt(2.0 / (64 * 9 + 256 * 9))).SetArgDisplayNames("GlorotNormal");
        yield return new TestCaseData(Init.LeCunUniform(), Math.Sqrt(1.0 / (64 * 9))).SetArgDisplayNames("LeCunUniform");
        yield return new TestCaseData(Init.LeCunNormal(), Math.Sqrt(1.0 / (64 * 9))).SetArgDisplayNames("LeCunNormal");
        yield return new TestCaseData(Init.TorchDefault, Math.Sqrt(1.0 / (3 * 64 * 9))).SetArgDisplayNames("TorchDefault");
    }

    [TestCaseSource(nameof(Standards))]
    public void Draws_Have_Mean_Zero_And_The_Documented_Standard_Deviation(VarianceScaling initializer, double expectedStd)
    {
        using var scope = NewDisposeScope();

        var weight = initializer.Create(WeightShape, WeightFan, new Generator(1));

        Assert.Multiple(() =>
        {
            Assert.That(initializer.StandardDeviation(WeightFan), Is.EqualTo(expectedStd).Within(1e-12));
            Assert.That(weight.std().item<float>(), Is.EqualTo(expectedStd).Within(0.02 * expectedStd));
            Assert.That(weight.mean().item<float>(), Is.EqualTo(0).Within(0.02 * expectedStd));
        });
        if (initializer.Distribution == Distribution.Uniform)
            Assert.That(weight.abs().max().item<float>(), Is.LessThanOrEqualTo(Math.Sqrt(3) * expectedStd * (1 + 1e-6)));
    }

    [TestCaseSource(nameof(Standards))]
    public void The_Same_Seed_Draws_Bit_Identical_Tensors_And_Another_Seed_Others(VarianceScaling initializer, double expectedStd)
    {
        using var scope = NewDisposeScope();

        var a = initializer.Create([8, 4], Fan.Of([8, 4]), new Generator(5));
        var b = initializer.Create([8, 4], Fan.Of([8, 4]), new Generator(5));
        var c = initializer.Create([8, 4], Fan.Of([8, 4]), new Generator(6));

        TensorAssert.BitIdentical(a, b);
        Assert.That(TensorAssert.MaxDifference(a, c), Is.GreaterThan(0));
    }

    [Test]
    public void Kaiming_Uniform_Draws_What_TorchSharps_Kaiming_Uniform_Draws()
    {
        using var scope = NewDisposeScope();

        var ours = Init.KaimingUniform(negativeSlope: 0.1).Create([16, 8], Fan.Of([16, 8]), manual_seed(9));
        manual_seed(9);
        var theirs = nn.init.kaiming_uniform_(empty(16, 8), a: 0.1);

        TensorAssert.Close(ours, theirs, 1e-7);
    }

    [Test]
    public void Constants_Fill_Without_Drawing()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(3);

        var zerosTensor = Init.Zeros.Create([2, 3], new Fan(3, 2), generator);
        var onesTensor = Init.Ones.Create([4], new Fan(3, 2), generator);

        TensorAssert.BitIdentical(zerosTensor, zeros(2, 3));
        TensorAssert.BitIdentical(onesTensor, ones(4));
        TensorAssert.BitIdentical(rand(3, generator: generator), rand(3, generator: new Generator(3)), "the generator was untouched");
    }

    [Test]
    public void Initializers_Are_Values_That_Compare_By_Their_Settings()
    {
        var initializer = Init.KaimingNormal();
        var layer = new Mnist.Functional.Layers.Linear(3, 2) with { WeightInit = Init.GlorotUniform() };

        Assert.Multiple(() =>
        {
            Assert.That(initializer, Is.EqualTo(Init.KaimingNormal()));
            Assert.That(initializer, Is.Not.EqualTo(Init.KaimingUniform()));
            Assert.That(layer, Is.EqualTo(new Mnist.Functional.Layers.Linear(3, 2) with { WeightInit = Init.GlorotUniform() }));
            Assert.That(layer, Is.Not.EqualTo(new Mnist.Functional.Layers.Linear(3, 2)));
        });
    }
}
