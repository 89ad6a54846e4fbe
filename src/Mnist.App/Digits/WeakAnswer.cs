using System.Globalization;
using Mnist.Functional.Images;

namespace Mnist.App.Digits;

/// <summary>
/// When an answer about a person's digit deserves doubt: its top probability is under <see cref="LeastConfidence"/>,
/// or the ink was implausible for one digit (<see cref="DigitWarnings"/>). Shared by <c>predict</c> and <c>serve</c>.
/// </summary>
public static class WeakAnswer
{
    /// <summary>The least top probability for an answer to stand without a warning.</summary>
    public const float LeastConfidence = 0.6f;

    /// <summary>The reasons, each as a short code for JSON and a sentence for people; empty when the answer is not weak.</summary>
    public static IReadOnlyList<(string Code, string Text)> Reasons(DigitWarnings warnings, float topProbability)
    {
        var reasons = new List<(string, string)>();
        if (topProbability < LeastConfidence)
            reasons.Add(("low-confidence", string.Create(CultureInfo.InvariantCulture, $"low confidence: the most probable class has only {topProbability * 100:0.0}%")));
        if (warnings.HasFlag(DigitWarnings.SeveralBlobs))
            reasons.Add(("several-blobs", "several separate blobs of ink of similar size: give one digit per image"));
        if (warnings.HasFlag(DigitWarnings.TouchesBorder))
            reasons.Add(("touches-border", "the ink touches the image's edge: the digit may be cut off, or a frame or page edge was taken for ink"));
        if (warnings.HasFlag(DigitWarnings.AlmostEmpty))
            reasons.Add(("almost-empty", "almost no ink: the digit is tiny or faint; crop closer or write darker"));
        return reasons;
    }
}
