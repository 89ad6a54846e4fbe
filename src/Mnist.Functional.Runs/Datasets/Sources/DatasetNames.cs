using Mnist.Functional.Text;

namespace Mnist.Functional.Datasets.Sources;

/// <summary>What a dataset's name on a command line or in a specification stands for: a catalogue dataset, an added one, or a folder of labelled images.</summary>
public static class DatasetNames
{
    /// <summary>
    /// The dataset <paramref name="name"/> names: the catalogue's (<c>mnist</c>, <c>fashion</c>, any case), else the one
    /// added under that name in <paramref name="cache"/>'s registry, else, when it is a folder, that folder of labelled
    /// images (its classes its subfolders, 28 × 28 digits, 20% of each class held out with seed 1).
    /// </summary>
    /// <exception cref="ArgumentException">It names none of them; the message lists the names there are.</exception>
    /// <exception cref="InvalidDataException">The registry is damaged, or the folder is not a folder of labelled images.</exception>
    public static DatasetInfo Resolve(string name, DataCache cache)
    {
        if (DatasetCatalog.All.FirstOrDefault(dataset => string.Equals(dataset.Id, name, StringComparison.OrdinalIgnoreCase)) is { } catalogued)
            return catalogued;
        var registry = new DatasetRegistry(cache);
        var added = registry.All();
        if (added.FirstOrDefault(dataset => dataset.Id == name) is { } found)
            return found;
        if (Directory.Exists(name))
            return ImageFolders.Describe(new LabelledFolder(Path.GetFullPath(name), null, LabelledFolder.DefaultTestFraction, LabelledFolder.DefaultSplitSeed), ImageShape.Mnist);
        var names = DatasetCatalog.All.Select(dataset => dataset.Id).Concat(added.Select(dataset => dataset.Id));
        throw new ArgumentException(
            $"Unknown dataset '{OutsideText.Show(name)}': use one of {string.Join(", ", names)}, or a folder of labelled images (one subfolder per class){(File.Exists(name) ? $"; {OutsideText.Show(name)} is a file, not a folder" : "")}.", nameof(name));
    }
}
