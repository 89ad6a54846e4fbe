namespace Mnist.Functional.Images;

/// <summary>
/// A person's image made ready for a model: <see cref="Digit"/> is the 28×28 MNIST-style digit (white ink on black),
/// <see cref="Seen"/> the upright picture at the working size (longer side <see cref="InkFinder.WorkingSide"/>) that
/// the ink was found in, and <see cref="Warnings"/> says when the ink is implausible for one digit.
/// </summary>
/// <param name="Digit">The 28×28 digit, as MNIST made its own.</param>
/// <param name="Seen">The upright image the ink was looked for in, grey, for showing beside the digit; a transparent canvas is shown over a grey checkerboard, so that ink of any colour, white included, stays visible.</param>
/// <param name="Warnings">What is implausible about the ink, if anything.</param>
public sealed record PreparedDigit(GreyImage Digit, GreyImage Seen, DigitWarnings Warnings);
