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
        : this(new ClassProbabilities(Rows(probabilities, labels.Length, classNames.Count), classNames), labels, loss)
    {
    }

    /// <summary>The true <paramref name="labels"/> of the samples <paramref name="scores"/> is about, and the mean loss they give.</summary>
    /// <exception cref="ArgumentException">There is not one label per sample.</exception>
    public Predictions(ClassProbabilities scores, int[] labels, double loss)
    {
        if (labels.Length != scores.Count)
            throw new ArgumentException($"{labels.Length} labels and {scores.ClassNames.Length} classes need {labels.Length * scores.ClassNames.Length} probabilities, not {scores.Values.Count}.", nameof(labels));
        Scores = scores;
        Labels = labels;
        Loss = loss;
    }

    /// <summary>The model's class probabilities, without the labels.</summary>
    public ClassProbabilities Scores { get; }

    /// <summary>The samples whose probabilities are not all finite; see <see cref="ClassProbabilities.NonFiniteSamples"/>.</summary>
    public IReadOnlyList<int> NonFiniteSamples => Scores.NonFiniteSamples;

    /// <summary>These predictions, if every sample's probabilities are finite; see <see cref="ClassProbabilities.RequireFinite"/>.</summary>
    /// <exception cref="InvalidDataException">The model's outputs were NaN or infinite for some samples.</exception>
    public Predictions RequireFinite(Func<int, string> describe)
    {
        Scores.RequireFinite(describe);
        return this;
    }

    /// <summary>Class probabilities, row-major <c>[N, C]</c>: <c>Probabilities[i * C + c]</c>.</summary>
    public IReadOnlyList<float> Probabilities => Scores.Values;

    /// <summary>The true class of each sample, <c>[N]</c>.</summary>
    public IReadOnlyList<int> Labels { get; }

    /// <summary>The most probable class of each sample, <c>[N]</c>.</summary>
    public IReadOnlyList<int> Predicted => Scores.Predicted;

    /// <summary>Mean cross-entropy, <c>-mean(log p[label])</c>, as computed from the model's outputs.</summary>
    public double Loss { get; }

    /// <summary>The class names, in index order.</summary>
    public ImmutableArray<string> ClassNames => Scores.ClassNames;

    /// <summary>Number of samples, N.</summary>
    public int Count => Labels.Count;

    /// <summary>Number of samples whose predicted class is not the label.</summary>
    public int Errors => Enumerable.Range(0, Count).Count(i => Predicted[i] != Labels[i]);

    /// <summary>Fraction of samples whose predicted class is the label.</summary>
    public double Accuracy => Count == 0 ? 0 : (double)(Count - Errors) / Count;

    /// <summary>The probability the model gave class <paramref name="classIndex"/> for sample <paramref name="sample"/>.</summary>
    public float Probability(int sample, int classIndex) => Scores.Probability(sample, classIndex);

    /// <summary>The <paramref name="k"/> most probable classes of a sample, most probable first.</summary>
    public IReadOnlyList<(int Class, float Probability)> Top(int sample, int k) => Scores.Top(sample, k);

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

    private static float[] Rows(float[] probabilities, int samples, int classes) =>
        probabilities.Length == samples * classes
            ? probabilities
            : throw new ArgumentException($"{samples} labels and {classes} classes need {samples * classes} probabilities, not {probabilities.Length}.", nameof(probabilities));
}
