using Mnist.Functional.Evaluation;

namespace Mnist.Functional.Tests.Evaluation;

public sealed class PredictionsTests
{
    private static readonly string[] Names = ["0", "1", "2"];

    // Sample 0: right (0). Sample 1: wrong, 0.9 sure of 2. Sample 2: wrong, 0.6 sure of 0. Sample 3: right (2).
    private static Predictions Sample() => new(
        [0.7f, 0.2f, 0.1f,
         0.05f, 0.05f, 0.9f,
         0.6f, 0.3f, 0.1f,
         0.1f, 0.1f, 0.8f],
        [0, 1, 1, 2], loss: 0.5, Names);

    [Test]
    public void Predicted_Is_The_Most_Probable_Class_And_Accuracy_Counts_Hits()
    {
        var predictions = Sample();

        Assert.Multiple(() =>
        {
            Assert.That(predictions.Predicted, Is.EqualTo(new[] { 0, 2, 0, 2 }));
            Assert.That(predictions.Accuracy, Is.EqualTo(0.5));
        });
    }

    [Test]
    public void Most_Confidently_Wrong_Puts_The_Surest_Mistake_First_With_Its_Top_Classes()
    {
        var mistakes = Sample().MostConfidentlyWrong(count: 5);

        Assert.That(mistakes, Has.Count.EqualTo(2));
        Assert.Multiple(() =>
        {
            Assert.That((mistakes[0].Index, mistakes[0].Actual, mistakes[0].Predicted), Is.EqualTo((1, 1, 2)));
            Assert.That(mistakes[0].Top.Select(t => t.Class), Is.EqualTo(new[] { 2, 0, 1 }));
            Assert.That(mistakes[0].Top[0].Probability, Is.EqualTo(0.9f));
            Assert.That(mistakes[1].Index, Is.EqualTo(2));
        });
    }

    [Test]
    public void Mismatched_Lengths_Are_Refused()
    {
        Assert.That(() => new Predictions([0.5f, 0.5f], [0, 1], 0, Names), Throws.ArgumentException.With.Message.Contains("need 6 probabilities"));
    }

    [Test]
    public void Samples_Whose_Probabilities_Are_Not_Finite_Are_Found_And_Refused_By_Name()
    {
        var predictions = new Predictions([0.9f, 0.1f, float.NaN, float.NaN, 0.2f, 0.8f, 0.5f, float.PositiveInfinity], [0, 1, 1, 0], 0.3, ["a", "b"]);

        Assert.Multiple(() =>
        {
            Assert.That(predictions.NonFiniteSamples, Is.EqualTo(new[] { 1, 3 }));
            Assert.That(() => predictions.RequireFinite(i => $"image{i}.png"),
                Throws.TypeOf<InvalidDataException>().With.Message.Contains("NaN or infinite for 2 of 4 inputs (the first: image1.png)"));
            var finite = new Predictions([0.9f, 0.1f], [0], 0.1, ["a", "b"]);
            Assert.That(finite.RequireFinite(i => "unused"), Is.SameAs(finite));
        });
    }
}
