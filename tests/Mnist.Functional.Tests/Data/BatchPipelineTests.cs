using Mnist.Functional.Data;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Data;

public sealed class BatchPipelineTests
{
    private Split split = null!;

    /// <summary>100 items; item i has all pixels equal to i and label i mod 10, so a batch tells which items it holds.</summary>
    [SetUp]
    public void CreateSplit()
    {
        using var scope = NewDisposeScope();
        var ids = arange(100, dtype: int64);
        split = new Split(ids.to_type(uint8).reshape(100, 1, 1).expand(100, 28, 28).contiguous(), ids.remainder(10));
    }

    [TearDown]
    public void DisposeSplit() => split.Dispose();

    private static long[] Ids(Batch batch) => batch.Images.select(1, 0).select(1, 0).to_type(int64).data<long>().ToArray();

    private static List<long[]> Epoch(BatchPipeline pipeline, long epoch = 0) => pipeline.Epoch(epoch).Select(Ids).ToList();

    [Test]
    public void A_Shuffle_Yields_Every_Item_Exactly_Once_Per_Epoch()
    {
        var batches = Epoch(split.Shuffle(seed: 7).Batch(32));

        Assert.Multiple(() =>
        {
            Assert.That(batches.Select(batch => batch.Length), Is.EqualTo(new[] { 32, 32, 32, 4 }));
            Assert.That(batches.SelectMany(ids => ids).Order(), Is.EqualTo(Enumerable.Range(0, 100).Select(i => (long)i)));
        });
    }

    [Test]
    public void A_Shuffle_Is_The_Same_For_A_Seed_And_Differs_Across_Seeds_And_Epochs()
    {
        var pipeline = split.Shuffle(seed: 7).Batch(100);
        var first = Epoch(pipeline).Single();

        Assert.Multiple(() =>
        {
            Assert.That(Epoch(split.Shuffle(seed: 7).Batch(100)).Single(), Is.EqualTo(first));
            Assert.That(Epoch(split.Shuffle(seed: 8).Batch(100)).Single(), Is.Not.EqualTo(first));
            Assert.That(Epoch(pipeline, epoch: 1).Single(), Is.Not.EqualTo(first));
            Assert.That(first, Is.Not.EqualTo(Enumerable.Range(0, 100).Select(i => (long)i)));
        });
    }

    [Test]
    public void Without_A_Shuffle_Batches_Keep_The_Split_Order()
    {
        var batches = Epoch(split.Batch(40));

        Assert.That(batches.SelectMany(ids => ids), Is.EqualTo(Enumerable.Range(0, 100).Select(i => (long)i)));
    }

    [Test]
    public void Drop_Last_Leaves_Out_The_Short_Batch()
    {
        var pipeline = split.Shuffle(seed: 1).Batch(32, dropLast: true);

        Assert.Multiple(() =>
        {
            Assert.That(pipeline.BatchesPerEpoch, Is.EqualTo(3));
            Assert.That(Epoch(pipeline).Select(batch => batch.Length), Is.EqualTo(new[] { 32, 32, 32 }));
        });
    }

    [TestCase(25, 4, 25, TestName = "No short batch, nothing left out")]
    [TestCase(49, 3, 2, TestName = "A last batch of 2 is kept")]
    [TestCase(33, 3, 33, TestName = "A last batch of 1 is left out")]
    public void A_Minimum_Last_Batch_Leaves_Out_Only_A_Smaller_Last_Batch(int batchSize, int batches, int lastBatch)
    {
        var pipeline = split.Shuffle(seed: 1).Batch(batchSize).WithMinimumLastBatch(2);
        var drawn = Epoch(pipeline);

        Assert.Multiple(() =>
        {
            Assert.That(pipeline.BatchesPerEpoch, Is.EqualTo(batches));
            Assert.That(drawn, Has.Count.EqualTo(batches));
            Assert.That(drawn[^1], Has.Length.EqualTo(lastBatch));
            Assert.That(pipeline.LeftOutPerEpoch + drawn.Sum(batch => batch.Length), Is.EqualTo(100));
        });
    }

    [Test]
    public void Labels_Travel_With_Their_Images()
    {
        foreach (var batch in split.Shuffle(seed: 3).Batch(16).Epoch())
            Assert.That(batch.Labels.data<long>().ToArray(), Is.EqualTo(Ids(batch).Select(id => id % 10).ToArray()));
    }

    [Test]
    public void Select_Applies_The_Preprocessing_To_Each_Batch()
    {
        var stats = new PixelStats(Mean: 0.5, Std: 0.25);

        var (shape, dtype, pixel) = split.Batch(10).Select(Preprocess.Standard(stats)).Epoch()
            .Select(batch => (batch.Images.shape, batch.Images.dtype, batch.Images[3, 0, 5, 5].item<float>()))
            .First();

        Assert.Multiple(() =>
        {
            Assert.That(shape, Is.EqualTo(new long[] { 10, 1, 28, 28 }));
            Assert.That(dtype, Is.EqualTo(ScalarType.Float32));
            Assert.That(pixel, Is.EqualTo((3 / 255.0 - 0.5) / 0.25).Within(1e-5));
        });
    }

    [Test]
    public void Nothing_Runs_Until_An_Epoch_Is_Enumerated()
    {
        var calls = 0;
        var pipeline = split.Batch(10).SelectBatch(batch => { calls++; return batch; });

        var epoch = pipeline.Epoch();
        var before = calls;
        var firstThree = epoch.Take(3).Count();

        Assert.That((before, firstThree, calls), Is.EqualTo((0, 3, 3)));
    }

    [Test]
    public void A_Batch_Is_Freed_When_The_Consumer_Moves_On_And_Is_In_No_Dispose_Scope()
    {
        var seen = new List<Batch>();
        using (NewDisposeScope())
        {
            foreach (var batch in split.Shuffle(seed: 1).Batch(50).Epoch())
            {
                Assert.That(batch.Images.IsInvalid, Is.False);
                seen.Add(batch);
            }
        }

        Assert.That(seen.Select(batch => batch.Images.IsInvalid), Is.All.True);
    }

    [Test]
    public void A_Batch_Size_Below_One_Is_Refused() =>
        Assert.That(() => split.Batch(0), Throws.InstanceOf<ArgumentOutOfRangeException>());
}
