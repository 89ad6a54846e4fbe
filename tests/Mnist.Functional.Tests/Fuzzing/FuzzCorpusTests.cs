using Mnist.Functional.Data;
using Mnist.Functional.Data.Images;
using Mnist.Functional.Data.Sources;
using Mnist.Functional.Persistence;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Fuzzing;

/// <summary>
/// Replays the committed fuzz corpus (fuzz/corpus/TARGET, minimised by afl-cmin) through the parsers the fuzz targets
/// call: every input is accepted or refused with the exception documented for bad input, never anything else.
/// </summary>
public sealed class FuzzCorpusTests
{
    private static readonly string Corpus = Path.Combine(RepositoryRoot(), "fuzz", "corpus");

    private static IEnumerable<TestCaseData> Inputs(string target) =>
        Directory.Exists(Path.Combine(Corpus, target))
            ? Directory.EnumerateFiles(Path.Combine(Corpus, target)).Order(StringComparer.Ordinal)
                .Select(file => new TestCaseData(file).SetArgDisplayNames(Path.GetFileName(file)[..Math.Min(20, Path.GetFileName(file).Length)]))
            : [];

    private static IEnumerable<TestCaseData> Idx() => Inputs("idx").Concat(Inputs("idx-gzip"));

    private static IEnumerable<TestCaseData> SafeTensors() => Inputs("safetensors");

    private static IEnumerable<TestCaseData> CheckpointJson() => Inputs("checkpoint-json");

    private static IEnumerable<TestCaseData> Images() => Inputs("image");

    [TestCaseSource(nameof(Idx))]
    public void Idx_Inputs_Are_Read_Or_Refused_As_Data_File_Errors(string input)
    {
        using var folder = new TempFolder();
        var path = folder.Write(input.Contains("idx-gzip", StringComparison.Ordinal) ? "f.gz" : "f", File.ReadAllBytes(input));
        foreach (var kind in new[] { IdxKind.Images, IdxKind.Labels })
        {
            Refused<DataFileException>(() =>
            {
                using var tensor = kind == IdxKind.Images ? IdxReader.ReadImages(path) : IdxReader.ReadLabels(path);
                Assert.That(tensor.NumberOfElements, Is.LessThanOrEqualTo(IdxReader.MaxGzipExpansion * new FileInfo(path).Length));
            });
            Refused<DataFileException>(() => IdxReader.Inspect(path, kind));
            var file = new DatasetFile("f", SplitKind.Test, kind, new string('0', 64), Count: 3);
            Refused<DataFileException>(() => FileChecksum.VerifyAsync(file, path).GetAwaiter().GetResult());
        }
    }

    [TestCaseSource(nameof(SafeTensors))]
    public void Safetensors_Inputs_Are_Read_Or_Refused_As_Format_Or_Mismatch_Errors(string input)
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var path = folder.Write("model.safetensors", File.ReadAllBytes(input));

        Refused<IOException>(() => SafeTensorsFile.Load(path));
        Refused<IOException>(() => SafeTensorsFile.LoadLike(path, Mnist.Functional.Parameters.Params.Of(("weight", zeros(3, 4)), ("bias", zeros(3)))));
    }

    [TestCaseSource(nameof(CheckpointJson))]
    public void Checkpoint_Manifests_Are_Read_Or_Refused_As_Bad_Input(string input)
    {
        using var folder = new TempFolder();
        folder.Write(CheckpointStore.ManifestFile, File.ReadAllBytes(input));

        BadInput(() => CheckpointStore.ReadManifest(folder.Path));
        BadInput(() => TrainedModel.Load(folder.Path).Dispose());
    }

    [TestCaseSource(nameof(Images))]
    public void Image_Inputs_Are_Decoded_Or_Refused_As_Bad_Input(string input) =>
        BadInput(() => DigitImage.ToMnist(DigitImage.Decode(File.ReadAllBytes(input), "input"), "input"));

    private static void Refused<T>(Action action) where T : Exception
    {
        try
        {
            action();
        }
        catch (T)
        {
        }
    }

    private static void BadInput(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
        }
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Mnist.sln")))
            folder = folder.Parent;
        return folder?.FullName ?? throw new DirectoryNotFoundException("The repository root (with Mnist.sln) is not above the test folder.");
    }
}
