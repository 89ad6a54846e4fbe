using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Testing;

namespace Mnist.Functional.Runs.Tests.Datasets.Sources;

public sealed class FileChecksumTests
{
    private TempFolder folder = null!;

    [SetUp]
    public void CreateFolder() => folder = new TempFolder();

    [TearDown]
    public void DeleteFolder() => folder.Dispose();

    private static DatasetFile TrainImages => IdxFiles.Dataset().File(SplitKind.Train, IdxKind.Images);

    [Test]
    public async Task The_Checksum_Is_Of_The_Raw_Bytes_Whether_The_File_Is_Raw_Or_Gzip()
    {
        var bytes = IdxFiles.Contents["train-images-idx3-ubyte"];

        var raw = await FileChecksum.OfRawBytesAsync(folder.Write("a", bytes));
        var gzip = await FileChecksum.OfRawBytesAsync(folder.Write("a.gz", IdxFiles.Gzip(bytes)));

        Assert.That((raw, gzip), Is.EqualTo((IdxFiles.Sha256(bytes), IdxFiles.Sha256(bytes))));
    }

    [Test]
    public void Given_The_Right_File_When_Verified_Then_Nothing_Is_Thrown() =>
        Assert.That(() => FileChecksum.VerifyAsync(TrainImages, folder.Write("f", IdxFiles.Contents["train-images-idx3-ubyte"])), Throws.Nothing);

    [Test]
    public void Given_A_Well_Formed_But_Different_File_When_Verified_Then_The_Checksums_Are_Named()
    {
        var path = folder.Write("f", [.. IdxFiles.Images(30)[..16], .. IdxFiles.Images(30)[16..].Select(b => (byte)(b ^ 1))]);

        var error = Assert.ThrowsAsync<ChecksumMismatchException>(() => FileChecksum.VerifyAsync(TrainImages, path));

        Assert.That(error!.Message, Does.Contain(path).And.Contain(TrainImages.Sha256).And.Contain("corrupt"));
    }

    [Test]
    public void Given_A_Gzip_File_Whose_Checksum_Does_Not_Match_When_Hashed_Then_It_Is_Called_Damaged()
    {
        var compressed = IdxFiles.Gzip(IdxFiles.Contents["train-images-idx3-ubyte"]);
        compressed[^8] ^= 0xff; // the trailer's CRC-32 of the uncompressed data
        var path = folder.Write("train-images-idx3-ubyte.gz", compressed);

        var error = Assert.ThrowsAsync<IdxCompressionException>(() => FileChecksum.OfRawBytesAsync(path));

        Assert.That(error!.Message, Does.StartWith($"{path}: the file is damaged").And.Not.Contain("unsupported compression method"));
    }

    [Test]
    public void Given_Garbage_When_Verified_Then_The_Precise_Format_Error_Is_Given()
    {
        var path = folder.Write("f", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]);

        Assert.ThrowsAsync<IdxMagicNumberException>(() => FileChecksum.VerifyAsync(TrainImages, path));
    }

    [Test]
    public void Given_A_Gzip_Bomb_With_The_Catalogs_Header_When_Verified_Then_Hashing_Stops_At_The_Catalogs_Length()
    {
        var path = folder.Write("train-images-idx3-ubyte.gz", IdxFiles.GzipBomb(IdxFiles.Contents["train-images-idx3-ubyte"], 256L << 20));
        var before = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.ThrowsAsync<IdxTrailingDataException>(() => FileChecksum.VerifyAsync(TrainImages, path));

        Assert.That(error!.Message, Does.Contain(path).And.Contain("decompresses to more"));
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(8 << 20), "the bomb is never held in memory");
    }

    [Test]
    public void Given_A_Gzip_File_Whose_Header_Claims_More_Than_The_Catalog_When_Verified_Then_It_Is_Refused_Naming_The_Catalog()
    {
        var path = folder.Write("f.gz", IdxFiles.GzipBomb(IdxFiles.Images(31), 0));

        var error = Assert.ThrowsAsync<IdxTooLargeException>(() => FileChecksum.VerifyAsync(TrainImages, path));

        Assert.That(error!.Message, Does.Contain($"more than the catalog's file holds ({TrainImages.RawLength:N0} bytes)"));
    }

    [Test]
    public void Given_A_Raw_File_Longer_Than_The_Catalogs_When_Verified_Then_It_Is_Refused_Before_Hashing()
    {
        var path = folder.Write("f", IdxFiles.Images(31));

        Assert.ThrowsAsync<IdxTooLargeException>(() => FileChecksum.VerifyAsync(TrainImages, path));
    }

    [Test]
    public async Task Given_A_Fifo_In_Place_Of_A_File_When_Verified_Then_It_Is_Refused_Without_Blocking()
    {
        var fifo = Tests.IO.SpecialFiles.Fifo(folder.File("train-images-idx3-ubyte"));

        Assert.That(await FifoGuard.ThrownAsync(fifo, () => FileChecksum.VerifyAsync(TrainImages, fifo)), Is.InstanceOf<Mnist.Functional.IO.NotARegularFileException>());
    }
}
