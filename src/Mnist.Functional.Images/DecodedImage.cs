namespace Mnist.Functional.Images;

/// <summary>
/// An image file decoded and turned upright (its EXIF orientation applied): <see cref="Grey"/> is its luma
/// composited over white, <see cref="Alpha"/> its opacity when it has any transparency (0 transparent,
/// 255 opaque), both <c>[Height, Width]</c>.
/// </summary>
/// <param name="Grey">Luma (0.299 R + 0.587 G + 0.114 B) composited over white.</param>
/// <param name="Alpha">Opacity, or <see langword="null"/> when every pixel is opaque.</param>
public sealed record DecodedImage(GreyImage Grey, GreyImage? Alpha)
{
    /// <summary>Whether this is strokes on a transparent canvas, as drawing apps export them: at least a third of the pixels almost fully transparent.</summary>
    public bool IsTransparentCanvas =>
        Alpha is { } alpha && alpha.Pixels.Count(value => value < 32) * 3 >= alpha.Pixels.Length;
}
