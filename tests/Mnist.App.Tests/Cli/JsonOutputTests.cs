using System.Text.Json.Nodes;
using Mnist.App.Cli;

namespace Mnist.App.Tests.Cli;

public sealed class JsonOutputTests
{
    [Test]
    public async Task Every_Document_Written_Starts_With_Its_Schema_Version()
    {
        using var output = new StringWriter();

        await JsonOutput.WriteAsync(output, new JsonObject { ["model"] = "fast", ["predictions"] = new JsonArray() });

        var written = JsonNode.Parse(output.ToString())!.AsObject();
        Assert.That(written.Select(pair => pair.Key), Is.EqualTo(new[] { "schema_version", "model", "predictions" }));
        Assert.That(written["schema_version"]!.GetValue<int>(), Is.EqualTo(JsonOutput.SchemaVersion));
    }

    [Test]
    public void A_Document_That_Has_Its_Own_Version_Keeps_It()
    {
        var document = new JsonObject { ["schema_version"] = 7, ["x"] = 1 };

        Assert.That(JsonOutput.Versioned(document)["schema_version"]!.GetValue<int>(), Is.EqualTo(7));
    }
}
