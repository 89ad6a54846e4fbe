using Mnist.Functional.Robustness.Corruptions;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Robustness.Corruptions;

/// <summary>Dotted line, zigzag, and the line they are drawn with.</summary>
public sealed class LineCorruptionTests
{
    [Test]
    public void A_line_strip_is_full_on_the_line_and_fades_to_nothing_at_2_3_pixels()
    {
        var image = new float[28 * 28];
        LineStrip.Draw(image, 0, 10, 27, 10);
        Assert.Multiple(() =>
        {
            Assert.That(image[(10 * 28) + 5], Is.EqualTo(1f));
            Assert.That(image[(11 * 28) + 5], Is.EqualTo((float)(Math.Log(1 - (1 / 2.3)) + 1)).Within(1e-6));
            Assert.That(image[(12 * 28) + 5], Is.EqualTo(0f), "log(1 − 2/2.3) + 1 is below 0");
            Assert.That(image[(10 * 28) + 27], Is.EqualTo(0f), "columns from ⌈27⌉ on are left out");
        });
    }

    [Test]
    public void A_dotted_line_has_dashes_in_column_pairs_2_3_6_7_and_so_on()
    {
        using var scope = NewDisposeScope();
        var lined = DottedLine.Corruption.Apply(zeros(20, 28, 28), seed: 4);
        var litColumns = lined.gt(0).any(1).any(0);   // [28]
        for (var column = 0; column < 28; column++)
            Assert.That(litColumns[column].item<bool>(), Is.EqualTo(column / 2 % 2 == 1 && column < 27), $"column {column}");
    }

    [Test]
    public void A_zigzag_runs_from_column_2_to_column_25()
    {
        using var scope = NewDisposeScope();
        var zigzags = Zigzag.Corruption.Apply(zeros(20, 28, 28), seed: 4);
        var litColumns = zigzags.gt(0).any(1).any(0);
        Assert.Multiple(() =>
        {
            Assert.That(litColumns[0].item<bool>() || litColumns[1].item<bool>(), Is.False, "nothing left of column 2");
            Assert.That(litColumns[27].item<bool>(), Is.False, "nothing right of the last tooth");
            Assert.That(zigzags.gt(0).to(float32).sum([1, 2]).min().item<float>(), Is.GreaterThan(40), "every image has its zigzag");
        });
    }
}
