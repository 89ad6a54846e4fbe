using Mnist.Functional.Data;
using Mnist.Functional.Data.Sources;

namespace Mnist.Functional.Tests.Data.Sources;

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
    public void Given_Garbage_When_Verified_Then_The_Precise_Format_Error_Is_Given()
    {
        var path = folder.Write("f", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]);

        Assert.ThrowsAsync<IdxMagicNumberException>(() => FileChecksum.VerifyAsync(TrainImages, path));
    }
}
