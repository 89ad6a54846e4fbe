using Mnist.Functional.IO;
using Mnist.Functional.Testing;

namespace Mnist.Functional.Runs.Tests.IO;

public sealed class InputFileTests
{
    [Test]
    public void A_Regular_File_Opens_And_Reads()
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.bin", [1, 2, 3]);

        using var stream = InputFile.OpenRead(path, "a data file", maxLength: 3);

        Assert.That(stream.Length, Is.EqualTo(3));
    }

    [Test]
    public void A_Link_To_A_Regular_File_Is_Followed()
    {
        using var folder = new TempFolder();
        var target = folder.Write("data.bin", [1, 2, 3]);
        File.CreateSymbolicLink(folder.File("link.bin"), target);

        Assert.That(FileKinds.Of(folder.File("link.bin")), Is.EqualTo(FileKind.Regular));
    }

    [Test]
    public void A_Fifo_Is_Refused_Without_Being_Opened()
    {
        using var folder = new TempFolder();
        var fifo = SpecialFiles.Fifo(folder.File("pipe"));

        Assert.That(FifoGuard.Thrown(fifo, () => InputFile.OpenRead(fifo, "a safetensors file").Dispose()), Is.InstanceOf<NotARegularFileException>()
            .With.Message.EqualTo($"{fifo} is a FIFO (named pipe), not a regular file: give the path of a safetensors file."));
    }

    [Test]
    [CancelAfter(10_000)]
    public void A_Link_To_A_Fifo_Is_Refused_As_A_Fifo()
    {
        using var folder = new TempFolder();
        var fifo = SpecialFiles.Fifo(folder.File("pipe"));
        File.CreateSymbolicLink(folder.File("innocent.gz"), fifo);

        Assert.That(() => InputFile.RequireRegular(folder.File("innocent.gz"), "an IDX file"),
            Throws.InstanceOf<NotARegularFileException>().With.Property(nameof(NotARegularFileException.Found)).EqualTo(FileKind.Fifo));
    }

    [Test]
    public void A_Device_Is_Refused() =>
        Assert.That(() => InputFile.OpenRead(SpecialFiles.DevZero, "a checkpoint manifest"),
            Throws.InstanceOf<NotARegularFileException>().With.Message.Contains("/dev/zero is a character device, not a regular file"));

    [Test]
    public void A_Folder_Is_Refused()
    {
        using var folder = new TempFolder();

        Assert.That(() => InputFile.OpenRead(folder.Path, "an IDX file"),
            Throws.InstanceOf<NotARegularFileException>().With.Message.Contains("is a folder, not a regular file"));
    }

    [Test]
    public void A_Missing_File_And_A_Dangling_Link_Are_Not_Found()
    {
        using var folder = new TempFolder();
        File.CreateSymbolicLink(folder.File("dangling"), folder.File("nowhere"));

        Assert.That(() => InputFile.OpenRead(folder.File("absent"), "an IDX file"), Throws.InstanceOf<FileNotFoundException>());
        Assert.That(() => InputFile.OpenRead(folder.File("dangling"), "an IDX file"), Throws.InstanceOf<FileNotFoundException>());
    }

    [Test]
    public void A_File_Longer_Than_Its_Kind_Allows_Is_Refused_Naming_Both_Lengths()
    {
        using var folder = new TempFolder();
        var path = folder.Write("checkpoint.json", new byte[2000]);

        Assert.That(() => InputFile.OpenRead(path, "a checkpoint manifest", maxLength: 1000), Throws.InstanceOf<InputTooLargeException>()
            .With.Message.EqualTo($"{path} holds 2,000 bytes, more than the 1,000 bytes a checkpoint manifest can hold: it is not a checkpoint manifest, or it is damaged."));
    }

    [Test]
    public void A_Path_With_Control_Characters_Is_Shown_Escaped()
    {
        using var folder = new TempFolder();
        var path = folder.File("bad\nname\u001b[31m");

        var error = Assert.Throws<FileNotFoundException>(() => InputFile.OpenRead(path, "an IDX file"))!;

        Assert.That(error.Message, Does.Contain("bad\\nname\\u001B[31m"));
    }
}
