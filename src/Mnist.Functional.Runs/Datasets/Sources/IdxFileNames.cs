using Mnist.Functional.Text;

namespace Mnist.Functional.Datasets.Sources;

/// <summary>
/// Finds a dataset's four IDX files in a folder by their names, as MNIST-family sets name them: <c>train</c> or
/// <c>test</c>/<c>t10k</c> for the split, <c>images</c>/<c>imgs</c>/<c>idx3</c> or <c>labels</c>/<c>idx1</c>/<c>idx2</c>
/// for the content (<c>train-images-idx3-ubyte.gz</c>, <c>emnist-letters-test-labels-idx1-ubyte</c>,
/// <c>qmnist-train-labels-idx2-int.gz</c>). Files that name neither are not dataset files and are left alone.
/// </summary>
public static class IdxFileNames
{
    /// <summary>The file for each split and content, among the files of <paramref name="folder"/> whose names start with <paramref name="prefix"/> (any, when <see langword="null"/>).</summary>
    /// <exception cref="FileNotFoundException">A split's images or labels are not there; the message says what names are looked for.</exception>
    /// <exception cref="InvalidDataException">Several files fit one role; the message names them.</exception>
    public static IReadOnlyDictionary<(SplitKind Split, IdxKind Kind), string> Find(string folder, string? prefix)
    {
        var roles = Directory.EnumerateFiles(folder)
            .Where(path => prefix is null || Path.GetFileName(path).StartsWith(prefix, StringComparison.Ordinal))
            .Select(path => (Path: path, Role: RoleOf(Path.GetFileName(path))))
            .Where(file => file.Role is not null)
            .GroupBy(file => file.Role!.Value)
            .ToDictionary(group => group.Key, group => group.Select(file => file.Path).Order(StringComparer.Ordinal).ToList());
        var found = new Dictionary<(SplitKind, IdxKind), string>();
        foreach (var split in new[] { SplitKind.Train, SplitKind.Test })
            foreach (var kind in new[] { IdxKind.Images, IdxKind.Labels })
            {
                var what = $"{(split == SplitKind.Train ? "training" : "test")} {kind.ToString().ToLowerInvariant()}";
                if (!roles.TryGetValue((split, kind), out var paths))
                    throw new FileNotFoundException(
                        $"{OutsideText.Show(folder)} holds no file of {what}{(prefix is null ? "" : $" whose name starts with '{OutsideText.Show(prefix)}'")}: " +
                        $"its name must have '{(split == SplitKind.Train ? "train" : "test' or 't10k")}' and '{(kind == IdxKind.Images ? "images' (or 'imgs', 'idx3')" : "labels' (or 'idx1', 'idx2')")}' in it, raw or .gz, as in {(split == SplitKind.Train ? "train" : "t10k")}-{(kind == IdxKind.Images ? "images-idx3" : "labels-idx1")}-ubyte.gz.");
                if (paths.Count > 1)
                    throw new InvalidDataException(
                        $"Several files in {OutsideText.Show(folder)} look like the {what}: {string.Join(", ", paths.Select(path => OutsideText.Show(Path.GetFileName(path))))}. " +
                        "Keep one set of files per folder, or choose one set by the start of its names (such as 'emnist-letters').");
                found[(split, kind)] = paths[0];
            }
        return found;
    }

    /// <summary>The split and content a file name says, or <see langword="null"/> when it says neither or both.</summary>
    public static (SplitKind Split, IdxKind Kind)? RoleOf(string fileName)
    {
        var name = fileName.ToLowerInvariant();
        bool Has(params string[] words) => words.Any(word => name.Contains(word, StringComparison.Ordinal));
        var (train, test) = (Has("train"), Has("test", "t10k"));
        var (images, labels) = (Has("images", "imgs", "idx3"), Has("labels", "lbls", "idx1", "idx2"));
        if (train == test || images == labels)
            return null;
        return (train ? SplitKind.Train : SplitKind.Test, images ? IdxKind.Images : IdxKind.Labels);
    }
}
