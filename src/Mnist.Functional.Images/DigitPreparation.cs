using System.Security.Cryptography;
using Mnist.Functional.Datasets;

namespace Mnist.Functional.Images;

/// <summary>
/// A folder dataset's images prepared as <c>predict</c> and <c>serve</c> prepare a person's: each file read within
/// <see cref="ImageLimits"/> and made a digit by <see cref="DigitImage"/> (<see cref="DigitImage.FromBytes"/>, the same
/// entry point), so that a photo gets the same answer whether it is predicted or evaluated.
/// </summary>
/// <param name="size">The digits' size: 28 × 28 unless a model was trained on others.</param>
/// <param name="limits">The largest file and image read; <see cref="ImageLimits.Default"/> when <see langword="null"/>.</param>
public sealed class DigitPreparation(ImageShape? size = null, ImageLimits? limits = null) : IImagePreparation
{
    private readonly ImageLimits within = limits ?? ImageLimits.Default;

    /// <inheritdoc />
    public ImageShape Shape { get; } = size ?? ImageShape.Mnist;

    /// <inheritdoc />
    public string Description => "each image made a digit as predict does (ink found, cropped, scaled into 20/28 of the side, centred by mass)";

    /// <inheritdoc />
    public PreparedImage Prepare(string path)
    {
        var bytes = ImageFile.ReadBytes(path, within);
        var digit = DigitImage.FromBytes(bytes, path, within, Shape).Digit;
        return new PreparedImage(digit.Pixels.ToArray(), Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }
}
