using System.Globalization;
using Mnist.Functional.Data;
using Mnist.Functional.Text;
using static TorchSharp.torch;

namespace Mnist.Functional.Datasets;

/// <summary>
/// A folder of labelled images as a dataset (<see cref="LabelledFolder"/>): one subfolder per class, named by the class,
/// holding that class's images. <see cref="Describe"/> names the classes without reading an image; <see cref="Load"/>
/// reads every image through a host's <see cref="IImagePreparation"/>, draws the test split, and refuses what would make
/// a figure wrong: a class folder with no readable image, the same image twice (by the SHA-256 of its bytes), a test
/// split that shares an image with the training split. Every file that is not read is named with why
/// (<see cref="ImageFolderContents.Skipped"/>).
/// </summary>
public static class ImageFolders
{
    /// <summary>The most image files one dataset may hold, counted before any is read.</summary>
    public const int MaxImages = 100_000;

    /// <summary>The file name endings of image files (compared without case): PNG, JPEG, WebP, GIF, BMP.</summary>
    public static IReadOnlyList<string> ImageExtensions { get; } = [".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp"];

    /// <summary>
    /// The dataset <paramref name="folder"/> makes, without reading an image: its classes are its subfolders, sorted by
    /// name, or <paramref name="classes"/> when given (a trained model's, which every subfolder must name).
    /// </summary>
    /// <param name="folder">The folder and its split.</param>
    /// <param name="shape">The size of the prepared images.</param>
    /// <param name="classes">The classes to use, such as a trained model's; <see langword="null"/> for the folder's own.</param>
    /// <exception cref="DirectoryNotFoundException">The folder or the test folder does not exist.</exception>
    /// <exception cref="InvalidDataException">The folder has no class subfolder or too many, or a subfolder names no class of <paramref name="classes"/> (or, in the test folder, of the training folder).</exception>
    public static DatasetInfo Describe(LabelledFolder folder, ImageShape shape, IReadOnlyList<string>? classes = null)
    {
        var own = ClassFolders(folder.Path);
        if (own.Count > DatasetJson.MaxClasses)
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{OutsideText.Show(folder.Path)} has {own.Count:N0} class folders, more than the {DatasetJson.MaxClasses:N0} classes a dataset may have."));
        var names = classes ?? own;
        RequireKnown(folder.Path, own, names, classes is null ? null : "the model's classes");
        if (folder.TestPath is { } test)
            RequireKnown(test, ClassFolders(test), names, classes is null ? $"the classes of {OutsideText.Show(folder.Path)}" : "the model's classes");
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder.Path));
        return new DatasetInfo(name.Length == 0 ? folder.Path : name, name.Length == 0 ? folder.Path : name, names, [], [])
        {
            Image = shape,
            Origin = DatasetOrigin.Folder,
            Folder = folder,
        };
    }

    /// <summary>
    /// Reads the images of <paramref name="dataset"/> (described by <see cref="Describe"/>) through
    /// <paramref name="preparation"/>, and splits them as its folder says.
    /// </summary>
    /// <exception cref="ArgumentException">The dataset is not a folder of images, or the preparation makes items of another size.</exception>
    /// <exception cref="DirectoryNotFoundException">A folder is gone.</exception>
    /// <exception cref="InvalidDataException">More than <see cref="MaxImages"/> files; a class folder with no readable image; the same image twice; a test image that is also a training image; no image to test on.</exception>
    public static Dataset Load(DatasetInfo dataset, IImagePreparation preparation, CancellationToken cancellation = default)
    {
        var folder = dataset.Folder ?? throw new ArgumentException($"{dataset.Title} is not a folder of images.", nameof(dataset));
        if (preparation.Shape != dataset.Image)
            throw new ArgumentException($"The preparation makes {preparation.Shape} images, but {dataset.Title}'s are {dataset.Image}.", nameof(preparation));
        var skipped = new List<SkippedImage>();
        var seen = new Dictionary<string, (string Path, int Class)>(StringComparer.Ordinal);
        var main = ReadAll(folder.Path, dataset.ClassNames, preparation, skipped, seen, null, cancellation);
        List<Item> train, test;
        if (folder.TestPath is { } testPath)
            (train, test) = (main, ReadAll(testPath, dataset.ClassNames, preparation, skipped, seen, folder.Path, cancellation));
        else if (folder.TestOnly)
            (train, test) = ([], main);
        else
            (train, test) = Draw(main, folder.TestFraction, folder.SplitSeed);
        if (test.Count == 0)
            throw new InvalidDataException($"{OutsideText.Show(folder.TestPath ?? folder.Path)}: no image is left to test on ({folder.DescribeSplit()}): add images, or hold out a larger share.");
        var contents = new ImageFolderContents([.. train.Select(item => item.Path)], [.. test.Select(item => item.Path)], skipped);
        var trainSplit = ToSplit(train, dataset.Image);
        try
        {
            return Dataset.Of(dataset, trainSplit, ToSplit(test, dataset.Image), contents);
        }
        catch
        {
            trainSplit.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Holds out <paramref name="fraction"/> of each class, drawn with <paramref name="seed"/>: a class of n images gives
    /// round(n × fraction) of them to the test split, at least one and at most n − 1 when it has two or more (a class of
    /// one image stays for training). The draw depends only on the files' names and the seed.
    /// </summary>
    private static (List<Item> Train, List<Item> Test) Draw(List<Item> items, double fraction, long seed)
    {
        var (train, test) = (new List<Item>(), new List<Item>());
        foreach (var group in items.GroupBy(item => item.Class).OrderBy(group => group.Key))
        {
            var members = group.OrderBy(item => item.Path, StringComparer.Ordinal).ToList();
            var order = Permutation(members.Count, seed ^ ((long)group.Key * unchecked((long)0x9E3779B97F4A7C15)));
            var held = members.Count < 2 ? 0 : Math.Clamp((int)Math.Round(members.Count * fraction, MidpointRounding.AwayFromZero), 1, members.Count - 1);
            var chosen = order.Take(held).ToHashSet();
            for (var i = 0; i < members.Count; i++)
                (chosen.Contains(i) ? test : train).Add(members[i]);
        }
        return (train, test);
    }

    // Fisher–Yates driven by SplitMix64 (Steele, Lea and Flood, 2014): the same on every runtime and machine.
    private static int[] Permutation(int count, long seed)
    {
        var order = Enumerable.Range(0, count).ToArray();
        var state = unchecked((ulong)seed);
        ulong Next()
        {
            state = unchecked(state + 0x9E3779B97F4A7C15UL);
            var z = state;
            z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
            z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
            return z ^ (z >> 31);
        }
        for (var i = count - 1; i > 0; i--)
        {
            var j = (int)(Next() % (ulong)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    private sealed record Item(string Path, int Class, byte[] Pixels);

    // Every image of every class folder of root; what is not read goes to skipped with why. trainRoot is set when root is the test folder.
    private static List<Item> ReadAll(string root, IReadOnlyList<string> classes, IImagePreparation preparation, List<SkippedImage> skipped,
        Dictionary<string, (string Path, int Class)> seen, string? trainRoot, CancellationToken cancellation)
    {
        if (!Directory.Exists(root))
            throw new DirectoryNotFoundException($"The folder {OutsideText.Show(root)} does not exist.");
        foreach (var stray in Directory.EnumerateFiles(root).Order(StringComparer.Ordinal))
            skipped.Add(new SkippedImage(stray, $"{OutsideText.Show(stray)} is not in a class folder: put each image in the folder of its class."));
        var folders = ClassFolders(root);
        var files = new List<(string Path, int Class)>();
        foreach (var name in folders)
        {
            var classFolder = Path.Combine(root, name);
            foreach (var inner in Directory.EnumerateDirectories(classFolder).Order(StringComparer.Ordinal))
                skipped.Add(new SkippedImage(inner, $"{OutsideText.Show(inner)} is a folder inside a class folder: only the class folder's own files are read."));
            files.AddRange(Directory.EnumerateFiles(classFolder).Order(StringComparer.Ordinal).Select(file => (file, IndexOf(classes, name))));
            if (files.Count > MaxImages)
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{OutsideText.Show(root)} holds more than {MaxImages:N0} files, more than a folder dataset may hold: use fewer, or add them as IDX files."));
        }
        var items = new List<Item>();
        foreach (var (path, label) in files)
        {
            cancellation.ThrowIfCancellationRequested();
            if (!ImageExtensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase))
            {
                skipped.Add(new SkippedImage(path, $"{OutsideText.Show(path)} is not an image file: its name does not end in {string.Join(", ", ImageExtensions)}."));
                continue;
            }
            PreparedImage prepared;
            try
            {
                prepared = preparation.Prepare(path);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException)
            {
                skipped.Add(new SkippedImage(path, OutsideText.Show(e.Message, 400)));
                continue;
            }
            if (seen.TryGetValue(prepared.FileSha256, out var earlier))
                throw new InvalidDataException(trainRoot is not null && earlier.Path.StartsWith(trainRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                    ? $"{OutsideText.Show(path)} is also a training image ({OutsideText.Show(earlier.Path)}, the same bytes): a test split must not share images with the training split, or its accuracy is measured on training data. Remove one of them."
                    : earlier.Class == label
                        ? $"{OutsideText.Show(path)} and {OutsideText.Show(earlier.Path)} are the same image (the same bytes): remove one, so that it cannot land in both the training and the test split."
                        : $"{OutsideText.Show(path)} and {OutsideText.Show(earlier.Path)} are the same image (the same bytes) in two classes, {OutsideText.Show(classes[label])} and {OutsideText.Show(classes[earlier.Class])}: remove the one in the wrong class.");
            seen[prepared.FileSha256] = (path, label);
            items.Add(new Item(path, label, prepared.Pixels));
        }
        foreach (var name in folders)
            if (items.All(item => item.Class != IndexOf(classes, name)))
            {
                var classFolder = Path.Combine(root, name);
                var reason = skipped.FirstOrDefault(skip => skip.Path.StartsWith(classFolder + Path.DirectorySeparatorChar, StringComparison.Ordinal))?.Reason;
                throw new InvalidDataException($"The class folder {OutsideText.Show(classFolder)} holds no readable image{(reason is null ? " (it is empty)" : $"; the first refused: {reason}")}. Add images of the class, or remove the folder.");
            }
        return items;
    }

    private static Split ToSplit(List<Item> items, ImageShape shape)
    {
        var pixels = new byte[items.Count * shape.Pixels];
        for (var i = 0; i < items.Count; i++)
            items[i].Pixels.CopyTo(pixels, i * shape.Pixels);
        return new Split(
            tensor(pixels, [items.Count, shape.Height, shape.Width]).DetachFromDisposeScope(),
            tensor(items.Select(item => (long)item.Class).ToArray(), [items.Count]).DetachFromDisposeScope());
    }

    // The class subfolders of a folder, by name; hidden ones (".thumbnails") are not classes.
    private static List<string> ClassFolders(string folder)
    {
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"The folder {OutsideText.Show(folder)} does not exist.");
        var names = Directory.EnumerateDirectories(folder).Select(Path.GetFileName).OfType<string>()
            .Where(name => !name.StartsWith('.')).Order(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
            throw new InvalidDataException($"{OutsideText.Show(folder)} holds no class folder: a folder of labelled images holds one subfolder per class, named by the class, with the class's images in it ({Path.Combine(folder, "3", "photo.jpg")}).");
        return names;
    }

    private static void RequireKnown(string folder, IReadOnlyList<string> subfolders, IReadOnlyList<string> classes, string? whose)
    {
        if (whose is null)
            return;
        if (subfolders.FirstOrDefault(name => IndexOf(classes, name) < 0) is { } unknown)
            throw new InvalidDataException(
                $"The class folder {OutsideText.Show(Path.Combine(folder, unknown))} names none of {whose} ({string.Join(", ", classes.Take(12).Select(name => OutsideText.Show(name)))}{(classes.Count > 12 ? ", …" : "")}): rename it to the class it holds, or remove it.");
    }

    private static int IndexOf(IReadOnlyList<string> classes, string name)
    {
        for (var i = 0; i < classes.Count; i++)
            if (classes[i] == name) return i;
        return -1;
    }
}
