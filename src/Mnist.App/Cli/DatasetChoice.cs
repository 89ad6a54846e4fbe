using System.CommandLine;
using System.CommandLine.Completions;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Images;

namespace Mnist.App.Cli;

/// <summary>
/// What <c>--dataset</c> names on the command line (a catalogue dataset, one added with <c>mnist data add</c>, or a
/// folder of labelled images), and the data options every command reads a dataset with: a folder's images are prepared
/// by <see cref="DigitPreparation"/>, the way <c>predict</c> prepares a person's images.
/// </summary>
public static class DatasetChoice
{
    /// <summary>The help text of a <c>--dataset</c> option.</summary>
    public const string Help = "The dataset: mnist, fashion, a name added with 'mnist data add', or a folder of labelled images (one subfolder per class, named by the class).";

    /// <summary>The dataset <paramref name="name"/> names (see <see cref="DatasetNames.Resolve"/>); a folder holds out 20% of each class for testing unless told otherwise.</summary>
    /// <param name="name">What was given.</param>
    /// <param name="testFraction">For a folder, the share of each class held out for testing; <see langword="null"/> for <see cref="LabelledFolder.DefaultTestFraction"/>.</param>
    /// <param name="testFolder">For a folder, a separate folder of test images with the same class subfolders; <see langword="null"/> to hold out a share.</param>
    /// <exception cref="ArgumentException">It names no dataset, or a test split is given for a dataset that is not a folder; the message says which names there are.</exception>
    /// <exception cref="InvalidDataException">The registry is damaged, or the folder is not a folder of labelled images.</exception>
    public static DatasetInfo Resolve(string name, double? testFraction = null, string? testFolder = null)
    {
        var dataset = DatasetNames.Resolve(name, DataCache.Default());
        if (dataset.Folder is not { } folder)
        {
            if (testFraction is not null || testFolder is not null)
                throw new ArgumentException($"--test-fraction and --test-folder split a folder of labelled images; {dataset.Title} has test files of its own.");
            return dataset;
        }
        if (testFraction is not null && testFolder is not null)
            throw new ArgumentException("--test-fraction and --test-folder: give one; a separate test folder holds every test image.");
        var split = folder with
        {
            TestPath = testFolder is null ? null : Path.GetFullPath(testFolder),
            TestFraction = testFraction ?? (testFolder is null ? LabelledFolder.DefaultTestFraction : 0),
        };
        return ImageFolders.Describe(split, dataset.Image);
    }

    /// <summary>The data options of a command: <paramref name="dataDirectory"/> (<c>--data-dir</c>), download <paramref name="progress"/>, and images prepared as <c>predict</c> prepares them, at <paramref name="shape"/>.</summary>
    public static DataOptions Options(string? dataDirectory, IProgress<DownloadProgress>? progress, ImageShape? shape = null) =>
        new(dataDirectory, Progress: progress, Images: new DigitPreparation(shape));

    /// <summary>
    /// Makes tab completion of <paramref name="option"/> offer the catalogue's datasets and the added ones (a damaged
    /// registry offers the catalogue's alone: completing a word must not fail), as the shell offers folders.
    /// </summary>
    public static T Completing<T>(T option) where T : Option
    {
        option.CompletionSources.Add(_ => Names().Select(name => new CompletionItem(name)));
        return option;
    }

    private static List<string> Names()
    {
        var names = DatasetCatalog.All.Select(dataset => dataset.Id).ToList();
        try
        {
            names.AddRange(new DatasetRegistry(DataCache.Default()).All().Select(dataset => dataset.Id));
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            // Completion offers what it can; the command itself reports the damaged registry.
        }
        return names;
    }

    /// <summary>How the command line names <paramref name="dataset"/>: a folder's path, else its name.</summary>
    public static string Argument(DatasetInfo dataset) => dataset.Folder?.Path ?? dataset.Id;
}
