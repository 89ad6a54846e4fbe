using System.Buffers.Binary;
using Mnist.Functional.Runs.Tests.Datasets;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Models;
using Mnist.Functional.Runs;
using Mnist.Functional.Testing;

namespace Mnist.Functional.Runs.Tests.Datasets.Sources;

/// <summary>
/// IDX files nobody vetted, added under a name: a letters-like set of 26 classes labelled 1 to 26 (as EMNIST's letters
/// are) with 32 × 32 images, built here from nothing.
/// </summary>
public sealed class DatasetAddingTests
{
    private const int Side = LetterFiles.Side, Classes = LetterFiles.Classes, TrainPerClass = 6, TestPerClass = 2;

    private TempFolder temp = null!;
    private DataCache cache = null!;
    private string source = null!;

    [SetUp]
    public void Create()
    {
        temp = new TempFolder();
        cache = new DataCache(Path.Combine(temp.Path, "cache"));
        source = Directory.CreateDirectory(Path.Combine(temp.Path, "letters")).FullName;
        Write("train-images-idx3-ubyte", LetterFiles.Images(Classes * TrainPerClass));
        Write("train-labels-idx1-ubyte", LetterFiles.Labels(Classes * TrainPerClass));
        Write("t10k-images-idx3-ubyte.gz", IdxFiles.Gzip(LetterFiles.Images(Classes * TestPerClass)));
        Write("t10k-labels-idx1-ubyte", LetterFiles.Labels(Classes * TestPerClass));
        File.WriteAllLines(Path.Combine(temp.Path, "names.txt"), Enumerable.Range(0, Classes).Select(i => ((char)('A' + i)).ToString()));
    }

    [TearDown]
    public void Delete() => temp.Dispose();

    [Test]
    public async Task Labels_Other_Than_0_To_N_Become_Classes_And_Every_Later_Load_Verifies_The_Files()
    {
        var added = await DatasetAdding.AddAsync(new AddRequest("letters", source), cache);

        var dataset = added.Dataset;
        Assert.Multiple(() =>
        {
            Assert.That(dataset.Classes, Is.EqualTo(Classes));
            Assert.That(dataset.Labels, Is.EqualTo(Enumerable.Range(1, Classes).Select(label => (long)label)), "classes named by their labels, 1 to 26");
            Assert.That(dataset.Image, Is.EqualTo(new ImageShape(Side, Side)));
            Assert.That(new DatasetRegistry(cache).Find("letters"), Is.Not.Null);
            Assert.That(DatasetNames.Resolve("letters", cache).Files.Select(file => file.Sha256), Is.EqualTo(dataset.Files.Select(file => file.Sha256)));
        });

        using var loaded = await DataSources.LoadAsync(dataset, new DataOptions(Cache: cache));
        Assert.Multiple(() =>
        {
            Assert.That(loaded.Train.Images.shape, Is.EqualTo(new long[] { Classes * TrainPerClass, Side, Side }));
            Assert.That(loaded.Train.Labels.min().item<long>(), Is.EqualTo(0), "label 1 is class 0");
            Assert.That(loaded.Train.Labels.max().item<long>(), Is.EqualTo(Classes - 1));
        });

        var copy = cache.PathOf(dataset, dataset.File(SplitKind.Train, IdxKind.Labels));
        var bytes = await File.ReadAllBytesAsync(copy);
        await File.WriteAllBytesAsync(copy, IdxFiles.Corrupted(bytes));
        File.Delete(Path.Combine(source, "train-labels-idx1-ubyte"));
        Assert.That(async () => await DataSources.LoadAsync(dataset, new DataOptions(Cache: cache)), Throws.InstanceOf<DataUnavailableException>(),
            "a changed copy is not read, and the folder it was added from no longer has the file");
    }

    [Test]
    public async Task A_Names_File_That_Fits_Names_The_Classes_And_A_Run_Trains_On_Them()
    {
        File.WriteAllLines(Path.Combine(temp.Path, "mapping.txt"), Enumerable.Range(1, Classes).Select(label => $"{label} {'A' + label - 1} {'a' + label - 1}"));
        var dataset = (await DatasetAdding.AddAsync(new AddRequest("letters", source) { ClassNames = Path.Combine(temp.Path, "mapping.txt") }, cache)).Dataset;
        Assert.That(dataset.ClassNames.Take(3), Is.EqualTo(new[] { "A/a", "B/b", "C/c" }));

        var spec = RunSpec.Of(Zoo.Fast, dataset) with { Recipe = Zoo.Fast.Recipe with { BatchSize = 26 } };
        Assert.That(ZooModel.OutputShape("fast", spec.Network, spec.Shape), Is.EqualTo(new long[] { 1, Classes }));
        using var run = await Run.ExecuteAsync(spec.Checked(), new DataOptions(Cache: cache), new RunOptions());
        Assert.Multiple(() =>
        {
            Assert.That(run.Test!.Count, Is.EqualTo(Classes * TestPerClass));
            Assert.That(run.Test.ClassNames, Has.Length.EqualTo(Classes));
            Assert.That(run.Summary.OutputShape, Is.EqualTo(new long[] { 1, Classes }));
        });
    }

    [Test]
    public async Task Labels_Beyond_The_Names_File_Are_Refused_Naming_The_File_And_Item()
    {
        File.WriteAllLines(Path.Combine(temp.Path, "few.txt"), ["A", "B", "C"]);

        var refusal = Assert.ThrowsAsync<IdxLabelException>(() => DatasetAdding.AddAsync(new AddRequest("letters", source) { ClassNames = Path.Combine(temp.Path, "few.txt") }, cache));

        Assert.That(refusal!.Message, Does.Contain("train-labels-idx1-ubyte").And.Contain("few.txt"));
        Assert.That(new DatasetRegistry(cache).All(), Is.Empty, "nothing is recorded");
    }

    [Test]
    public void Counts_That_Disagree_Are_Refused_Naming_Both_Files()
    {
        Write("t10k-labels-idx1-ubyte", LetterFiles.Labels(Classes * TestPerClass - 1));

        var refusal = Assert.ThrowsAsync<IdxCountMismatchException>(() => DatasetAdding.AddAsync(new AddRequest("letters", source), cache));

        Assert.That(refusal!.Message, Does.Contain("t10k-images-idx3-ubyte.gz").And.Contain("t10k-labels-idx1-ubyte"));
    }

    [Test]
    public void A_Header_That_Claims_Absurd_Sizes_Is_Refused_Before_Anything_Is_Read()
    {
        var huge = new byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(huge, 0x0803);
        BinaryPrimitives.WriteUInt32BigEndian(huge.AsSpan(4), 1);
        BinaryPrimitives.WriteUInt32BigEndian(huge.AsSpan(8), 100_000);
        BinaryPrimitives.WriteUInt32BigEndian(huge.AsSpan(12), 100_000);
        Write("train-images-idx3-ubyte", huge);

        var refusal = Assert.ThrowsAsync<IdxOutOfLimitsException>(() => DatasetAdding.AddAsync(new AddRequest("letters", source), cache));

        Assert.That(refusal!.Message, Does.Contain("train-images-idx3-ubyte").And.Contain("100000 × 100000"));
    }

    [Test]
    public async Task A_Taken_Or_Catalogue_Name_Is_Refused_Unless_Replaced()
    {
        await DatasetAdding.AddAsync(new AddRequest("letters", source), cache);

        Assert.Multiple(() =>
        {
            Assert.That(() => DatasetAdding.AddAsync(new AddRequest("letters", source), cache), Throws.TypeOf<DatasetNameTakenException>().With.Message.Contains("already added").And.Property(nameof(DatasetNameTakenException.Earlier)).Property(nameof(DatasetInfo.Id)).EqualTo("letters"));
            Assert.That(() => DatasetAdding.AddAsync(new AddRequest("mnist", source), cache), Throws.ArgumentException.With.Message.Contains("catalogue"));
            Assert.That(() => DatasetAdding.AddAsync(new AddRequest("../x", source), cache), Throws.ArgumentException.With.Message.Contains("cannot name a dataset"));
        });
        var replaced = await DatasetAdding.AddAsync(new AddRequest("letters", source) { Replace = true }, cache);
        Assert.That(replaced.Replaced, Is.Not.Null);
    }

    private void Write(string name, byte[] bytes) => File.WriteAllBytes(Path.Combine(source, name), bytes);
}
