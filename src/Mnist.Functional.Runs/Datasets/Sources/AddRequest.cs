namespace Mnist.Functional.Datasets.Sources;

/// <summary>What to add as a dataset: the IDX files in <paramref name="Folder"/>, under <paramref name="Name"/>.</summary>
/// <param name="Name">The name to use it by (<see cref="DatasetJson.NameRule"/>); also its folder in the cache.</param>
/// <param name="Folder">The folder that holds the four files (raw or gzip): train and test images and labels.</param>
public sealed record AddRequest(string Name, string Folder)
{
    /// <summary>Only files whose names start with this (such as <c>emnist-letters</c>, where one folder holds several sets); <see langword="null"/> for any.</summary>
    public string? Prefix { get; init; }

    /// <summary>A file of class names (<see cref="ClassNamesFile"/>); <see langword="null"/> to look for an EMNIST mapping or a KMNIST class map in the folder, else to name each class by its label.</summary>
    public string? ClassNames { get; init; }

    /// <summary>The display name; <see langword="null"/> for the name.</summary>
    public string? Title { get; init; }

    /// <summary>Whether the files store images column by column (EMNIST's do); <see langword="null"/> to say yes for files named <c>emnist-*</c> and no otherwise.</summary>
    public bool? Transposed { get; init; }

    /// <summary>Replace a dataset already added under that name.</summary>
    public bool Replace { get; init; }
}

/// <summary>What adding a dataset did: the dataset as recorded, what is worth knowing about it, and the dataset it replaced.</summary>
/// <param name="Dataset">The dataset as the registry now holds it.</param>
/// <param name="Notes">Choices made and facts found, one sentence each: where the class names came from, a class no training image has, ….</param>
/// <param name="Replaced">The dataset that had the name before; <see langword="null"/> when it was new.</param>
public sealed record AddedDataset(DatasetInfo Dataset, IReadOnlyList<string> Notes, DatasetInfo? Replaced);
