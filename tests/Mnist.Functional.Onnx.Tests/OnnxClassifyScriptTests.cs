using System.Text.RegularExpressions;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Evaluation;
using Mnist.Functional.Models;
using Mnist.Functional.Testing;

namespace Mnist.Functional.Onnx.Tests;

/// <summary>
/// The ONNX Runtime program of docs/deploy.md (<c>scripts/onnx-classify.cs</c>, ONNX Runtime and nothing of this library)
/// classifies test digits with an exported model exactly as the library does, run by the guide's own command.
/// </summary>
[Category("RealData")]
public sealed partial class OnnxClassifyScriptTests
{
    private const int Digits = 20;

    [Test]
    public void The_Readmes_Onnx_Runtime_Program_Is_The_Scripts_Word_For_Word()
    {
        var readmeCode = ReadmeCode.Blocks("docs/deploy.md", "## ONNX Runtime in C#")[0];
        var scriptCode = ReadmeCode.Region("scripts/onnx-classify.cs", "// README: ONNX Runtime program", "// README: end");

        Assert.That(ReadmeCode.Lines(readmeCode), Is.EqualTo(ReadmeCode.Lines(scriptCode)));
    }

    [Test]
    public async Task The_Program_Classifies_Test_Digits_As_The_Library_Does()
    {
        using var mnist = await DataSources.LoadAsync(DatasetCatalog.Mnist);
        using var folder = new TempFolder();
        var model = Zoo.Default;
        using var trained = BrieflyTrained.DefaultModel(mnist, digits: 1_000);
        OnnxExport.Save(folder.File("model.onnx"), OnnxExport.ToModel(model.Network, trained.Variables, new OnnxInput(mnist.Stats)));
        var ours = Evaluator.Predict(model.Network, trained.Variables, mnist.Test.Images.narrow(0, 0, Digits), mnist.Test.Labels.narrow(0, 0, Digits),
            mnist.Info.ClassNames, preprocess: mnist.Preprocessing);

        var output = Run("dotnet", "run", "scripts/onnx-classify.cs", "--", folder.File("model.onnx"), mnist.Files!.PathOf(SplitKind.Test, IdxKind.Images), $"{Digits}");

        var classes = ClassLine().Matches(output).Select(match => int.Parse(match.Groups["class"].Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.That(classes, Is.EqualTo(ours.Predicted.ToArray()), output);
    }

    private static string Run(string program, params string[] arguments) => ExternalProgram.Run(program, arguments, Repository.Root(), TimeSpan.FromMinutes(5));

    [GeneratedRegex(@"^digit \d+: class (?<class>\d)", RegexOptions.Multiline)]
    private static partial Regex ClassLine();
}
