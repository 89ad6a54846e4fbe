using Mnist.Functional.Testing;
using Mnist.Fuzz;

namespace Mnist.Functional.Images.Tests.Fuzzing;

/// <summary>
/// Replays the committed fuzz corpus (fuzz/corpus/TARGET, minimised by afl-cmin) through the fuzz targets themselves: an
/// input passes when its target returns, that is when the product accepts it or refuses it with the exception it
/// documents for bad input. A finding that was fixed stays fixed because its input is in the corpus.
/// </summary>
public sealed class FuzzCorpusTests
{
    private static readonly string Corpus = Path.Combine(Repository.Root(), "fuzz", "corpus");

    private static IEnumerable<TestCaseData> Inputs() =>
        Targets.All.Keys
            .Where(target => Directory.Exists(Path.Combine(Corpus, target)))
            .SelectMany(target => Directory.EnumerateFiles(Path.Combine(Corpus, target)).Order(StringComparer.Ordinal)
                .Select(file => new TestCaseData(target, file).SetArgDisplayNames(target, Path.GetFileName(file)[..Math.Min(24, Path.GetFileName(file).Length)])));

    [Test]
    public void Every_Target_Has_A_Committed_Corpus() =>
        Assert.That(Targets.All.Keys.Where(target => !Directory.Exists(Path.Combine(Corpus, target)) && !Directory.Exists(Path.Combine(Corpus, "..", "seeds", target))), Is.Empty);

    [TestCaseSource(nameof(Inputs))]
    public void Each_Corpus_Input_Is_Accepted_Or_Refused_As_Bad_Input(string target, string input)
    {
        using var stream = File.OpenRead(input);

        Assert.That(() => Targets.All[target](stream), Throws.Nothing);
    }
}
