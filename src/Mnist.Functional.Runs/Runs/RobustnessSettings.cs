using System.Globalization;
using Mnist.Functional.Datasets;
using Mnist.Functional.Robustness;
using Mnist.Functional.Robustness.Corruptions;

namespace Mnist.Functional.Runs;

/// <summary>What <see cref="RobustnessRun.Measure"/> measures: which corruptions, which radii, how hard PGD searches, on how many test digits.</summary>
/// <param name="Corruptions">The corruptions to apply (MNIST-C's 15 with <see cref="MnistC.All"/>).</param>
/// <param name="Epsilons">The L∞ radii for FGSM and PGD, on pixels in [0, 1].</param>
/// <param name="PgdSteps">Steps of each PGD search; its step size is <see cref="Pgd.DefaultStepSize"/>.</param>
/// <param name="PgdRestarts">Random starts of each PGD search.</param>
/// <param name="Seed">Seeds the corruptions and PGD's random starts.</param>
/// <param name="TestItems">Measure the first this many test digits only; <see langword="null"/> for all of them.</param>
public sealed record RobustnessSettings(IReadOnlyList<Corruption> Corruptions, IReadOnlyList<double> Epsilons, int PgdSteps = Pgd.DefaultSteps,
    int PgdRestarts = 1, long Seed = 1, long? TestItems = null)
{
    /// <summary>The radii of the report: 0.05 to 0.3 in steps of 0.05, the range of PyTorch's FGSM tutorial and the MNIST challenge's 0.3.</summary>
    public static IReadOnlyList<double> StandardEpsilons { get; } = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3];

    /// <summary>Test digits a quick check measures.</summary>
    public const int QuickTestItems = 1000;

    /// <summary>PGD steps in a quick check.</summary>
    public const int QuickPgdSteps = 10;

    /// <summary>Test digits each changed image of the report shows.</summary>
    public const int ExamplesShown = 6;

    /// <summary>The same settings cut down for a quick look: the first 1,000 test digits, PGD-10, and of the radii only 0.1 and 0.3.</summary>
    public RobustnessSettings Quick() => this with
    {
        TestItems = Math.Min(TestItems ?? QuickTestItems, QuickTestItems),
        PgdSteps = QuickPgdSteps,
        Epsilons = [.. Epsilons.Where(epsilon => epsilon is 0.1 or 0.3)],
    };

    /// <summary>
    /// Why MNIST-C's corruptions cannot be measured on images of <paramref name="image"/>, in words; <see langword="null"/>
    /// for 28 × 28. The benchmark defines each corruption on a 28 × 28 digit (its strokes, shifts, lines and noise are
    /// drawn at that size), so on other images they would measure something of our own making, not MNIST-C.
    /// </summary>
    public static string? CorruptionsUnfitFor(ImageShape image) =>
        image == ImageShape.Mnist ? null : $"MNIST-C's corruptions are defined on 28 × 28 digits, and this model reads {image} images";

    /// <summary>
    /// These settings for a model of <paramref name="image"/> images: as they are for 28 × 28; for any other size without
    /// the corruptions (<see cref="CorruptionsUnfitFor"/>), the attacks, defined for images of any size, kept.
    /// </summary>
    public RobustnessSettings FittedTo(ImageShape image) => CorruptionsUnfitFor(image) is null ? this : this with { Corruptions = [] };

    /// <summary>The PGD attack of radius <paramref name="epsilon"/>.</summary>
    public Pgd Pgd(double epsilon) => new(epsilon, PgdSteps, restarts: PgdRestarts);

    /// <summary>Checks the settings before any work is spent.</summary>
    /// <exception cref="ArgumentException">A radius is negative or not finite, or a count is below 1.</exception>
    public RobustnessSettings Checked()
    {
        if (Epsilons.Any(epsilon => !(epsilon >= 0 && double.IsFinite(epsilon))))
            throw new ArgumentException($"Every ε must be a finite number of at least 0, not {string.Join(", ", Epsilons.Select(epsilon => epsilon.ToString(CultureInfo.InvariantCulture)))}.");
        if (PgdSteps < 1 || PgdRestarts < 1)
            throw new ArgumentException($"PGD needs at least 1 step and 1 restart, not {PgdSteps} and {PgdRestarts}.");
        if (TestItems is < 1)
            throw new ArgumentException($"The number of test digits must be at least 1, not {TestItems}.");
        return this;
    }
}
