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

    [Test]
    public async Task Architecture_Prints_A_Zoo_Models_Json_Form_That_Reads_Back_To_Its_Network()
    {
        var result = await AppRunner.RunAsync("models", "--architecture", "speedrun");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
            Assert.That(result.Output, Is.EqualTo(ArchitectureJson.Write(Zoo.Speedrun.Network)));
            Assert.That(ArchitectureJson.Read(result.Output, [1, 28, 28], 10, "stdout"), Is.EqualTo(Zoo.Speedrun.Network));
        });
    }

    [Test]
    public async Task Summary_Of_An_Architecture_File_Is_Its_Layer_Table_And_A_Wrong_Shape_Is_Refused_Naming_The_Layer()
    {
        var folder = Directory.CreateTempSubdirectory("mnist-app-models-");
        try
        {
            var file = Path.Combine(folder.FullName, "lenet.json");
            File.WriteAllText(file, ArchitectureJson.Write(Zoo.LeNet5.Network));
            var wrong = Path.Combine(folder.FullName, "wrong.json");
            File.WriteAllText(wrong, """{ "version": 1, "kind": "sequential", "layers": [{ "kind": "flatten" }, { "kind": "linear", "in_features": 100, "out_features": 10 }] }""");

            var summary = await AppRunner.RunAsync("models", "--summary", "--model-file", file);
            var refused = await AppRunner.RunAsync("models", "--summary", "--model-file", wrong);

            Assert.Multiple(() =>
            {
                Assert.That(summary.ExitCode, Is.EqualTo(ExitCodes.Success), summary.Error);
                Assert.That(summary.Output.TrimEnd(), Is.EqualTo(Summary.Of(Zoo.LeNet5.Network, 1, 1, 28, 28).ToString().TrimEnd()));
                Assert.That(refused.ExitCode, Is.EqualTo(ExitCodes.InputError));
                Assert.That(refused.Error, Does.StartWith($"error: {wrong}: the layer at 'layers[1]' is Linear(100, 10)").And.Contain("[2, 784]"));
            });
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [TestCase("--summary")]
    [TestCase("--architecture", "fast", "--model-file", "x.json")]
    [TestCase("--architecture", "resnet")]
    public async Task Options_That_Do_Not_Go_Together_Are_Refused(params string[] options)
    {
        var result = await AppRunner.RunAsync(["models", .. options]);

        Assert.That(result.ExitCode, Is.Not.EqualTo(ExitCodes.Success));
    }
}
