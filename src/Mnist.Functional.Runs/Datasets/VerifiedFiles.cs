namespace Mnist.Functional.Datasets;

/// <summary>A dataset's four files, each verified against its SHA-256, with where each came from.</summary>
/// <param name="Dataset">The dataset.</param>
/// <param name="Paths">Each file's verified copy (raw or gzip).</param>
/// <param name="Origins">The source that delivered each file, such as <c>cache /root/.cache/mnist-functional/mnist</c>.</param>
/// <param name="Notes">Problems met on the way that did not stop it, such as a corrupt cached file that was replaced.</param>
public sealed record VerifiedFiles(
    DatasetInfo Dataset,
    IReadOnlyDictionary<DatasetFile, string> Paths,
    IReadOnlyDictionary<DatasetFile, string> Origins,
    IReadOnlyList<string> Notes)
{
    /// <summary>The verified path of <paramref name="split"/>'s <paramref name="kind"/> file.</summary>
    public string PathOf(SplitKind split, IdxKind kind) => Paths[Dataset.File(split, kind)];
}
