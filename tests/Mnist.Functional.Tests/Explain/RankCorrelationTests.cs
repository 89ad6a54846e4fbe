using Mnist.Functional.Explain;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Explain;

public sealed class RankCorrelationTests
{
    [Test]
    public void Monotone_Maps_Correlate_Fully_Reversed_Ones_Negatively_And_A_Constant_Map_Not_At_All()
    {
        using var scope = NewDisposeScope();
        var first = tensor(new float[] { 1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4 }).view(3, 4);
        var second = tensor(new float[] { 10, 20, 30, 400, 4, 3, 2, 1, 5, 5, 5, 5 }).view(3, 4);

        Assert.That(RankCorrelation.Spearman(first, second), Is.EqualTo(new[] { 1.0, -1.0, 0.0 }).Within(1e-12));
    }

    [Test]
    public void Ties_Share_Their_Mean_Rank_As_In_The_Textbook_Example()
    {
        using var scope = NewDisposeScope();
        // Ranks (1, 2.5, 2.5, 4) against (1, 2, 3, 4): Pearson of the ranks is 0.9486832980505138.
        var first = tensor(new double[] { 0.1, 0.5, 0.5, 0.9 }).view(1, 4);
        var second = tensor(new double[] { 1, 2, 3, 4 }).view(1, 4);

        Assert.That(RankCorrelation.Spearman(first, second)[0], Is.EqualTo(0.9486832980505138).Within(1e-12));
    }

    [Test]
    public void A_Selection_Compares_Only_The_Chosen_Elements()
    {
        using var scope = NewDisposeScope();
        // Agreeing on the two selected elements, disagreeing everywhere else.
        var first = tensor(new float[] { 1, 2, 0, 0, 9, 8 }).view(1, 6);
        var second = tensor(new float[] { 5, 6, 9, 8, 0, 1 }).view(1, 6);
        var selected = tensor(new[] { true, true, false, false, false, false }).view(1, 6);

        Assert.Multiple(() =>
        {
            Assert.That(RankCorrelation.Spearman(first, second, selected)[0], Is.EqualTo(1.0).Within(1e-12));
            Assert.That(RankCorrelation.Spearman(first, second)[0], Is.LessThan(0));
        });
    }

    [Test]
    public void Maps_Of_Different_Shapes_Are_Refused()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(() => RankCorrelation.Spearman(zeros(2, 4), zeros(2, 5)));
    }
}
