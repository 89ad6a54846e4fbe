using Mnist.Functional.Data;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Data;

public sealed class SplitTests
{
    private static Split Numbered(int count)
    {
        using var scope = NewDisposeScope();
        var ids = arange(count, dtype: int64);
        return new Split(ids.to_type(uint8).reshape(count, 1, 1).expand(count, 28, 28).contiguous(), ids);
    }

    [Test]
    public void A_Validation_Split_Is_Carved_Disjoint_Complete_And_Seeded()
    {
        using var split = Numbered(50);

        var (train, validation) = split.CarveValidation(10, seed: 5);
        var (train2, validation2) = split.CarveValidation(10, seed: 5);
        var (_, otherValidation) = split.CarveValidation(10, seed: 6);
        using (train) using (validation) using (train2) using (validation2) using (otherValidation)
        {
            var validationIds = validation.Labels.data<long>().ToArray();
            Assert.Multiple(() =>
            {
                Assert.That((train.Count, validation.Count), Is.EqualTo((40L, 10L)));
                Assert.That(train.Labels.data<long>().ToArray().Concat(validationIds).Order(), Is.EqualTo(Enumerable.Range(0, 50).Select(i => (long)i)));
                Assert.That(validation2.Labels.data<long>().ToArray(), Is.EqualTo(validationIds));
                Assert.That(otherValidation.Labels.data<long>().ToArray(), Is.Not.EqualTo(validationIds));
                Assert.That(split.Count, Is.EqualTo(50), "the original split is left as it was");
            });
        }
    }

    [Test]
    public void Class_Counts_Count_Each_Label()
    {
        using var split = new Split(zeros(6, 28, 28, dtype: uint8), tensor(new long[] { 0, 2, 2, 9, 9, 9 }));

        Assert.That(split.ClassCounts(10), Is.EqualTo(new long[] { 1, 0, 2, 0, 0, 0, 0, 0, 0, 3 }));
    }

    [Test]
    public void Mismatched_Tensors_Are_Refused() =>
        Assert.That(() => new Split(zeros(6, 28, 28, dtype: uint8), zeros(5, dtype: int64)), Throws.ArgumentException.With.Message.Contain("[6] int64"));

    [Test]
    public void Its_Tensors_Outlive_The_Dispose_Scope_They_Were_Made_In()
    {
        Split split;
        using (NewDisposeScope())
            split = Numbered(3);

        using (split)
            Assert.That(split.Images.IsInvalid, Is.False);
    }
}
