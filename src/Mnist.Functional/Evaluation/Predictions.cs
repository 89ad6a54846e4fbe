using System.Collections.Immutable;

namespace Mnist.Functional.Evaluation;

/// <summary>
/// What a model said about a set of samples: the class probabilities, the predicted classes, the
/// true labels and the mean cross-entropy loss. Held in managed arrays, so it owns no native memory.
/// </summary>
public sealed class Predictions
{
    /// <summary>Wraps the arrays; <paramref name="probabilities"/> is row-major <c>[N, C]</c>.</summary>
    /// <exception cref="ArgumentException">The arrays' lengths do not agree.</exception>
    public Predictions(float[] probabilities, int[] labels, double loss, IReadOnlyList<string> classNames)
    {
        ClassNames = [.. classNames];
        if (labels.Length * ClassNames.Length != probabilities.Length)
            throw new ArgumentException($"{labels.Length} labels and {ClassNames.Length} classes need {labels.Length * ClassNames.Length} probabilities, not {probabilities.Length}.", nameof(probabilities));
        Probabilities = probabilities;
        Labels = labels;
        Loss = loss;
        Predicted = Enumerable.Range(0, labels.Length).Select(ArgMax).ToArray();
        NonFiniteSamples = Enumerable.Range(0, labels.Length)
            .Where(sample => !probabilities.AsSpan(sample * ClassNames.Length, ClassNames.Length).ToArray().All(float.IsFinite))
            .ToArray();
    }

    /// <summary>
    /// The samples whose probabilities are not all finite (the model's outputs were NaN or infinite): no class can be
    /// read from them, and their <see cref="Predicted"/> class means nothing. Check this before reporting anything;
    /// <see cref="RequireFinite"/> does.
    /// </summary>
    public IReadOnlyList<int> NonFiniteSamples { get; }

    /// <summary>These predictions, if every sample's probabilities are finite.</summary>
    /// <param name="describe">Names sample i in words for the message, such as its file name.</param>
    /// <exception cref="InvalidDataException">The model's outputs were NaN or infinite for some samples; the message counts them and names the first.</exception>
    public Predictions RequireFinite(Func<int, string> describe)
    {
        if (NonFiniteSamples.Count == 0)
            return this;
        throw new InvalidDataException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"The model's outputs are NaN or infinite for {NonFiniteSamples.Count:N0} of {Count:N0} inputs (the first: {describe(NonFiniteSamples[0])}), so no class can be given for them: its parameters do not describe a usable model. Use another checkpoint or train again."));
    }

    /// <summary>Class probabilities, row-major <c>[N, C]</c>: <c>Probabilities[i * C + c]</c>.</summary>
    public IReadOnlyList<float> Probabilities { get; }

    /// <summary>The true class of each sample, <c>[N]</c>.</summary>
    public IReadOnlyList<int> Labels { get; }

    /// <summary>The most probable class of each sample, <c>[N]</c>.</summary>
    public IReadOnlyList<int> Predicted { get; }

    /// <summary>Mean cross-entropy, <c>-mean(log p[label])</c>, as computed from the model's outputs.</summary>
    public double Loss { get; }

    /// <summary>The class names, in index order.</summary>
    public ImmutableArray<string> ClassNames { get; }

    /// <summary>Number of samples, N.</summary>
    public int Count => Labels.Count;

    /// <summary>Number of samples whose predicted class is not the label.</summary>
    public int Errors => Enumerable.Range(0, Count).Count(i => Predicted[i] != Labels[i]);

    /// <summary>Fraction of samples whose predicted class is the label.</summary>
    public double Accuracy => Count == 0 ? 0 : (double)(Count - Errors) / Count;

    /// <summary>The probability the model gave class <paramref name="classIndex"/> for sample <paramref name="sample"/>.</summary>
    public float Probability(int sample, int classIndex) => Probabilities[(sample * ClassNames.Length) + classIndex];

    /// <summary>The <paramref name="k"/> most probable classes of a sample, most probable first.</summary>
    public IReadOnlyList<(int Class, float Probability)> Top(int sample, int k) =>
        Enumerable.Range(0, ClassNames.Length)
                  .Select(c => (Class: c, Probability: Probability(sample, c)))
                  .OrderByDescending(pair => pair.Probability).ThenBy(pair => pair.Class)
                  .Take(k).ToArray();

    /// <summary>The tally of (actual, predicted) pairs.</summary>
    public ConfusionMatrix Confusion() => ConfusionMatrix.FromPairs(Labels, Predicted, ClassNames);

    /// <summary>
    /// The <paramref name="count"/> wrong predictions the model was surest of, surest first, each
    /// with its <paramref name="top"/> most probable classes.
    /// </summary>
    public IReadOnlyList<Mistake> MostConfidentlyWrong(int count, int top = 3) =>
        Enumerable.Range(0, Count)
                  .Where(i => Predicted[i] != Labels[i])
                  .OrderByDescending(i => Probability(i, Predicted[i])).ThenBy(i => i)
                  .Take(count)
                  .Select(i => new Mistake(i, Labels[i], Predicted[i], Top(i, top)))
                  .ToArray();

    private int ArgMax(int sample)
    {
        var best = 0;
        for (var c = 1; c < ClassNames.Length; c++)
            if (Probability(sample, c) > Probability(sample, best)) best = c;
        return best;
    }
}
