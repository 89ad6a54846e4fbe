using System.Diagnostics;
using Mnist.Functional.Testing;

namespace Mnist.Functional.Images.Tests;

public sealed class ImageFileTests
{
    [Test]
    public void A_Regular_File_And_A_Link_To_It_Are_Read()
    {
        using var folder = new TempFolder();
        var file = folder.Write("seven.png", [1, 2, 3]);
        File.CreateSymbolicLink(folder.File("link.png"), file);

        Assert.That(ImageFile.ReadBytes(folder.File("link.png"), ImageLimits.Default), Is.EqualTo(new byte[] { 1, 2, 3 }));
    }

    [Test]
    public void A_Folder_Is_Refused_By_Name()
    {
        using var folder = new TempFolder();

        Assert.That(() => ImageFile.ReadBytes(folder.Path, ImageLimits.Default),
            Throws.InstanceOf<InvalidDataException>().With.Message.EqualTo($"{folder.Path} is a folder, not an image file."));
    }

    [Test]
    public void A_Pipe_Is_Refused_Without_Blocking_On_It()
    {
        using var folder = new TempFolder();
        using (var mkfifo = Process.Start("mkfifo", folder.File("pipe.png"))) mkfifo.WaitForExit();

        var thrown = FifoGuard.Thrown(folder.File("pipe.png"), () => ImageFile.ReadBytes(folder.File("pipe.png"), ImageLimits.Default));

        Assert.That(thrown, Is.InstanceOf<InvalidDataException>().With.Message.Contains("pipe.png is empty or is not a regular file"));
    }

    [Test]
    public void A_Device_Is_Refused() =>
        Assert.That(() => ImageFile.ReadBytes("/dev/zero", ImageLimits.Default),
            Throws.InstanceOf<InvalidDataException>().With.Message.StartsWith("/dev/zero is empty or is not a regular file"));

    [Test]
    public void A_File_Over_The_Byte_Limit_Is_Refused_Before_It_Is_Read()
    {
        using var folder = new TempFolder();
        var file = folder.Write("big.png", new byte[2_000_001]);

        Assert.That(() => ImageFile.ReadBytes(file, new ImageLimits(MaxBytes: 1_000_000, MaxPixels: 1000)),
            Throws.InstanceOf<InvalidDataException>().With.Message.EqualTo($"{file} is 2 MB, more than the limit of 1 MB for an image."));
    }

    [TestCase("none.png")]
    [TestCase("no-such-folder/none.png")]
    public void A_Missing_File_Is_Named_In_Our_Words(string name)
    {
        using var folder = new TempFolder();
        var path = folder.File(name);

        Assert.That(() => ImageFile.ReadBytes(path, ImageLimits.Default),
            Throws.InstanceOf<FileNotFoundException>().With.Message.EqualTo($"{path} does not exist."));
    }

    [Test]
    public void A_Missing_File_Given_By_A_Relative_Path_Is_Named_As_Given()
    {
        Assert.That(() => ImageFile.ReadBytes("missing-image-for-this-test.png", ImageLimits.Default),
            Throws.InstanceOf<FileNotFoundException>().With.Message.EqualTo("missing-image-for-this-test.png does not exist."));
    }
}
