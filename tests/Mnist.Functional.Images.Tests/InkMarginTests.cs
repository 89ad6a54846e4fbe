using System.Drawing;

namespace Mnist.Functional.Images.Tests;

/// <summary>
/// Digits cropped tightly to their ink, as people cut out their own: each must prepare as the same digit drawn
/// with a margin around it does, in both polarities, whatever touches the edges.
/// </summary>
public sealed class InkMarginTests
{
    private const int Side = 300;

    private static readonly (string Name, Func<int, int, int, double> Shape)[] Shapes =
    [
        ("0", Pictures.Zero), ("4", Pictures.Four), ("7", Pictures.Seven), ("thin 1", Pictures.ThinOne),
    ];

    private static readonly (string Name, byte Paper, byte Ink)[] Polarities = [("black on white", 255, 0), ("white on black", 0, 255)];

    public static IEnumerable<TestCaseData> TightCrops() =>
        from shape in Shapes
        from polarity in Polarities
        select new TestCaseData(shape.Shape, polarity.Paper, polarity.Ink)
            .SetName($"A {shape.Name} {polarity.Name} cropped to its ink prepares as with a margin");

    [TestCaseSource(nameof(TightCrops))]
    public void A_Digit_Cropped_To_Its_Ink_Prepares_As_The_Same_Digit_With_A_Margin(Func<int, int, int, double> shape, byte paper, byte ink)
    {
        var picture = Pictures.Grey(Side, (x, y) => shape(Side, x, y), (_, _) => paper, ink);
        var withMargin = Prepare(picture);

        var tight = Prepare(picture.Crop(InkBox(picture, paper)));

        Assert.Multiple(() =>
        {
            Assert.That(Difference(tight.Digit, withMargin.Digit), Is.LessThan(12), "mean difference from the digit with a margin, of 255");
            Assert.That(tight.Warnings, Is.EqualTo(withMargin.Warnings), "a digit that fills its picture is no frame and is not cut off");
        });
    }

    /// <remarks>
    /// Its pieces each touch some of the edges, none all four, so the picture cannot be told from a digit cut off at
    /// its edges, and the answer is flagged; the digit itself is read as with a margin.
    /// </remarks>
    [TestCase(255, 0, TestName = "A 5 in two strokes black on white cropped to its ink prepares as with a margin")]
    [TestCase(0, 255, TestName = "A 5 in two strokes white on black cropped to its ink prepares as with a margin")]
    public void A_Digit_In_Two_Strokes_Cropped_To_Its_Ink_Prepares_As_The_Same_Digit(byte paper, byte ink)
    {
        var picture = Pictures.Grey(Side, (x, y) => Pictures.FiveInTwoStrokes(Side, x, y), (_, _) => paper, ink);

        var tight = Prepare(picture.Crop(InkBox(picture, paper)));

        Assert.Multiple(() =>
        {
            Assert.That(Difference(tight.Digit, Prepare(picture).Digit), Is.LessThan(12));
            Assert.That(tight.Warnings, Is.EqualTo(DigitWarnings.TouchesBorder));
        });
    }

    [TestCase(255, 0, TestName = "A 7 black on white cropped to its ink at the top only prepares as with a margin")]
    [TestCase(0, 255, TestName = "A 7 white on black cropped to its ink at the top only prepares as with a margin")]
    public void A_Digit_Cropped_To_Its_Ink_On_One_Side_Only_Prepares_As_The_Same_Digit(byte paper, byte ink)
    {
        var picture = Pictures.Grey(Side, (x, y) => Pictures.Seven(Side, x, y), (_, _) => paper, ink);
        var box = InkBox(picture, paper);

        var tight = Prepare(picture.Crop(new Rectangle(0, box.Top, Side, Side - box.Top)));

        Assert.Multiple(() =>
        {
            Assert.That(Difference(tight.Digit, Prepare(picture).Digit), Is.LessThan(12));
            Assert.That(tight.Warnings, Is.EqualTo(DigitWarnings.TouchesBorder), "ink at one edge may be a digit cut off there");
        });
    }

    [TestCase(255, TestName = "White ink on a transparent canvas cropped to its ink prepares as with a margin")]
    [TestCase(0, TestName = "Black ink on a transparent canvas cropped to its ink prepares as with a margin")]
    public void Ink_On_A_Transparent_Canvas_Cropped_To_It_Prepares_As_With_A_Margin(byte grey)
    {
        var alpha = Pictures.Grey(Side, (x, y) => Pictures.Four(Side, x, y), (_, _) => 0, ink: 255);
        var overWhite = alpha.Select(a => (byte)Math.Round(((grey * a) + (255.0 * (255 - a))) / 255));
        var withMargin = DigitImage.Prepare(new DecodedImage(overWhite, alpha), "drawing.png");
        var box = InkBox(alpha, 0);

        var tight = DigitImage.Prepare(new DecodedImage(overWhite.Crop(box), alpha.Crop(box)), "drawing.png");

        Assert.Multiple(() =>
        {
            Assert.That(Difference(tight.Digit, withMargin.Digit), Is.LessThan(12));
            Assert.That(tight.Warnings, Is.EqualTo(DigitWarnings.None));
        });
    }

    [Test]
    public void A_Digit_Cropped_To_Its_Ink_Is_Shown_With_The_Margin_It_Was_Read_With()
    {
        var picture = Pictures.Grey(Side, (x, y) => Pictures.Zero(Side, x, y), (_, _) => 255);

        var seen = Prepare(picture.Crop(InkBox(picture, 255))).Seen;

        Assert.Multiple(() =>
        {
            Assert.That((seen.Width, seen.Height), Is.EqualTo((InkFinder.WorkingSide, InkFinder.WorkingSide)), "a square of 28/20 of the crop's longer side");
            Assert.That(Enumerable.Range(0, seen.Width).All(x => seen[x, 0] == 255 && seen[x, seen.Height - 1] == 255), Is.True, "paper along the top and bottom");
        });
    }

    private static PreparedDigit Prepare(GreyImage picture) => DigitImage.Prepare(new DecodedImage(picture, null), "digit.png");

    // The smallest box holding every pixel that is not the paper.
    private static Rectangle InkBox(GreyImage picture, byte paper) =>
        DigitImage.InkBounds(picture.Select(value => (byte)Math.Abs(value - paper)))!.Value;

    // The mean absolute difference (of 255) of two digits, the least over shifts of a whole pixel either way: the
    // centre of mass is rounded to whole pixels, and a half-pixel difference in it may round either way.
    private static double Difference(GreyImage a, GreyImage b) =>
        (from dx in new[] { -1, 0, 1 }
         from dy in new[] { -1, 0, 1 }
         select Enumerable.Range(0, a.Pixels.Length).Average(i =>
         {
             var (x, y) = ((i % a.Width) + dx, (i / a.Width) + dy);
             return Math.Abs(a.Pixels[i] - (x >= 0 && x < b.Width && y >= 0 && y < b.Height ? b[x, y] : 0));
         })).Min();
}
