namespace Mnist.Functional.Images.Tests;

public sealed class InkFinderTests
{
    private const int Side = 300;

    private static double Seven(int x, int y) => Pictures.Seven(Side, x, y);

    private static readonly GreyImage Clean = DigitImage.ToMnist(Pictures.Grey(Side, Seven, (_, _) => 255), "clean");

    private static double Difference(GreyImage a, GreyImage b) => a.Pixels.Zip(b.Pixels, (p, q) => Math.Abs(p - q)).Average();

    public static IEnumerable<TestCaseData> Conditions()
    {
        var noise = new Random(5);
        var grain = Enumerable.Range(0, Side * Side).Select(_ => noise.Next(-30, 31)).ToArray();
        yield return Case("a 40% shadow across the paper", Pictures.Grey(Side, Seven, (x, y) => 245 * (1 - (0.4 * x / Side)), ink: 20));
        yield return Case("a shadow as dark as the ink at one corner", Pictures.Grey(Side, Seven, (x, y) => 245 - (200.0 * x * y / Side / Side), ink: 10));
        yield return Case("grain", Pictures.Grey(Side, Seven, (x, y) => 230 + grain[(y * Side) + x], ink: 30));
        yield return Case("ruled paper", Pictures.Grey(Side, Seven, (x, y) => y % 30 < 2 ? 160 : 250));
        yield return Case("squared paper", Pictures.Grey(Side, Seven, (x, y) => y % 25 < 2 || x % 25 < 2 ? 170 : 250));
        yield return Case("a form-field frame close to the edge", Pictures.Grey(Side, Seven, (x, y) => Math.Min(Math.Min(x, y), Math.Min(Side - 1 - x, Side - 1 - y)) is >= 4 and < 7 ? 0 : 255));
        yield return Case("paper on a dark desk", Pictures.Grey(Side, Seven, (x, y) => x is >= 40 and < 270 && y is >= 30 and < 280 ? 235 : 40));
        yield return Case("vignetting, the corners 40% darker", Pictures.Grey(Side, Seven, (x, y) => 245 * (1 - (0.8 * (Math.Pow((x - (Side / 2.0)) / Side, 2) + Math.Pow((y - (Side / 2.0)) / Side, 2)))), ink: 20));
        yield return Case("light ink on a dark board", Pictures.Grey(Side, Seven, (_, _) => 30, ink: 220));
    }

    private static TestCaseData Case(string name, GreyImage picture) => new TestCaseData(picture).SetName($"The digit survives {name}");

    [TestCaseSource(nameof(Conditions))]
    public void A_Digit_Under_A_Photo_Like_Condition_Prepares_Like_The_Clean_One(GreyImage picture)
    {
        var prepared = DigitImage.Prepare(new DecodedImage(picture, null), "photo.png");

        Assert.Multiple(() =>
        {
            Assert.That(Difference(prepared.Digit, Clean), Is.LessThan(12), "mean difference from the clean digit, of 255");
            Assert.That(prepared.Warnings, Is.EqualTo(DigitWarnings.None));
        });
    }

    [TestCase(255, 255, 255, TestName = "White ink on a transparent canvas is read by its alpha")]
    [TestCase(230, 40, 40, TestName = "Red ink on a transparent canvas is read by its alpha")]
    public void Ink_On_A_Transparent_Canvas_Is_Read_By_Its_Alpha(int red, int green, int blue)
    {
        var alpha = Pictures.Grey(Side, Seven, (_, _) => 0, ink: 255);
        var grey = (byte)Math.Round((0.299 * red) + (0.587 * green) + (0.114 * blue));
        var overWhite = alpha.Select(a => (byte)Math.Round(((grey * a) + (255.0 * (255 - a))) / 255));

        var prepared = DigitImage.Prepare(new DecodedImage(overWhite, alpha), "drawing.png");

        Assert.That(Difference(prepared.Digit, Clean), Is.LessThan(12));
    }

    [TestCase(255, 255, 255, TestName = "White ink on a transparent canvas shows over a checkerboard")]
    [TestCase(0, 0, 0, TestName = "Black ink on a transparent canvas shows over a checkerboard")]
    public void A_Transparent_Canvas_Is_Shown_Over_A_Checkerboard_So_Its_Ink_Stays_Visible(int red, int green, int blue)
    {
        var alpha = Pictures.Grey(Side, Seven, (_, _) => 0, ink: 255);
        var grey = (byte)Math.Round((0.299 * red) + (0.587 * green) + (0.114 * blue));
        var overWhite = alpha.Select(a => (byte)Math.Round(((grey * a) + (255.0 * (255 - a))) / 255));

        var seen = DigitImage.Prepare(new DecodedImage(overWhite, alpha), "drawing.png").Seen;

        // A clear corner shows the board's two greys; the ink shows in its own grey, far from both.
        var corner = Enumerable.Range(0, 48 * 48).Select(i => seen[i % 48, i / 48]).ToHashSet();
        var inkPixels = seen.Pixels.Count(value => Math.Abs(value - grey) <= 16);
        Assert.Multiple(() =>
        {
            Assert.That(corner, Is.EquivalentTo(new byte[] { 96, 160 }), "the checkerboard in a clear corner");
            Assert.That(inkPixels, Is.GreaterThan(seen.Pixels.Length / 50), "the ink keeps its own grey: at least 2% of the picture");
        });
    }

    [Test]
    public void A_One_Drawn_To_Fill_The_Picture_Is_Kept_Though_It_Is_A_Long_Straight_Line()
    {
        var one = Pictures.Grey(Side, (x, y) => x is >= 135 and < 165 && y is >= 15 and < 285 ? 1 : 0, (_, _) => 255);

        var digit = DigitImage.Prepare(new DecodedImage(one, null), "one.png").Digit;

        var bounds = DigitImage.InkBounds(digit, threshold: 128)!.Value;
        Assert.Multiple(() =>
        {
            Assert.That(bounds.Height, Is.EqualTo(20), "the full height of the box");
            Assert.That(digit.Pixels.Max(), Is.GreaterThan(200), "solid ink, not a faint fringe left after a line was taken out");
        });
    }

    [Test]
    public void Two_Digits_Side_By_Side_Warn_Of_Several_Blobs()
    {
        var two = Pictures.Grey(Side, (x, y) => Math.Max(Pictures.Seven(Side / 2, x % (Side / 2), y - (Side / 4)), 0), (_, _) => 255);

        Assert.That(DigitImage.Prepare(new DecodedImage(two, null), "two.png").Warnings, Is.EqualTo(DigitWarnings.SeveralBlobs));
    }

    [Test]
    public void A_Digit_Cut_By_The_Edge_Warns_That_It_Touches_The_Border()
    {
        var cut = Pictures.Grey(Side, (x, y) => Seven(x, y + 85), (_, _) => 255);

        Assert.That(DigitImage.Prepare(new DecodedImage(cut, null), "cut.png").Warnings, Is.EqualTo(DigitWarnings.TouchesBorder));
    }

    [Test]
    public void A_Tiny_Digit_In_A_Large_Picture_Warns_That_It_Is_Almost_Empty()
    {
        const int side = 1000;
        var tiny = Pictures.Grey(side, (x, y) => x < 80 && y < 80 ? Pictures.Seven(80, x, y) : 0, (_, _) => 255);
        var offset = GreyImage.Generate(side, side, (x, y) => tiny[(x + side - 500) % side, (y + side - 500) % side]);

        Assert.That(DigitImage.Prepare(new DecodedImage(offset, null), "speck.png").Warnings.HasFlag(DigitWarnings.AlmostEmpty), Is.True);
    }

    [TestCase(255, TestName = "A white page is blank")]
    [TestCase(0, TestName = "A black page is blank")]
    [TestCase(140, TestName = "A mid-grey page is blank")]
    public void A_Blank_Picture_Is_An_Error_That_Names_It(int level)
    {
        var blank = GreyImage.Generate(50, 40, (x, y) => (byte)Math.Clamp(level + ((x * y) % 7) - 3, 0, 255)); // a little noise

        Assert.That(() => DigitImage.ToMnist(blank, "blank.png"),
            Throws.InstanceOf<InvalidDataException>().With.Message.StartsWith("blank.png shows no digit"));
    }

    [Test]
    public void Ruled_Lines_Alone_Are_No_Digit()
    {
        var lines = Pictures.Grey(Side, (_, _) => 0, (_, y) => y % 30 < 2 ? 100 : 250);

        Assert.That(() => DigitImage.ToMnist(lines, "lines.png"),
            Throws.InstanceOf<InvalidDataException>().With.Message.StartsWith("lines.png shows no digit"));
    }
}
