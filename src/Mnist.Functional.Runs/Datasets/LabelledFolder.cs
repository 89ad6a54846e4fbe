using System.Globalization;

namespace Mnist.Functional.Datasets;

/// <summary>
/// A folder of labelled images as a dataset: <c>Path/&lt;class&gt;/*.png|jpg</c>, each image prepared as a person's
/// digit is, and a test split that is either a folder of its own (<see cref="TestPath"/>, the same class subfolders) or
/// <see cref="TestFraction"/> of each class drawn with a seed.
/// </summary>
/// <param name="Path">The folder of class subfolders, as a full path.</param>
/// <param name="TestPath">A separate folder of test images with the same class subfolders; <see langword="null"/> to draw the test split from <paramref name="Path"/>.</param>
/// <param name="TestFraction">Without a test folder, the share of each class's images held out for testing, in (0, 1); 0 when every image is for testing (evaluation only).</param>
/// <param name="SplitSeed">Seeds which images are held out.</param>
public sealed record LabelledFolder(string Path, string? TestPath, double TestFraction, long SplitSeed)
{
    /// <summary>The share of each class held out for testing when none is given.</summary>
    public const double DefaultTestFraction = 0.2;

    /// <summary>The seed of the split when none is given.</summary>
    public const long DefaultSplitSeed = 1;

    /// <summary>Every image of <paramref name="path"/> is a test image: what <c>evaluate</c> reads a folder as.</summary>
    public static LabelledFolder AllForTesting(string path) => new(path, null, 0, DefaultSplitSeed);

    /// <summary>Whether every image of <see cref="Path"/> is for testing, with none to train on.</summary>
    public bool TestOnly => TestPath is null && TestFraction == 0;

    /// <summary>The split in words: <c>20% of each class held out (seed 1)</c>, <c>test images from /data/test</c>.</summary>
    public string DescribeSplit() => TestPath is { } test
        ? $"test images from {test}"
        : TestOnly ? "every image for testing" : string.Create(CultureInfo.InvariantCulture, $"{TestFraction:0.##%} of each class held out for testing (seed {SplitSeed})");
}
