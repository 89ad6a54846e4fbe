using System.Text.Json.Nodes;
using Mnist.App.Cli;
using Mnist.Functional.Testing;

namespace Mnist.App.Tests.Commands;

[Category("RealData")]
public sealed class LrFindCommandTests
{
    [Test]
    public async Task Lr_Find_Prints_A_Suggestion_Inside_The_Sweep_And_Writes_Only_The_Chart_It_Was_Asked_For()
    {
        // Given an empty folder for the chart
        using var temp = new TempFolder();
        var chart = temp.File("lr.html");

        // When the range test runs on a few hundred digits
        var result = await AppRunner.RunAsync("lr-find", "--model", "mlp", "--train-items", "640", "--steps", "40", "--start-lr", "1e-5", "--end-lr", "1", "--chart", chart, "--json");

        // Then the rates rise over the range, the suggestion is one of them, and nothing but the chart was written
        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
        var json = JsonNode.Parse(result.Output)!.AsObject();
        var rates = json["points"]!.AsArray().Select(point => (double)point!["lr"]!).ToArray();
        var suggested = (double)json["suggested_lr"]!;
        Assert.Multiple(() =>
        {
            Assert.That(rates, Has.Length.InRange(20, 40));
            Assert.That(rates, Is.Ordered.Ascending.And.Unique);
            Assert.That(rates[0], Is.EqualTo(1e-5));
            Assert.That(suggested, Is.InRange(1e-5, 1.0));
            Assert.That(rates, Does.Contain(suggested));
            Assert.That(Directory.GetFileSystemEntries(temp.Path), Is.EqualTo(new[] { chart }), "no run folder, no weights");
            Assert.That(File.ReadAllText(chart), Does.Contain("Learning-rate range test").And.Contain("\"type\":\"log\""));
        });
    }
}
