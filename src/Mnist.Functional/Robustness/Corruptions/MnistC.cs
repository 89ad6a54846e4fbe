namespace Mnist.Functional.Robustness.Corruptions;

/// <summary>
/// The 15 corruptions of MNIST-C (Mu &amp; Gilmer 2019), each at the severity of the benchmark: the default of its
/// function in google-research/mnist-c's corruptions.py, from which every parameter here is taken. Fourteen are tensor
/// arithmetic and live here; Canny edge detection needs an image library and is handed in by the caller (the library's
/// OpenCV one is <c>CannyEdges.Corruption</c>).
/// </summary>
public static class MnistC
{
    /// <summary>The corruptions in the benchmark's order, <c>canny_edges</c> last, without it.</summary>
    public static IReadOnlyList<Corruption> WithoutCanny { get; } =
    [
        ShotNoise.Corruption, ImpulseNoise.Corruption, GlassBlur.Corruption, MotionBlur.Corruption,
        Shear.Corruption, Scale.Corruption, Rotate.Corruption, Brightness.Corruption, Translate.Corruption,
        Stripe.Corruption, Fog.Corruption, Spatter.Corruption, DottedLine.Corruption, Zigzag.Corruption,
    ];

    /// <summary>The name of the corruption that needs an image library.</summary>
    public const string CannyEdgesName = "canny_edges";

    /// <summary>All 15 in the benchmark's order, with <paramref name="cannyEdges"/> last.</summary>
    /// <exception cref="ArgumentException"><paramref name="cannyEdges"/> is not named <c>canny_edges</c>.</exception>
    public static IReadOnlyList<Corruption> All(Corruption cannyEdges) =>
        cannyEdges.Name == CannyEdgesName ? [.. WithoutCanny, cannyEdges]
        : throw new ArgumentException($"The last corruption of MNIST-C is {CannyEdgesName}, not {cannyEdges.Name}.", nameof(cannyEdges));

    /// <summary>The corruption called <paramref name="name"/> among <paramref name="corruptions"/>, as MNIST-C names it.</summary>
    /// <exception cref="ArgumentException">None has that name; the message lists the names there are.</exception>
    public static Corruption Find(IEnumerable<Corruption> corruptions, string name) =>
        corruptions.FirstOrDefault(corruption => string.Equals(corruption.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"There is no corruption '{Text.OutsideText.Show(name)}'. Choose among: {string.Join(", ", corruptions.Select(corruption => corruption.Name))}.", nameof(name));
}
