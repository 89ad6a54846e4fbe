using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Mnist.Functional.Testing;

namespace Mnist.Functional.Reports.Tests.Notebooks;

/// <summary>
/// Executes <c>notebooks/mnist-walkthrough.ipynb</c> headless, as <c>jupyter nbconvert --execute</c> does, on
/// the library packed from this checkout, and reads the executed copy.
/// </summary>
[Category("Notebook")]
[Category("RealData")]
public sealed partial class WalkthroughNotebookTests
{
    /// <summary>Set to 1 (CI does) to make missing Jupyter or kernel a failure rather than a skip.</summary>
    public const string RequireVariable = "MNIST_REQUIRE_NOTEBOOK";

    private const string Notebook = "notebooks/mnist-walkthrough.ipynb";
    private static readonly TimeSpan PrepareLimit = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ExecuteLimit = TimeSpan.FromMinutes(15);

    [Test]
    public void Walkthrough_Runs_Headless_Without_Errors_To_Its_Accuracy_Line_And_Charts()
    {
        // Given Jupyter, the .NET kernel, and the library packed from this checkout
        var root = Repository.Root();
        RequireJupyterAndKernel(root);
        ExternalProgram.Run("bash", ["scripts/prepare-notebook.sh"], root, PrepareLimit);

        // When nbconvert executes the notebook into a temp folder
        using var output = new TempFolder();
        ExternalProgram.Run("jupyter", ["nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=900", "--output-dir", output.Path, Path.GetFileName(Notebook)],
            Path.Combine(root, Path.GetDirectoryName(Notebook)!), ExecuteLimit);

        // Then no cell failed, the evaluation printed its accuracy, and the charts are there
        var executed = JsonNode.Parse(File.ReadAllText(output.File(Path.GetFileName(Notebook))))!;
        var outputs = executed["cells"]!.AsArray().SelectMany(cell => cell!["outputs"]?.AsArray() ?? []).Select(node => node!).ToArray();
        var errors = outputs.Where(node => (string?)node["output_type"] == "error").Select(node => $"{node["ename"]}: {node["evalue"]}").ToArray();
        var text = string.Concat(outputs.Where(node => (string?)node["output_type"] == "stream").Select(node => Joined(node["text"])));
        var charts = outputs.Select(node => Joined(node["data"]?["text/html"])).Count(html => html.Contains("Plotly.newPlot(", StringComparison.Ordinal));
        var accuracy = AccuracyLine().Match(text);

        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.Empty, "cells that failed");
            Assert.That(accuracy.Success, Is.True, $"no 'Test accuracy: NN.NN%' line in the output:\n{text}");
            if (accuracy.Success)
                Assert.That(double.Parse(accuracy.Groups["percent"].Value.Replace(',', '.'), CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(98.5));
            Assert.That(charts, Is.GreaterThanOrEqualTo(1), "chart outputs (HTML that draws a plotly.js figure)");
        });
    }

    /// <summary>Ignores the test when Jupyter or the .NET kernel is missing, unless <see cref="RequireVariable"/> asks for it.</summary>
    private static void RequireJupyterAndKernel(string root)
    {
        var missing = new List<string>();
        if (!Succeeds("jupyter-nbconvert", ["--version"], root)) missing.Add("jupyter nbconvert");
        if (!Succeeds("jupyter-kernelspec", ["list"], root, output => output.Contains(".net-csharp", StringComparison.Ordinal))) missing.Add("the .NET (C#) Jupyter kernel");
        if (!Succeeds("dotnet", ["interactive", "--version"], root)) missing.Add("the dotnet-interactive tool of dotnet-tools.json");
        if (missing.Count == 0) return;

        var message = $"Not installed: {string.Join(", ", missing)}. Run scripts/install-notebook.sh to install them.";
        if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
            Assert.Fail($"{message} ({RequireVariable}=1 requires the notebook test.)");
        Assert.Ignore(message);
    }

    private static bool Succeeds(string program, string[] arguments, string folder, Func<string, bool>? check = null)
    {
        try
        {
            var output = ExternalProgram.Run(program, arguments, folder, TimeSpan.FromMinutes(1));
            return check?.Invoke(output) ?? true;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or ExternalProgramException)
        {
            return false;
        }
    }

    // Jupyter stores text as one string or as a list of lines.
    private static string Joined(JsonNode? text) => text switch
    {
        JsonArray lines => string.Concat(lines.Select(line => (string?)line)),
        JsonValue value => (string?)value ?? "",
        _ => "",
    };

    [GeneratedRegex(@"Test accuracy: (?<percent>\d+[.,]\d+)%")]
    private static partial Regex AccuracyLine();

}
