using System.Globalization;
using System.Text.Json.Nodes;
using Mnist.App.Cli;
using Mnist.App.Commands;
using Mnist.Functional.Layers;
using Mnist.Functional.Models;

namespace Mnist.App.Tests.Commands;

public sealed class ModelsCommandTests
{
    [Test]
    public async Task Models_Lists_Every_Zoo_Model_With_Parameters_Flops_And_Recipe_In_Aligned_Columns()
    {
        var result = await AppRunner.RunAsync("models");

        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
            Assert.That(lines[0], Does.StartWith("model").And.Contain("parameters").And.Contain("MFLOPs").And.Contain("recipe"));
            foreach (var model in Zoo.All)
            {
                var summary = Summary.Of(model.Network, 1, 1, 28, 28);
                var line = lines.Single(line => line.StartsWith(model.Name + " ", StringComparison.Ordinal));
                Assert.That(line, Does.Contain(summary.TotalParameters.ToString("N0", CultureInfo.InvariantCulture))
                    .And.Contain((summary.TotalFlops / 1e6).ToString("F2", CultureInfo.InvariantCulture))
                    .And.Contain(model.Recipe.Describe())
                    .And.EndWith(model.Description));
                Assert.That(line.IndexOf(model.Recipe.Describe(), StringComparison.Ordinal), Is.EqualTo(lines[0].IndexOf("recipe", StringComparison.Ordinal)), "columns line up");
            }
            Assert.That(lines.Single(line => line.StartsWith("fast", StringComparison.Ordinal)), Does.StartWith("fast *"), "the default is marked");
        });
    }

    [TestCase(80)]
    [TestCase(120)]
    public void On_A_Terminal_The_Table_Fits_Its_Width_And_Wraps_Only_The_Text_Columns(int width)
    {
        var rows = Zoo.All.Select(model => (model, Summary.Of(model.Network, 1, 1, 28, 28))).ToList();

        var lines = ModelsCommand.Table(rows, width).Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        var modelLines = lines.Where(line => Zoo.All.Any(model => line.StartsWith(model.Name + " ", StringComparison.Ordinal))).ToList();
        var words = string.Join(" ", lines).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();

        Assert.Multiple(() =>
        {
            Assert.That(lines.Max(line => line.Length), Is.LessThanOrEqualTo(width), "every line fits");
            Assert.That(modelLines, Has.Count.EqualTo(Zoo.All.Count), "each model starts one row, its name unbroken");
            Assert.That(lines.Length, Is.GreaterThan(Zoo.All.Count + 2), "long cells wrap onto more lines");
            Assert.That(Zoo.All.SelectMany(model => model.Description.Split(' ')).Distinct(), Is.SubsetOf(words), "no word of a description is lost");
        });
    }

    [Test]
    public async Task Models_Json_Is_One_Document_With_Every_Model()
    {
        var result = await AppRunner.RunAsync("models", "--json");

        var models = JsonNode.Parse(result.Output)!["models"]!.AsArray();
        var fast = models.Single(model => (string?)model!["name"] == "fast")!;
        var summary = Summary.Of(Zoo.Fast.Network, 1, 1, 28, 28);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
            Assert.That(models.Select(model => (string?)model!["name"]), Is.EqualTo(Zoo.All.Select(model => model.Name)));
            Assert.That((bool?)fast["default"], Is.True);
            Assert.That((long?)fast["parameters"], Is.EqualTo(summary.TotalParameters));
            Assert.That((long?)fast["multiply_adds"], Is.EqualTo(summary.TotalMultiplyAdds));
            Assert.That((double?)fast["mflops"], Is.EqualTo(2.0 * summary.TotalMultiplyAdds / 1e6).Within(1e-3));
            Assert.That((string?)fast["recipe"]!["optimizer"], Is.EqualTo("sgd"));
            Assert.That((int?)fast["recipe"]!["batch_size"], Is.EqualTo(Zoo.Fast.Recipe.BatchSize));
        });
    }
}
