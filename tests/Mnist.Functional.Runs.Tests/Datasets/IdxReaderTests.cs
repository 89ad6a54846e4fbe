using System.Buffers.Binary;
using Mnist.Functional.Datasets;
using Mnist.Functional.Testing;
using TorchSharp;

namespace Mnist.Functional.Runs.Tests.Datasets;

public sealed class IdxReaderTests
{
    private TempFolder folder = null!;

    [SetUp]
    public void CreateFolder() => folder = new TempFolder();

    [TearDown]
    public void DeleteFolder() => folder.Dispose();

    [Test]
    public void Given_A_Raw_Images_File_When_Read_Then_It_Is_An_N_28_28_Uint8_Tensor_Of_Its_Pixels()
    {
        var bytes = IdxFiles.Images(3);

        using var images = IdxReader.ReadImages(folder.Write("images", bytes));

        Assert.Multiple(() =>
        {
            Assert.That(images.shape, Is.EqualTo(new long[] { 3, 28, 28 }));
            Assert.That(images.dtype, Is.EqualTo(torch.ScalarType.Byte));
            Assert.That(images.data<byte>().ToArray(), Is.EqualTo(bytes[16..]));
        });
    }

    [Test]
    public void Given_A_Gzip_Labels_File_When_Read_Then_It_Is_An_N_Int64_Tensor_Of_Its_Labels()
    {
        using var labels = IdxReader.ReadLabels(folder.Write("labels.gz", IdxFiles.Gzip(IdxFiles.Labels(12))));

        Assert.Multiple(() =>
        {
            Assert.That(labels.shape, Is.EqualTo(new long[] { 12 }));
            Assert.That(labels.dtype, Is.EqualTo(torch.ScalarType.Int64));
            Assert.That(labels.data<long>().ToArray(), Is.EqualTo(Enumerable.Range(0, 12).Select(i => (long)(i % 10)).ToArray()));
        });
    }

    [Test]
    public void Given_A_Labels_File_Where_Images_Are_Expected_When_Read_Then_The_Magic_Number_Is_Refused_And_Named()
    {
        var path = folder.Write("images", IdxFiles.Labels(5));

        var error = Assert.Throws<IdxMagicNumberException>(() => IdxReader.ReadImages(path));

        Assert.That(error!.Message, Does.Contain(path).And.Contain("0x00000801").And.Contain("0x00000803").And.Contain("labels file"));
    }

    [Test]
    public void Given_Images_Of_27_By_28_When_Read_Then_The_Dimensions_Are_Refused()
    {
        var path = folder.Write("images", IdxFiles.Images(2, rows: 27));

        var error = Assert.Throws<IdxDimensionsException>(() => IdxReader.ReadImages(path));

        Assert.That(error!.Message, Does.Contain(path).And.Contain("2 × 27 × 28").And.Contain("2 × 28 × 28"));
    }

    [TestCase(0)]
    [TestCase(3)]
    [TestCase(11)]
    public void Given_A_File_That_Ends_Inside_Its_Header_When_Read_Then_It_Is_Truncated(int length)
    {
        var path = folder.Write("images", IdxFiles.Images(1)[..length]);

        var error = Assert.Throws<IdxTruncatedException>(() => IdxReader.ReadImages(path));

        Assert.That(error!.Message, Does.Contain(path).And.Contain("truncated"));
    }

    [Test]
    public void Given_A_File_Cut_In_Its_Body_When_Read_Then_The_Missing_Bytes_Are_Reported()
    {
        var bytes = IdxFiles.Images(4);
        var path = folder.Write("images", bytes[..^100]);

        var error = Assert.Throws<IdxLengthException>(() => IdxReader.ReadImages(path));

        Assert.That(error!.Message, Does.Contain(path).And.Contain($"holds only {bytes.Length - 100} bytes").And.Contain("truncated"));
    }

    [Test]
    public void Given_A_Header_That_Claims_Four_Billion_Images_When_Read_Then_It_Is_Refused_Before_Allocating()
    {
        var bytes = IdxFiles.Images(2);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), uint.MaxValue);
        var path = folder.Write("images", bytes);

        var error = Assert.Throws<IdxOutOfLimitsException>(() => IdxReader.ReadImages(path));

        Assert.That(error!.Message, Does.Contain(path).And.Contain("claims 4,294,967,295 items, more than the 10,000,000 a file may hold"));
    }

    [Test]
    public void Given_Bytes_After_The_Last_Item_When_Read_Then_The_Extra_Bytes_Are_Refused()
    {
        var path = folder.Write("labels", [.. IdxFiles.Labels(3), 0, 0]);

        var error = Assert.Throws<IdxLengthException>(() => IdxReader.ReadLabels(path));

        Assert.That(error!.Message, Does.Contain(path).And.Contain("2 bytes too many"));
    }

    [Test]
    public void Given_A_Gzip_File_That_Is_Not_Gzip_When_Read_Then_The_Compression_Is_Refused()
    {
        var path = folder.Write("images.gz", IdxFiles.Images(1));

        var error = Assert.Throws<IdxCompressionException>(() => IdxReader.ReadImages(path));

        Assert.That(error!.Message, Does.Contain(path).And.Contain("the file is damaged: it does not decompress as gzip"));
    }

    [Test]
    public void Given_A_Gzip_File_With_A_Corrupt_Body_When_Read_Then_The_Compression_Is_Refused()
    {
        var compressed = IdxFiles.Gzip(IdxFiles.Images(20));
        for (var i = 20; i < compressed.Length - 8; i += 3)
            compressed[i] ^= 0x5a;
        var path = folder.Write("images.gz", compressed);

        Assert.Throws<IdxCompressionException>(() => IdxReader.ReadImages(path));
    }

    [Test]
    public void Given_A_Gzip_File_Whose_Checksum_Does_Not_Match_When_Read_Then_It_Is_Called_Damaged_In_Our_Words()
    {
        var compressed = IdxFiles.Gzip(IdxFiles.Images(20));
        compressed[^8] ^= 0xff; // the trailer's CRC-32 of the uncompressed data
        var path = folder.Write("images.gz", compressed);

        var error = Assert.Throws<IdxCompressionException>(() => IdxReader.ReadImages(path));

        Assert.That(error!.Message, Does.StartWith($"{path}: the file is damaged").And.Contain("checksum")
            .And.Contain("Replace the file with a good copy").And.Not.Contain("unsupported compression method"));
    }

    [Test]
    public void Given_Images_And_Labels_Of_Different_Counts_When_Read_As_A_Split_Then_Both_Files_Are_Named()
    {
        var images = folder.Write("images", IdxFiles.Images(5));
        var labels = folder.Write("labels", IdxFiles.Labels(4));

        var error = Assert.Throws<IdxCountMismatchException>(() => IdxReader.ReadSplit(images, labels));

        Assert.That(error!.Message, Does.Contain(images).And.Contain(labels).And.Contain("5 images").And.Contain("4 labels"));
    }

    [Test]
    public void Given_Matching_Files_When_Read_As_A_Split_Then_Counts_And_Shapes_Agree()
    {
        using var split = IdxReader.ReadSplit(folder.Write("images", IdxFiles.Images(7)), folder.Write("labels", IdxFiles.Labels(7)));

        Assert.Multiple(() =>
        {
            Assert.That(split.Count, Is.EqualTo(7));
            Assert.That(split.Images.shape, Is.EqualTo(new long[] { 7, 28, 28 }));
        });
    }

    [Test]
    public void Inspect_Returns_The_Header_Of_A_Valid_File()
    {
        var header = IdxReader.Inspect(folder.Write("images.gz", IdxFiles.Gzip(IdxFiles.Images(3))), IdxKind.Images);

        Assert.Multiple(() =>
        {
            Assert.That(header.Count, Is.EqualTo(3));
            Assert.That(header.Shape, Is.EqualTo(new long[] { 3, 28, 28 }));
            Assert.That(header.FileLength, Is.EqualTo(16 + 3 * 784));
        });
    }

    [Test]
    public void Given_A_Gzip_Bomb_After_A_Valid_Header_When_Read_Then_Decompression_Stops_Past_The_Header_Length()
    {
        var path = folder.Write("images.gz", IdxFiles.GzipBomb(IdxFiles.Images(2), 256L << 20));
        var before = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Throws<IdxTrailingDataException>(() => IdxReader.ReadImages(path));

        Assert.That(error!.Message, Does.Contain(path).And.Contain("claims 2 items (1,584 bytes in all), but the file decompresses to more"));
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(4 << 20), "no more than a few buffers are allocated, not the 256 MiB");
    }

    [Test]
    public void Given_A_Gzip_Bomb_When_Inspected_Then_Decompression_Stops_Past_The_Header_Length()
    {
        var path = folder.Write("labels.gz", IdxFiles.GzipBomb(IdxFiles.Labels(5), 256L << 20));
        var before = GC.GetAllocatedBytesForCurrentThread();

        Assert.Throws<IdxTrailingDataException>(() => IdxReader.Inspect(path, IdxKind.Labels));

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(4 << 20));
    }

    [Test]
    public void Given_A_Small_Gzip_File_Whose_Header_Claims_More_Than_It_Can_Expand_To_When_Read_Then_Nothing_Is_Allocated()
    {
        var head = IdxFiles.Images(0);
        BinaryPrimitives.WriteUInt32BigEndian(head.AsSpan(4), 60_000);
        var compressed = IdxFiles.Gzip(head);
        var path = folder.Write("images.gz", compressed);

        var error = Assert.Throws<IdxTooLargeException>(() => IdxReader.ReadImages(path));

        Assert.That(error!.Message, Does.Contain("the header claims 60000 items (47,040,016 bytes in all), more than a gzip file of " +
                                                 $"{compressed.Length} bytes can expand to ({compressed.Length * 1032:N0} bytes)"));
    }

    [Test]
    public void Given_A_Gzip_File_Cut_In_Its_Body_When_Read_Then_The_Decompressed_Length_Is_Reported()
    {
        var path = folder.Write("images.gz", IdxFiles.Gzip(IdxFiles.Images(4)[..^100]));

        var error = Assert.Throws<IdxLengthException>(() => IdxReader.ReadImages(path));

        Assert.That(error!.Message, Does.Contain($"holds only {16 + 4 * 784 - 100} bytes"));
    }

    [Test]
    public void Given_A_Header_Longer_Than_The_Given_Limit_When_Inspected_Then_It_Is_Refused_Before_The_Body_Is_Read()
    {
        var path = folder.Write("labels", IdxFiles.Labels(50));

        var error = Assert.Throws<IdxTooLargeException>(() => IdxReader.Inspect(path, IdxKind.Labels, maxLength: 38));

        Assert.That(error!.Message, Does.Contain("the header claims 50 items (58 bytes in all), more than the catalog's file holds (38 bytes)"));
    }

    [Test]
    public void Given_A_Fifo_When_Read_Then_It_Is_Refused_Without_Blocking()
    {
        var fifo = Tests.IO.SpecialFiles.Fifo(folder.File("train-images-idx3-ubyte"));

        Assert.That(FifoGuard.Thrown(fifo, () => IdxReader.ReadImages(fifo)), Is.InstanceOf<Mnist.Functional.IO.NotARegularFileException>()
            .With.Message.Contains("is a FIFO (named pipe), not a regular file: give the path of an IDX file"));
    }

    [Test]
    public void Given_A_Device_When_Read_Then_It_Is_Refused() =>
        Assert.That(() => IdxReader.ReadLabels(Tests.IO.SpecialFiles.DevZero), Throws.InstanceOf<Mnist.Functional.IO.NotARegularFileException>());
}
