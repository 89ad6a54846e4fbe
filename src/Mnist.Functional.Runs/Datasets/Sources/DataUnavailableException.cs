using Mnist.Functional.IO;

namespace Mnist.Functional.Datasets.Sources;

/// <summary>
/// Every source failed to deliver a dataset's files. The message lists each source and why, one line each, and how to
/// supply the files by hand (<see cref="MessageLines"/>).
/// </summary>
public sealed class DataUnavailableException : IOException, IMultiLineMessage
{
    /// <summary>Creates the exception from the sources tried, in order, each with its problems.</summary>
    public DataUnavailableException(DatasetInfo dataset, IReadOnlyList<(string Source, IReadOnlyList<string> Problems)> attempts, IEnumerable<DatasetFile> missing, string cacheFolder)
        : this(Describe(dataset, attempts, missing.ToList(), cacheFolder), attempts)
    {
    }

    private DataUnavailableException(IReadOnlyList<string> lines, IReadOnlyList<(string Source, IReadOnlyList<string> Problems)> attempts)
        : base(string.Join(Environment.NewLine, lines)) => (MessageLines, Attempts) = (lines, attempts);

    /// <summary>The sources tried, in order, each with why it did not deliver.</summary>
    public IReadOnlyList<(string Source, IReadOnlyList<string> Problems)> Attempts { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> MessageLines { get; }

    // A source's name or problem may hold a line break of its own (a server's answer): each stays within its line.
    private static string[] Describe(DatasetInfo dataset, IReadOnlyList<(string Source, IReadOnlyList<string> Problems)> attempts, List<DatasetFile> missing, string cacheFolder) =>
    [
        $"{dataset.Title} could not be obtained: no source delivered {string.Join(", ", missing.Select(file => file.Name))}. Sources tried, in order:",
        .. attempts.Select(attempt => $"  - {attempt.Source}: {string.Join("; ", attempt.Problems)}"),
        $"To supply the files by hand, put {string.Join(", ", dataset.Files.Select(file => file.Name))} (raw or .gz) in a folder " +
        $"and read the dataset from that folder, or copy them into {cacheFolder}.",
    ];
}
