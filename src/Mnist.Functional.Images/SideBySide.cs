namespace Mnist.Functional.Images;

/// <summary>What the model saw, beside what the person gave: the upright picture and the prepared 28×28 digit, enlarged, side by side.</summary>
public static class SideBySide
{
    /// <summary>The height both halves are shown at, in pixels: the 28×28 digit enlarged 10 times.</summary>
    public const int Height = 280;

    /// <summary>
    /// One grey image <see cref="Height"/> tall: <paramref name="prepared"/>'s picture scaled to that height (nearest pixel),
    /// a 12-pixel mid-grey gap, and its 28×28 digit enlarged 10 times (each pixel a 10×10 block).
    /// </summary>
    public static GreyImage Of(PreparedDigit prepared)
    {
        var (seen, digit) = (prepared.Seen, prepared.Digit);
        var seenWidth = Math.Max(1, (int)Math.Round((double)seen.Width * Height / seen.Height));
        const int gap = 12;
        var scale = Height / digit.Height;
        return GreyImage.Generate(seenWidth + gap + (digit.Width * scale), Height, (x, y) =>
            x < seenWidth ? seen[Math.Min(seen.Width - 1, x * seen.Width / seenWidth), Math.Min(seen.Height - 1, y * seen.Height / Height)]
            : x < seenWidth + gap ? (byte)128
            : digit[(x - seenWidth - gap) / scale, Math.Min(digit.Height - 1, y / scale)]);
    }
}
