using System.Globalization;
using Mnist.Functional.IO;
using Mnist.Functional.Text;
using Mnist.Functional.Tensors;
using static TorchSharp.torch;

namespace Mnist.Functional.Datasets.Sources;

/// <summary>
/// Adds a set of IDX files nobody has vetted as a dataset: finds the four files in a folder by their names, checks each
/// header against its file and <see cref="IdxLimits"/> before reading it, finds the classes from the labels (or a file of
/// class names), records each file's SHA-256, copies the files into the cache (raw, verified as they are copied) and
/// records the dataset in the registry, so that every later load verifies them.
/// </summary>
public static class DatasetAdding
{
    /// <summary>Adds the dataset <paramref name="request"/> describes to <paramref name="cache"/>.</summary>
    /// <exception cref="ArgumentException">The name is not valid, is a catalogue dataset's, or is taken (and not to be replaced).</exception>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">The folder does not hold the four files, or the class-names file does not exist.</exception>
    /// <exception cref="IdxFormatException">A file breaks the IDX format, claims more than the limits, disagrees with its partner in count or image size, or has a label that is no class.</exception>
    /// <exception cref="InvalidDataException">The class-names file is not valid, or several files fit one role.</exception>
    public static async Task<AddedDataset> AddAsync(AddRequest request, DataCache cache, CancellationToken cancellation = default)
    {
        var name = request.Name;
        if (DatasetCatalog.All.Any(dataset => dataset.Id == name))
            throw new ArgumentException($"'{name}' is the catalogue's {DatasetCatalog.Find(name).Title}: give the added dataset another name.");
        if (!DatasetJson.IsValidName(name))
            throw new ArgumentException($"'{OutsideText.Show(name)}' cannot name a dataset: use {DatasetJson.NameRule}.");
        var registry = new DatasetRegistry(cache);
        if (!request.Replace && registry.Find(name) is { } taken)
            throw new ArgumentException($"A dataset called '{name}' is already added (from {taken.AddedFrom}); choose another name, or replace it.");
        var folder = Path.GetFullPath(request.Folder);
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"The folder {OutsideText.Show(folder)} does not exist.");

        var notes = new List<string>();
        var paths = IdxFileNames.Find(folder, request.Prefix);
        var headers = paths.ToDictionary(pair => pair.Key, pair => IdxReader.Inspect(pair.Value, pair.Key.Kind, IdxLimits.Default));
        foreach (var split in new[] { SplitKind.Train, SplitKind.Test })
        {
            var (imageCount, labelCount) = (headers[(split, IdxKind.Images)].Count, headers[(split, IdxKind.Labels)].Count);
            if (imageCount != labelCount)
                throw new IdxCountMismatchException(paths[(split, IdxKind.Images)], imageCount, paths[(split, IdxKind.Labels)], labelCount);
        }
        var (trainImages, testImages) = (headers[(SplitKind.Train, IdxKind.Images)], headers[(SplitKind.Test, IdxKind.Images)]);
        if (!trainImages.ItemShape.SequenceEqual(testImages.ItemShape))
            throw new IdxDimensionsException(paths[(SplitKind.Test, IdxKind.Images)], string.Join(" × ", testImages.Shape), $"{testImages.Count} × {string.Join(" × ", trainImages.ItemShape)} (the training images' size)");
        if (trainImages.Count == 0)
            throw new IdxOutOfLimitsException(paths[(SplitKind.Train, IdxKind.Images)], "the header claims no images, and a dataset needs training images");

        var (classNames, labels) = Classes(request, folder, paths, notes);
        var transposed = request.Transposed ?? paths.Values.All(path => Path.GetFileName(path).StartsWith("emnist", StringComparison.OrdinalIgnoreCase));
        if (request.Transposed is null && transposed)
            notes.Add("the files are named emnist-*, whose images are stored column by column: they are turned upright when read");
        var stored = new ImageShape((int)trainImages.ItemShape[0], (int)trainImages.ItemShape[1]);

        var files = new List<DatasetFile>();
        foreach (var ((split, kind), path) in paths.OrderBy(pair => pair.Key.Split).ThenByDescending(pair => pair.Key.Kind))
        {
            var header = headers[(split, kind)];
            var sha = await FileChecksum.OfRawBytesAsync(path, header.FileLength, cancellation);
            files.Add(new DatasetFile(StoredName(path), split, kind, sha, header.Count)
            {
                Image = stored,
                LabelColumns = kind == IdxKind.Labels && header.ElementBytes == 4 ? (int)header.ItemShape[0] : 0,
            });
        }
        if (files.Select(file => file.Name).Distinct().Count() < files.Count)
            throw new InvalidDataException($"Two of the files in {folder} have the same name once '.gz' is left out ({string.Join(", ", paths.Values.Select(Path.GetFileName))}): rename one.");
        var dataset = new DatasetInfo(name, request.Title ?? name, classNames, files, [])
        {
            Image = transposed ? new ImageShape(stored.Width, stored.Height) : stored,
            Labels = labels,
            Transposed = transposed,
            Origin = DatasetOrigin.Added,
            AddedFrom = folder,
        };

        using (await cache.LockAsync(dataset, TimeSpan.FromMinutes(10), cancellation))
        {
            var earlier = registry.Find(name);
            foreach (var file in files)
            {
                var path = paths[(file.Split, file.Kind)];
                await using var content = InputFile.OpenRead(path, "an IDX file");
                await cache.InstallAsync(dataset, file, content, IdxReader.IsGzip(path), path, cancellation);
            }
            foreach (var stale in earlier?.Files.Where(old => files.All(file => file.Name != old.Name)) ?? [])
                File.Delete(cache.PathOf(dataset, stale));
        }
        var replaced = await registry.AddAsync(dataset, request.Replace, cancellation);
        return new AddedDataset(dataset, notes, replaced);
    }

    // The class names and labels: from the file given, else from a mapping or class map beside the IDX files, else the training labels themselves.
    private static (IReadOnlyList<string> Names, IReadOnlyList<long>? Labels) Classes(
        AddRequest request, string folder, IReadOnlyDictionary<(SplitKind, IdxKind), string> paths, List<string> notes)
    {
        var trainLabels = paths[(SplitKind.Train, IdxKind.Labels)];
        var testLabels = paths[(SplitKind.Test, IdxKind.Labels)];
        using var train = IdxReader.ReadLabels(trainLabels);
        using var test = IdxReader.ReadLabels(testLabels);
        using var scope = NewDisposeScope();
        using var scalars = new ScalarScope();
        var namesFile = request.ClassNames ?? NamesFileBeside(folder, request.Prefix);
        if (namesFile is not null)
        {
            if (!File.Exists(namesFile))
                throw new FileNotFoundException($"The class-names file {OutsideText.Show(namesFile)} does not exist.", namesFile);
            var (names, labels) = ClassNamesFile.Read(namesFile);
            if (request.ClassNames is null)
                notes.Add($"class names from {Path.GetFileName(namesFile)}");
            var known = labels ?? [.. Enumerable.Range(0, names.Count).Select(index => (long)index)];
            foreach (var (values, path) in new[] { (train, trainLabels), (test, testLabels) })
                if (FirstOutside(values, known) is { } item)
                    throw new IdxLabelException(path, item, string.Create(CultureInfo.InvariantCulture,
                        $"is {values[item].item<long>()}, but {Path.GetFileName(namesFile)} names {names.Count} classes labelled {Describe(known)}"));
            var unseen = known.Where(label => !train.eq(scalars.Of(label)).any().item<bool>()).ToList();
            if (unseen.Count > 0)
                notes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{unseen.Count} of the {names.Count} classes have no training image ({string.Join(", ", unseen.Take(5).Select(label => names[known.ToList().IndexOf(label)]))}{(unseen.Count > 5 ? ", …" : "")}): a model cannot learn them"));
            return (names, labels);
        }
        var distinct = train.unique().Item1.data<long>().ToArray();
        if (distinct.Length > DatasetJson.MaxClasses)
            throw new IdxLabelException(trainLabels, 0, string.Create(CultureInfo.InvariantCulture, $"is one of {distinct.Length:N0} different labels, more than the {DatasetJson.MaxClasses:N0} classes a dataset may have"));
        if (distinct[^1] > DatasetJson.MaxLabel)
            throw new IdxLabelException(trainLabels, train.eq(scalars.Of(distinct[^1])).nonzero()[0, 0].item<long>(), string.Create(CultureInfo.InvariantCulture, $"is {distinct[^1]:N0}, larger than the largest label read ({DatasetJson.MaxLabel:N0})"));
        if (FirstOutside(test, distinct) is { } unseenItem)
            throw new IdxLabelException(testLabels, unseenItem, string.Create(CultureInfo.InvariantCulture,
                $"is {test[unseenItem].item<long>()}, which no training image has: a model cannot learn a class it never sees. Give the class names in a file to name every class"));
        var identity = distinct.Select((label, index) => label == index).All(same => same);
        notes.Add(string.Create(CultureInfo.InvariantCulture, $"{distinct.Length} classes, named by their labels ({Describe(distinct)}); a file of class names names them otherwise"));
        return ([.. distinct.Select(label => label.ToString(CultureInfo.InvariantCulture))], identity ? null : distinct);
    }

    // An EMNIST mapping or a KMNIST class map beside the files, when exactly one fits the prefix.
    private static string? NamesFileBeside(string folder, string? prefix)
    {
        var candidates = Directory.EnumerateFiles(folder)
            .Where(path => Path.GetFileName(path) is var file && (file.EndsWith("mapping.txt", StringComparison.OrdinalIgnoreCase) || file.EndsWith("classmap.csv", StringComparison.OrdinalIgnoreCase))
                           && (prefix is null || file.StartsWith(prefix, StringComparison.Ordinal)))
            .Take(2)
            .ToList();
        return candidates.Count == 1 ? candidates[0] : null;
    }

    private static long? FirstOutside(Tensor labels, IReadOnlyList<long> known)
    {
        using var scope = NewDisposeScope();
        var inside = isin(labels, tensor(known.ToArray()));
        return inside.all().item<bool>() ? null : inside.logical_not().nonzero()[0, 0].item<long>();
    }

    private static string Describe(IReadOnlyList<long> labels) =>
        labels.Count <= 12 ? string.Join(", ", labels) : string.Create(CultureInfo.InvariantCulture, $"{labels[0]}, {labels[1]}, … {labels[^1]}");

    private static string StoredName(string path)
    {
        var file = Path.GetFileName(path);
        return file.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? file[..^3] : file;
    }
}
