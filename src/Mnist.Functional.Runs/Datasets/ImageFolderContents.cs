namespace Mnist.Functional.Datasets;

/// <summary>What a folder of labelled images was read as: the file of each item of each split, in item order, and the files that could not be read.</summary>
/// <param name="TrainFiles">The image file of each training item.</param>
/// <param name="TestFiles">The image file of each test item.</param>
/// <param name="Skipped">Every image file that could not be read, with why; none is silently dropped.</param>
public sealed record ImageFolderContents(IReadOnlyList<string> TrainFiles, IReadOnlyList<string> TestFiles, IReadOnlyList<SkippedImage> Skipped);

/// <summary>An image file of a folder dataset that could not be read as a digit, and why.</summary>
/// <param name="Path">The file.</param>
/// <param name="Reason">Why, in one sentence that names the file.</param>
public sealed record SkippedImage(string Path, string Reason);
