namespace Mnist.Functional.Datasets;

/// <summary>An IDX file breaks the format: each kind of break has its own subclass.</summary>
public abstract class IdxFormatException(string filePath, string problem, Exception? inner = null)
    : DataFileException(filePath, problem, inner);

/// <summary>The first four bytes are not the magic number for the expected content (<c>0x00000801</c> labels, <c>0x00000803</c> images).</summary>
public sealed class IdxMagicNumberException(string filePath, uint found, IdxKind expected)
    : IdxFormatException(filePath,
        $"the magic number is 0x{found:X8}, but an IDX {expected.ToString().ToLowerInvariant()} file starts with 0x{(uint)expected:X8}" +
        (Enum.IsDefined((IdxKind)found) ? $" (this is an IDX {((IdxKind)found).ToString().ToLowerInvariant()} file)." : "."));

/// <summary>The dimensions in the header are not those of the dataset (28 × 28 images, or the size the dataset was added with).</summary>
public sealed class IdxDimensionsException(string filePath, string found, string expected)
    : IdxFormatException(filePath, $"the header gives dimensions {found}, but {expected} are expected.");

/// <summary>The file ends inside its header.</summary>
public sealed class IdxTruncatedException(string filePath, long length, int headerLength)
    : IdxFormatException(filePath, $"the file is truncated: it holds {length} bytes, fewer than its {headerLength}-byte header.");

/// <summary>The item count in the header does not match the file's length: it claims more data than the file holds, or the file has bytes to spare.</summary>
public sealed class IdxLengthException(string filePath, long count, long expectedLength, long length)
    : IdxFormatException(filePath, length < expectedLength
        ? $"the header claims {count} items ({expectedLength} bytes in all), but the file holds only {length} bytes: it is truncated or its header is wrong."
        : $"the header claims {count} items ({expectedLength} bytes in all), but the file holds {length} bytes: it has {length - expectedLength} bytes too many.");

/// <summary>
/// A file that should be gzip-compressed cannot be decompressed: a byte changed or lost, a checksum (CRC-32) that
/// does not match, or not gzip at all. .NET says "unsupported compression method" for each of these, which misleads,
/// so the message says it in our words.
/// </summary>
/// <param name="filePath">The file (or the address it came from).</param>
/// <param name="inner">The decompressor's error.</param>
public sealed class IdxCompressionException(string filePath, Exception? inner = null)
    : IdxFormatException(filePath, "the file is damaged: it does not decompress as gzip (a changed or missing byte, a checksum that does not match, or a file that is not gzip at all).", inner);

/// <summary>An images file and its labels file hold different numbers of items.</summary>
public sealed class IdxCountMismatchException(string imagesPath, long images, string labelsPath, long labels)
    : IdxFormatException(imagesPath, $"it holds {images} images, but its labels file {labelsPath} holds {labels} labels.")
{
    /// <summary>The labels file that disagrees.</summary>
    public string LabelsPath { get; } = labelsPath;
}

/// <summary>
/// The header claims more bytes than the file can hold: more than its gzip stream can expand to, more than the catalog's
/// file of that name holds, or more than one tensor can take. Refused before anything is allocated or decompressed.
/// </summary>
public sealed class IdxTooLargeException(string filePath, long count, long claimedLength, long limit, string limitReason)
    : IdxFormatException(filePath, $"the header claims {count} items ({claimedLength:N0} bytes in all), more than {limitReason} ({limit:N0} bytes).")
{
    /// <summary>The most bytes the file could hold.</summary>
    public long Limit { get; } = limit;
}

/// <summary>A gzip file decompresses to more bytes than its header gives; decompression stopped one byte past them.</summary>
public sealed class IdxTrailingDataException(string filePath, long count, long expectedLength)
    : IdxFormatException(filePath, $"the header claims {count} items ({expectedLength:N0} bytes in all), but the file decompresses to more: it has bytes to spare or its header is wrong.");

/// <summary>
/// The header of a file nobody has vetted claims more than <see cref="IdxLimits"/> allow: images too large, too many
/// items, too many numbers per label. Refused before anything past the header is read.
/// </summary>
public sealed class IdxOutOfLimitsException(string filePath, string problem)
    : IdxFormatException(filePath, $"{problem}: it is not a dataset this library reads, or its header is wrong.");

/// <summary>A label is not one the dataset can have: negative, or not one of its classes.</summary>
/// <param name="filePath">The labels file.</param>
/// <param name="item">The item's index in the file, from 0.</param>
/// <param name="problem">What is wrong with its label, such as <c>is 27, but the classes are labelled 0 to 25</c>.</param>
public sealed class IdxLabelException(string filePath, long item, string problem)
    : IdxFormatException(filePath, $"the label of item {item:N0} {problem}.")
{
    /// <summary>The item's index in the file, from 0.</summary>
    public long Item { get; } = item;
}
