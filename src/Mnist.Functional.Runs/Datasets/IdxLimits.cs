namespace Mnist.Functional.Datasets;

/// <summary>
/// What an IDX file that nobody has vetted (one a user adds, with no catalogue checksum) may claim in its header before
/// anything is read or allocated: a side, a pixel and an item budget. The catalogue's files are bounded by their
/// checksums and lengths instead.
/// </summary>
/// <param name="MaxSide">The most rows or columns an image may have.</param>
/// <param name="MaxPixels">The most pixels one image may have.</param>
/// <param name="MaxItems">The most images or labels one file may hold.</param>
/// <param name="MaxLabelColumns">The most numbers per item an integer labels file may hold (QMNIST's have 8; the first is the class).</param>
public sealed record IdxLimits(int MaxSide, long MaxPixels, long MaxItems, int MaxLabelColumns)
{
    /// <summary>
    /// 512 pixels a side, 65,536 pixels an image (256 × 256), 10 million items and 64 label columns: EMNIST ByClass
    /// (697,932 training images of 28 × 28) and KMNIST's Kanji (64 × 64) fit with room, and no file can ask for more
    /// than the 2 GiB one tensor takes (<see cref="IdxReader.MaxBodyLength"/>).
    /// </summary>
    public static IdxLimits Default { get; } = new(512, 65_536, 10_000_000, 64);
}
