using System.Collections.Immutable;

namespace Mnist.Functional.Evaluation;

/// <summary>
/// What a model says about samples whose classes are not known: a probability per class for each sample,
/// row-major <c>[N, C]</c>, in managed memory. <see cref="Predictions"/> adds the true labels.
/// </summary>
public sealed class ClassProbabilities
{
    /// <summary>Wraps <paramref name="probabilities"/>, row-major <c>[N, C]</c> for the C <paramref name="classNames"/>.</summary>
    /// <exception cref="ArgumentException">The array's length is not a multiple of the number of classes.</exception>
    public ClassProbabilities(float[] probabilities, IReadOnlyList<string> classNames)
    {
        ClassNames = [.. classNames];
        if (ClassNames.Length == 0 || probabilities.Length % ClassNames.Length != 0)
            throw new ArgumentException($"{probabilities.Length} probabilities do not make whole rows of {ClassNames.Length} classes.", nameof(probabilities));
        Values = probabilities;
        Count = probabilities.Length / ClassNames.Length;
        Predicted = Enumerable.Range(0, Count).Select(ArgMax).ToArray();
        NonFiniteSamples = Enumerable.Range(0, Count)
            .Where(sample => !probabilities.AsSpan(sample * ClassNames.Length, ClassNames.Length).ToArray().All(float.IsFinite))
            .ToArray();
    }

    /// <summary>
    /// The samples whose probabilities are not all finite (the model's outputs were NaN or infinite): no class can be
    /// read from them, and their <see cref="Predicted"/> class means nothing. Check this before reporting anything;
    /// <see cref="RequireFinite"/> does.
    /// </summary>
    public IReadOnlyList<int> NonFiniteSamples { get; }

    /// <summary>These probabilities, if every sample's are finite.</summary>
    /// <param name="describe">Names sample i in words for the message, such as its file name.</param>
    /// <exception cref="InvalidDataException">The model's outputs were NaN or infinite for some samples; the message counts them and names the first.</exception>
    public ClassProbabilities RequireFinite(Func<int, string> describe)
    {
        if (NonFiniteSamples.Count == 0)
            return this;
        throw new InvalidDataException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"The model's outputs are NaN or infinite for {NonFiniteSamples.Count:N0} of {Count:N0} inputs (the first: {describe(NonFiniteSamples[0])}), so no class can be given for them: its parameters do not describe a usable model. Use another checkpoint or train again."));
    }

    /// <summary>Class probabilities, row-major <c>[N, C]</c>: <c>Values[i * C + c]</c>.</summary>
    public IReadOnlyList<float> Values { get; }

    /// <summary>The class names, in index order.</summary>
    public ImmutableArray<string> ClassNames { get; }

    /// <summary>Number of samples, N.</summary>
    public int Count { get; }

    /// <summary>The most probable class of each sample, <c>[N]</c>.</summary>
    public IReadOnlyList<int> Predicted { get; }

    /// <summary>The probability the model gave class <paramref name="classIndex"/> for sample <paramref name="sample"/>.</summary>
    public float Probability(int sample, int classIndex) => Values[(sample * ClassNames.Length) + classIndex];

    /// <summary>The <paramref name="k"/> most probable classes of a sample, most probable first.</summary>
    public IReadOnlyList<(int Class, float Probability)> Top(int sample, int k) =>
        Enumerable.Range(0, ClassNames.Length)
                  .Select(c => (Class: c, Probability: Probability(sample, c)))
                  .OrderByDescending(pair => pair.Probability).ThenBy(pair => pair.Class)
                  .Take(k).ToArray();

    private int ArgMax(int sample)
    {
        var best = 0;
        for (var c = 1; c < ClassNames.Length; c++)
            if (Probability(sample, c) > Probability(sample, best)) best = c;
        return best;
    }
}
