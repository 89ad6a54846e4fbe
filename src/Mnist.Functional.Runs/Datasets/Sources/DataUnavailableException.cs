namespace Mnist.Functional.Datasets.Sources;

/// <summary>Every source failed to deliver a dataset's files. The message lists each source and why, and how to supply the files by hand.</summary>
public sealed class DataUnavailableException : IOException
{
    /// <summary>Creates the exception from the sources tried, in order, each with its problems.</summary>
    public DataUnavailableException(DatasetInfo dataset, IReadOnlyList<(string Source, IReadOnlyList<string> Problems)> attempts, IEnumerable<DatasetFile> missing, string cacheFolder)
        : base(Describe(dataset, attempts, missing.ToList(), cacheFolder)) => Attempts = attempts;

    /// <summary>The sources tried, in order, each with why it did not deliver.</summary>
    public IReadOnlyList<(string Source, IReadOnlyList<string> Problems)> Attempts { get; }

    private static string Describe(DatasetInfo dataset, IReadOnlyList<(string Source, IReadOnlyList<string> Problems)> attempts, List<DatasetFile> missing, string cacheFolder)
    {
        var lines = attempts.Select(attempt => $"  - {attempt.Source}: {string.Join("; ", attempt.Problems)}");
        var names = string.Join(", ", missing.Select(file => file.Name));
        return $"{dataset.Title} could not be obtained: no source delivered {names}. Sources tried, in order:{Environment.NewLine}" +
               string.Join(Environment.NewLine, lines) + Environment.NewLine +
               $"To supply the files by hand, put {string.Join(", ", dataset.Files.Select(file => file.Name))} (raw or .gz) in a folder " +
               $"and read the dataset from that folder, or copy them into {cacheFolder}.";
    }
}
