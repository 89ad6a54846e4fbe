namespace Mnist.Functional.Images;

/// <summary>
/// The largest image file the preparation accepts: <see cref="MaxBytes"/> bytes on disk and
/// <see cref="MaxPixels"/> pixels (width × height, read from the header before anything is decoded).
/// </summary>
/// <param name="MaxBytes">The most bytes a file may have.</param>
/// <param name="MaxPixels">The most pixels its image may have once decoded.</param>
public sealed record ImageLimits(long MaxBytes, long MaxPixels)
{
    /// <summary>The defaults: 50 MB and 50 megapixels, more than a phone photo (12–48 megapixels) needs.</summary>
    public static ImageLimits Default { get; } = new(50_000_000, 50_000_000);

    /// <summary>The limits as a person reads them: "50 MB and 50 megapixels".</summary>
    public override string ToString() => $"{Millions(MaxBytes)} MB and {Millions(MaxPixels)} megapixels";

    /// <summary>A count of bytes or pixels in millions, as people read it: 50000000 gives "50", 1500000 gives "1.5".</summary>
    public static string Millions(long count) => (count / 1e6).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
}
