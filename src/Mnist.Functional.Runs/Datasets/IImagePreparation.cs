namespace Mnist.Functional.Datasets;

/// <summary>
/// Turns one image file into a dataset item, the way a host prepares a person's images for a model. This library reads
/// a folder of labelled images (<see cref="ImageFolders"/>: classes, split, duplicates, what could not be read) and hands
/// each file to the host's preparation; <c>Mnist.Functional.Images</c> implements it with the same preparation that
/// <c>predict</c> and <c>serve</c> use, so that a photo is treated the same whether predicted or evaluated.
/// </summary>
public interface IImagePreparation
{
    /// <summary>The size of the items it makes.</summary>
    ImageShape Shape { get; }

    /// <summary>What it does to an image, in a few words, for reports: <c>prepared as MNIST made its digits</c>.</summary>
    string Description { get; }

    /// <summary>Reads the image file at <paramref name="path"/> and prepares it.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="InvalidDataException">The file is not a usable image (not an image, too large, cut short, no ink); the message names the file and says why.</exception>
    PreparedImage Prepare(string path);
}

/// <summary>One image file made into a dataset item.</summary>
/// <param name="Pixels">The item, <c>Height × Width</c> bytes, row-major, 0 for background and 255 for ink.</param>
/// <param name="FileSha256">Lower-case hex SHA-256 of the file's bytes, by which the same image is found under two names.</param>
public sealed record PreparedImage(byte[] Pixels, string FileSha256);
