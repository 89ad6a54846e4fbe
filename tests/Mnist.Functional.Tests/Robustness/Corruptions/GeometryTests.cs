using Mnist.Functional.Robustness.Corruptions;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Robustness.Corruptions;

/// <summary>Shear, scale, rotate and translate move pixels where MNIST-C's affine maps send them.</summary>
public sealed class GeometryTests
{
    [Test]
    public void Translate_moves_a_dot_3_pixels_along_each_axis()
    {
        using var scope = NewDisposeScope();
        var seen = new HashSet<(long, long)>();
        for (var seed = 0; seed < 24; seed++)
        {
            var moved = Translate.Corruption.Apply(SampleDigits.Dot(14, 14), seed);
            Assert.That(moved.sum().item<float>(), Is.EqualTo(1f).Within(1e-5), "a whole-pixel shift keeps the dot whole");
            seen.Add(SampleDigits.Brightest(moved[0]));
        }
        Assert.That(seen, Is.EquivalentTo(new[] { (11L, 11L), (11L, 17L), (17L, 11L), (17L, 17L) }), "all four diagonal moves, and only those");
    }

    [Test]
    public void Rotate_turns_a_dot_by_0_4_radians_about_the_centre_either_way()
    {
        using var scope = NewDisposeScope();
        // A dot 10 pixels right of the centre (13.5, 13.5), at column 23.5: output (x, y) samples the input at R·(x − c, y − c) + c.
        var seen = new HashSet<(long, long)>();
        for (var seed = 0; seed < 16; seed++)
            seen.Add(SampleDigits.Brightest(Rotate.Corruption.Apply(SampleDigits.Dot(14, 23), seed)[0]));
        var (dx, dy) = (23 - 13.5, 14 - 13.5);
        var expected = new[] { 1, -1 }.Select(sign =>
        {
            // The inverse rotation takes the dot to the output pixel that samples it.
            var angle = -sign * Rotate.Angle;
            return ((long)Math.Round((Math.Sin(angle) * dx) + (Math.Cos(angle) * dy) + 13.5), (long)Math.Round((Math.Cos(angle) * dx) - (Math.Sin(angle) * dy) + 13.5));
        });
        Assert.That(seen, Is.EquivalentTo(expected));
    }

    [Test]
    public void Scale_shrinks_towards_the_centre_and_keeps_it()
    {
        using var scope = NewDisposeScope();
        var image = SampleDigits.Dot(3, 23);
        var shrunk = Scale.Corruption.Apply(image, seed: 1);
        // Output (x, y) samples the input at (x − c) / 0.7 + c: the dot at (3, 23) lands near c + 0.7 · (−10.5, 9.5).
        Assert.That(SampleDigits.Brightest(shrunk[0]), Is.EqualTo((6L, 20L)));
        var flat = full(1, 28, 28, 0.6f);
        Assert.That(Scale.Corruption.Apply(flat, seed: 1)[0, 13, 13].item<float>(), Is.EqualTo(0.6f).Within(1e-6), "the centre keeps its value");
        Assert.That(Scale.Corruption.Apply(flat, seed: 1)[0, 0, 0].item<float>(), Is.EqualTo(0f), "beyond the image is black");
    }

    [Test]
    public void Shear_slides_rows_by_their_distance_from_the_centre()
    {
        using var scope = NewDisposeScope();
        // A vertical line through column 13: output (x, y) samples x' = x − sin(±0.4)·(y − c), y' = cos(0.4)·(y − c) + c.
        var line = zeros(1, 28, 28);
        line[0, TensorIndex.Colon, 13] = tensor(1f);
        var shears = Enumerable.Range(0, 12).Select(seed => Shear.Corruption.Apply(line, seed)[0]).ToList();
        var topColumns = shears.Select(sheared => sheared[2].argmax().item<long>()).Distinct().Order().ToArray();
        var expectedShift = Math.Sin(Shear.Angle) * (2 - 13.5);
        Assert.That(topColumns, Is.EqualTo(new[] { (long)Math.Round(13 + expectedShift), (long)Math.Round(13 - expectedShift) }.Order().ToArray()));
    }

    [Test]
    public void Warps_bilinearly_between_pixels()
    {
        using var scope = NewDisposeScope();
        // Half a pixel to the right: each output pixel averages two neighbours.
        var image = zeros(1, 28, 28);
        image[0, 10, 10] = tensor(1f);
        var warped = AffineWarp.Apply(image, eye(2, dtype: float64).unsqueeze(0), tensor(new[,] { { 0.5, 0.0 } }));
        Assert.That(warped[0, 10, 9].item<float>(), Is.EqualTo(0.5f).Within(1e-6));
        Assert.That(warped[0, 10, 10].item<float>(), Is.EqualTo(0.5f).Within(1e-6));
        Assert.That(warped.sum().item<float>(), Is.EqualTo(1f).Within(1e-5));
    }
}
