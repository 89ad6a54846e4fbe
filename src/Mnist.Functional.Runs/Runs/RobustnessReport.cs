using Mnist.Functional.Datasets;

namespace Mnist.Functional.Runs;

/// <summary>How a trained model holds up: its clean accuracy, its accuracy under each corruption and under FGSM and PGD at each radius, with a few changed digits of each and the time each part took.</summary>
/// <param name="Model">The zoo model's name.</param>
/// <param name="Run">The run that trained it, in words.</param>
/// <param name="Dataset">The dataset's title.</param>
/// <param name="TestItems">Test digits measured.</param>
/// <param name="Settings">What was measured.</param>
/// <param name="Clean">The model on the test digits as they are (the figure <c>mnist evaluate</c> gives for the same digits).</param>
/// <param name="Corruptions">One row per corruption, in the settings' order.</param>
/// <param name="Attacks">One row per attack and radius: FGSM at each ε, then PGD at each ε.</param>
/// <param name="TotalSeconds">Wall time of the whole measurement.</param>
public sealed record RobustnessReport(string Model, string Run, string Dataset, long TestItems, RobustnessSettings Settings,
    RobustnessScore Clean, IReadOnlyList<RobustnessScore> Corruptions, IReadOnlyList<RobustnessScore> Attacks, double TotalSeconds)
{
    /// <summary>The size of the model's images, which the examples' pixels have.</summary>
    public ImageShape Image { get; init; } = ImageShape.Mnist;

    /// <summary>The dataset's class names, by label; <see langword="null"/> to show labels as numbers.</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>Why the corruptions were left out (<see cref="RobustnessSettings.CorruptionsUnfitFor"/>); <see langword="null"/> when they were measured or not asked for.</summary>
    public string? CorruptionsLeftOut { get; init; }

    /// <summary>The name of class <paramref name="label"/>: the dataset's, else the number.</summary>
    public string ClassName(int label) => ClassNames is { } names && label >= 0 && label < names.Count ? names[label] : label.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The mean accuracy over the corruptions (MNIST-C's summary figure); NaN without corruptions.</summary>
    public double MeanCorruptionAccuracy => Corruptions.Count == 0 ? double.NaN : Corruptions.Average(score => score.Accuracy);

    /// <summary>The rows of one attack (<c>fgsm</c> or <c>pgd</c>), by radius.</summary>
    public IReadOnlyList<RobustnessScore> Attack(string kind) => [.. Attacks.Where(score => score.Kind == kind)];
}

/// <summary>A model's accuracy on changed test digits, with the first few of them.</summary>
/// <param name="Kind"><c>clean</c>, <c>corruption</c>, <c>fgsm</c> or <c>pgd</c>.</param>
/// <param name="Name">The corruption's name, or the attack described with its settings.</param>
/// <param name="Epsilon">The attack's radius; <see langword="null"/> for a corruption or the clean digits.</param>
/// <param name="Accuracy">The share of changed digits classified as their label.</param>
/// <param name="Seconds">Wall time of this row: changing the digits and classifying them.</param>
/// <param name="Examples">The first changed digits with what the model said.</param>
public sealed record RobustnessScore(string Kind, string Name, double? Epsilon, double Accuracy, double Seconds, IReadOnlyList<RobustnessExample> Examples);

/// <summary>One changed digit: its pixels (the report's <see cref="RobustnessReport.Image"/> size, row-major, in [0, 1]), its label, and the model's most probable class with its probability.</summary>
public sealed record RobustnessExample(float[] Pixels, int Label, int Predicted, float Probability);
