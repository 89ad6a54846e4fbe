using System.Text.Json.Nodes;
using Mnist.Functional.Checkpoints;
using Mnist.Functional.Runs.Tests.Runs;
using Mnist.Functional.Training;

namespace Mnist.Functional.Runs.Tests.Checkpoints;

public sealed class HistoryJsonTests
{
    [TestCase("\"halfway\"", "the field 'metadata.progress' must be an object, but it is a string \"halfway\"")]
    [TestCase("""{"batches": "3"}""", "the field 'metadata.progress.batches' must be of the type")]
    [TestCase("""{"batches": -1, "loss_sum": 0, "correct": 0, "samples": 0, "seconds": 0}""", "must be the progress of an epoch")]
    [TestCase("""{"batches": 1, "loss_sum": 0, "correct": 5, "samples": 4, "seconds": 0}""", "must be the progress of an epoch")]
    public void Progress_Of_The_Wrong_Form_Is_Refused_Naming_The_Field(string json, string message) =>
        Assert.That(() => HistoryJson.ProgressFromJson(JsonNode.Parse(json), "c.json"),
            Throws.TypeOf<InvalidDataException>().With.Message.StartsWith("c.json: ").And.Message.Contains(message));

    [Test]
    public void A_History_Of_The_Wrong_Form_Is_Refused_Naming_The_Field() =>
        Assert.That(() => HistoryJson.FromJson(JsonNode.Parse("""{"epochs": 3}"""), "c.json"),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("'metadata.history.epochs'"));

    [Test]
    public void Written_Progress_And_History_Read_Back_Equal()
    {
        var progress = new EpochProgress(3, 1.5, 90, 96, 0.25);

        Assert.Multiple(() =>
        {
            Assert.That(HistoryJson.ProgressFromJson(HistoryJson.ProgressToJson(progress)), Is.EqualTo(progress));
            Assert.That(HistoryJson.ProgressFromJson(null), Is.EqualTo(EpochProgress.None));
            Assert.That(HistoryJson.FromJson(HistoryJson.ToJson(History.Empty.WithStep(float.NaN, 0.5f, 0.1))).StepLosses, Has.Count.EqualTo(1));
            Assert.That(HistoryJson.FromJson(HistoryJson.ToJson(SyntheticRun.History(epochs: 2, stepsPerEpoch: 7))), Is.EqualTo(SyntheticRun.History(epochs: 2, stepsPerEpoch: 7)),
                "every step's loss, accuracy and learning rate, and every epoch's figures");
        });
    }
}
