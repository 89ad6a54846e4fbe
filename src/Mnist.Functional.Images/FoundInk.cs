using System.Drawing;

namespace Mnist.Functional.Images;

/// <summary>The ink that <see cref="InkFinder"/> found: <paramref name="Ink"/> light on black at the working size, the digit's <paramref name="Bounds"/> in it, the <paramref name="Seen"/> grey picture, and <paramref name="Warnings"/>.</summary>
/// <param name="Ink">The digit's ink, white on black, everything else black.</param>
/// <param name="Bounds">The smallest box holding the digit's ink and its fringe.</param>
/// <param name="Seen">The upright grey picture at the working size.</param>
/// <param name="Warnings">What is implausible about the ink for one digit.</param>
public sealed record FoundInk(GreyImage Ink, Rectangle Bounds, GreyImage Seen, DigitWarnings Warnings);
