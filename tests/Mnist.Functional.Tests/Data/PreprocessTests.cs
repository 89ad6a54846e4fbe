using Mnist.Functional.Data;
using Mnist.Functional.Testing;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Data;

public sealed class PreprocessTests
{
    [Test]
    public void To_Unit_Range_Maps_0_255_To_Floats_In_0_1()
    {
        using var scope = NewDisposeScope();

        var floats = Preprocess.ToUnitRange(tensor(new byte[] { 0, 51, 255 }));

        Assert.Multiple(() =>
        {
            Assert.That(floats.dtype, Is.EqualTo(ScalarType.Float32));
            Assert.That(floats.data<float>().ToArray(), Is.EqualTo(new[] { 0f, 0.2f, 1f }).Within(1e-7));
        });
    }

    [Test]
    public void To_Unit_Range_Leaves_A_Float_Input_Unchanged()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { 255f, 51f });

        var scaled = Preprocess.ToUnitRange(x);

        Assert.That((x.data<float>().ToArray(), scaled.data<float>().ToArray()), Is.EqualTo((new[] { 255f, 51f }, new[] { 1f, 0.2f })));
    }

    [Test]
    public void Normalize_Subtracts_The_Mean_And_Divides_By_The_Std()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { 0f, 0.5f, 1f });

        var normalized = Preprocess.Normalize(new PixelStats(0.5, 0.25))(x);

        Assert.Multiple(() =>
        {
            Assert.That(normalized.data<float>().ToArray(), Is.EqualTo(new[] { -2f, 0f, 2f }).Within(1e-6));
            Assert.That(x.data<float>().ToArray(), Is.EqualTo(new[] { 0f, 0.5f, 1f }), "the input is unchanged");
        });
    }

    [Test]
    public void Standardize_Leaves_A_Float_Input_Unchanged()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { 255f, 0f });

        var standardized = Preprocess.Standardize(new PixelStats(0.5, 0.5))(x);

        Assert.That((x.data<float>().ToArray(), standardized.data<float>().ToArray()), Is.EqualTo((new[] { 255f, 0f }, new[] { 1f, -1f })));
    }

    [Test]
    public void To_Nchw_Adds_The_Channel_Axis()
    {
        using var scope = NewDisposeScope();

        Assert.That(Preprocess.ToNchw(zeros(4, 28, 28)).shape, Is.EqualTo(new long[] { 4, 1, 28, 28 }));
    }

    [Test]
    public void Standard_Equals_The_Composition_Of_The_Three_And_Leaves_Its_Input_Alone()
    {
        using var scope = NewDisposeScope();
        var stats = new PixelStats(0.1307, 0.3081);
        var pixels = randint(0, 256, [3, 28, 28], dtype: uint8);
        var copy = pixels.clone();

        var standard = Preprocess.Standard(stats)(pixels);
        var byHand = Preprocess.ToNchw(Preprocess.Normalize(stats)(Preprocess.ToUnitRange(pixels)));

        Assert.Multiple(() =>
        {
            Assert.That(standard.allclose(byHand, rtol: 1e-5, atol: 1e-5), Is.True);
            Assert.That(standard.shape, Is.EqualTo(new long[] { 3, 1, 28, 28 }));
            Assert.That(pixels.eq(copy).all().item<bool>(), Is.True);
        });
    }

    [TestCase(0.1307, 0.3081)]
    [TestCase(0.2860, 0.3530)]
    [TestCase(0.5, 0.25)]
    public void Standardize_Unit_Range_Of_Unit_Range_Pixels_Is_Bit_Identical_To_Standardize(double mean, double std)
    {
        // Every byte value, and a batch of them: an attack of size 0 must classify exactly as evaluation does.
        using var scope = NewDisposeScope();
        var stats = new PixelStats(mean, std);
        var pixels = arange(256, dtype: int32).to(uint8).reshape(1, 16, 16);

        var fromBytes = Preprocess.Standardize(stats)(pixels);
        var fromUnitRange = Preprocess.StandardizeUnitRange(stats)(Preprocess.ToUnitRange(pixels));

        TensorAssert.BitIdentical(fromUnitRange, fromBytes);
    }

    [Test]
    public void Standardize_Unit_Range_Passes_The_Gradient_Through_The_Normalisation()
    {
        using var scope = NewDisposeScope();
        var stats = new PixelStats(0.1307, 0.3081);
        var gradient = Mnist.Functional.Autodiff.Diff.Grad(x => Preprocess.StandardizeUnitRange(stats)(x).sum())(full(2, 3, 0.5f));

        TensorAssert.Close(gradient, full(2, 3, (float)(1 / stats.Std)), 1e-5);
    }
}
