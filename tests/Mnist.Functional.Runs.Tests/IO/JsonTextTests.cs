using System.Text.Json.Nodes;
using Mnist.Functional.IO;

namespace Mnist.Functional.Runs.Tests.IO;

public sealed class JsonTextTests
{
    [Test]
    public void Given_NaN_And_Infinities_When_Written_Then_They_Are_Null_And_Listed_Under_Non_Finite_And_The_Document_Is_Unchanged()
    {
        var document = new JsonObject
        {
            ["test_loss"] = double.NaN,
            ["test_accuracy"] = 0.98,
            ["per_class"] = new JsonArray(new JsonObject { ["precision"] = float.PositiveInfinity }, new JsonObject { ["precision"] = 0.5f }),
            ["nested"] = new JsonObject { ["low"] = double.NegativeInfinity, ["name"] = "NaN" },
        };

        var written = JsonNode.Parse(JsonText.Write(document))!.AsObject();

        Assert.Multiple(() =>
        {
            Assert.That(written["test_loss"], Is.Null);
            Assert.That(written["test_accuracy"]!.GetValue<double>(), Is.EqualTo(0.98));
            Assert.That(written["per_class"]![0]!["precision"], Is.Null);
            Assert.That(written["per_class"]![1]!["precision"]!.GetValue<double>(), Is.EqualTo(0.5));
            Assert.That(written["nested"]!["name"]!.GetValue<string>(), Is.EqualTo("NaN"), "strings are text, not numbers");
            Assert.That(written[JsonText.NonFiniteField]!.ToJsonString(),
                Is.EqualTo("""{"test_loss":"NaN","per_class[0].precision":"Infinity","nested.low":"-Infinity"}"""));
            Assert.That(double.IsNaN(document["test_loss"]!.GetValue<double>()), Is.True, "the caller's document is not changed");
            Assert.That(document.ContainsKey(JsonText.NonFiniteField), Is.False);
        });
    }

    [Test]
    public void A_Finite_Document_Is_Written_As_It_Is()
    {
        var document = new JsonObject { ["a"] = 1, ["b"] = new JsonArray(1.5, "x", null, true) };

        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(JsonText.Write(document)), document), Is.True);
    }
}
