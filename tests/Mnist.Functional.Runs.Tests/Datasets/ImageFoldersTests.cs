using System.Security.Cryptography;
using System.Text;
using Mnist.Functional.Datasets;
using Mnist.Functional.Testing;

namespace Mnist.Functional.Runs.Tests.Datasets;

/// <summary>
/// A folder of labelled images as a dataset, read through a stand-in preparation (each "image" is a small text file; its
/// first character becomes every pixel), so that the folder rules are tested without decoding pictures.
/// </summary>
public sealed class ImageFoldersTests
{
    private TempFolder temp = null!;

    [SetUp]
    public void Create() => temp = new TempFolder();

    [TearDown]
    public void Delete() => temp.Dispose();

    [Test]
    public void Classes_Are_The_Subfolders_And_A_Seeded_Share_Of_Each_Is_Held_Out()
    {
        var root = Folder(("0", 10), ("1", 10), ("2", 4));

        using var first = Load(root, fraction: 0.5, seed: 1);
        using var again = Load(root, fraction: 0.5, seed: 1);
        using var other = Load(root, fraction: 0.5, seed: 2);

        var contents = first.Contents!;
        Assert.Multiple(() =>
        {
            Assert.That(first.Info.ClassNames, Is.EqualTo(new[] { "0", "1", "2" }));
            Assert.That(contents.TestFiles, Has.Count.EqualTo(5 + 5 + 2), "half of each class");
            Assert.That(contents.TrainFiles.Intersect(contents.TestFiles), Is.Empty);
            Assert.That(again.Contents!.TestFiles, Is.EqualTo(contents.TestFiles), "the same seed draws the same split");
            Assert.That(other.Contents!.TestFiles, Is.Not.EqualTo(contents.TestFiles), "another seed draws another");
            Assert.That(first.Test.Labels.data<long>().ToArray(), Is.EqualTo(contents.TestFiles.Select(file => (long)(Path.GetFileName(Path.GetDirectoryName(file))![0] - '0'))));
        });
    }

    [Test]
    public void Files_That_Cannot_Be_Read_Are_Named_With_Why_And_Counted()
    {
        var root = Folder(("0", 3), ("1", 3));
        File.WriteAllText(Path.Combine(root, "1", "broken.png"), "bad");
        File.WriteAllText(Path.Combine(root, "1", "notes.txt"), "x");
        File.WriteAllText(Path.Combine(root, "stray.png"), "7");

        using var dataset = Load(root, fraction: 0.5, seed: 1);

        var skipped = dataset.Contents!.Skipped;
        Assert.Multiple(() =>
        {
            Assert.That(skipped.Select(skip => Path.GetFileName(skip.Path)), Is.EquivalentTo(new[] { "broken.png", "notes.txt", "stray.png" }));
            Assert.That(skipped.Single(skip => skip.Path.EndsWith("broken.png", StringComparison.Ordinal)).Reason, Does.Contain("broken.png"));
            Assert.That(dataset.Train.Count + dataset.Test.Count, Is.EqualTo(6));
        });
    }

    [Test]
    public void A_Class_Folder_With_No_Readable_Image_Is_Refused_Naming_It()
    {
        var root = Folder(("0", 3));
        Directory.CreateDirectory(Path.Combine(root, "1"));
        File.WriteAllText(Path.Combine(root, "1", "a.png"), "bad");

        Assert.That(() => Load(root, 0.5, 1), Throws.InstanceOf<InvalidDataException>().With.Message.Contains(Path.Combine(root, "1")).And.Message.Contains("no readable image"));
    }

    [Test]
    public void The_Same_Image_Twice_Is_Refused_And_So_Is_A_Test_Folder_That_Shares_One_With_Training()
    {
        var root = Folder(("0", 3), ("1", 3));
        File.Copy(Path.Combine(root, "0", "0.png"), Path.Combine(root, "0", "copy.png"));
        Assert.That(() => Load(root, 0.5, 1), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("copy.png").And.Message.Contains("same image"));

        File.Delete(Path.Combine(root, "0", "copy.png"));
        var test = Folder(("0", 0), ("1", 0));
        File.Copy(Path.Combine(root, "1", "1.png"), Path.Combine(test, "1", "held.png"));
        var info = ImageFolders.Describe(new LabelledFolder(root, test, 0, 1), ImageShape.Mnist);
        Assert.That(() => ImageFolders.Load(info, new FirstCharacter()), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("held.png").And.Message.Contains("also a training image"));
    }

    [Test]
    public void Evaluating_With_A_Models_Classes_Refuses_A_Folder_Of_Another_Class()
    {
        var root = Folder(("0", 2), ("cat", 2));

        Assert.That(() => ImageFolders.Describe(LabelledFolder.AllForTesting(root), ImageShape.Mnist, ["0", "1"]),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains(Path.Combine(root, "cat")));
        using var all = ImageFolders.Load(ImageFolders.Describe(LabelledFolder.AllForTesting(Folder(("1", 3))), ImageShape.Mnist, ["0", "1"]), new FirstCharacter());
        Assert.Multiple(() =>
        {
            Assert.That(all.Train.Count, Is.Zero);
            Assert.That(all.Test.Labels.data<long>().ToArray(), Is.EqualTo(new long[] { 1, 1, 1 }), "class 1 of the model's classes");
        });
    }

    private static Dataset Load(string root, double fraction, long seed) =>
        ImageFolders.Load(ImageFolders.Describe(new LabelledFolder(root, null, fraction, seed), ImageShape.Mnist), new FirstCharacter());

    // A folder of class subfolders, each with n files whose text is unique and starts with a character of the class.
    private string Folder(params (string Class, int Count)[] classes)
    {
        var root = Directory.CreateDirectory(Path.Combine(temp.Path, Guid.NewGuid().ToString("N"))).FullName;
        foreach (var (name, count) in classes)
        {
            Directory.CreateDirectory(Path.Combine(root, name));
            for (var i = 0; i < count; i++)
                File.WriteAllText(Path.Combine(root, name, $"{(i == 0 ? name : $"{name}-{i}")}.png"), $"{name[0]}{i}");
        }
        return root;
    }

    private sealed class FirstCharacter : IImagePreparation
    {
        public ImageShape Shape => ImageShape.Mnist;

        public string Description => "the file's first character as every pixel";

        public PreparedImage Prepare(string path)
        {
            var bytes = File.ReadAllBytes(path);
            if (Encoding.ASCII.GetString(bytes).StartsWith("bad", StringComparison.Ordinal))
                throw new InvalidDataException($"{path} is not an image.");
            return new PreparedImage(Enumerable.Repeat(bytes[0], 28 * 28).ToArray(), Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }
    }
}
