using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Mnist.App.Cli;
using Mnist.Functional.Data;
using Mnist.Functional.Data.Images;
using Mnist.Functional.Evaluation;
using Mnist.Functional.IO;
using Mnist.Functional.Models;
using Mnist.Functional.Persistence;
using Mnist.Functional.Tensors;
using static TorchSharp.torch;

namespace Mnist.App.Commands;

/// <summary>
/// <c>predict --checkpoint DIR IMAGE...</c>: turns each PNG or JPEG into a 28×28 digit the MNIST way
/// (<see cref="DigitImage"/>) and prints the class the trained model gives it, with its probabilities.
/// </summary>
public static class PredictCommand
{
    private const int DefaultTop = 3;

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var checkpoint = new Option<string>("--checkpoint", "-c")
        {
            Description = "The checkpoint folder that 'train' wrote (it holds checkpoint.json).",
            HelpName = "DIR",
            Required = true,
        };
        var top = NumberOptions.Whole("--top", $"How many of the most probable classes to show for each image (default {DefaultTop}; at most all of them; --json always gives all).");
        top.HelpName = "K";
        var json = new Option<bool>("--json") { Description = "Write one JSON document on standard output: every image with all class probabilities." };
        var images = new Argument<string[]>("IMAGE")
        {
            Description = "PNG or JPEG files of one digit each, any size: dark on light or light on dark.",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("predict", "Classify digits in PNG or JPEG files with a trained model, printing each file's class and probabilities.");
        command.Options.Add(checkpoint);
        command.Options.Add(top);
        command.Options.Add(json);
        command.Arguments.Add(images);
        command.SetAction(CommandAction.Guarded(async (parse, _) =>
        {
            var files = parse.GetValue(images)!;
            var digits = files.Select(DigitImage.Load).ToList();
            Engine.Start();
            using var trained = TrainedModel.Load(parse.GetValue(checkpoint)!);
            var predictions = Predict(trained, digits).RequireFinite(i => files[i]);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
                await JsonOutput.WriteAsync(output, ToJson(trained, files, predictions));
            else
                foreach (var line in Lines(files, predictions, parse.GetValue(top) ?? DefaultTop))
                    await output.WriteLineAsync(line);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static ClassProbabilities Predict(TrainedModel trained, List<GreyImage> digits)
    {
        using var scope = NewDisposeScope();
        var images = DigitImage.Stack(digits);
        return Evaluator.Probabilities(trained.Model.Network, trained.Variables, images, trained.Dataset.ClassNames, preprocess: trained.Preprocessing);
    }

    // One line per image: "seven.png  7 (99.95%); next 1 (0.03%), 2 (0.01%)".
    private static IEnumerable<string> Lines(IReadOnlyList<string> files, ClassProbabilities predictions, int top)
    {
        var shown = files.Select(file => OutsideText.Show(file)).ToList();
        var width = shown.Max(file => file.Length);
        return shown.Select((file, i) =>
        {
            var ranked = predictions.Top(i, top).Select(pair => $"{Label(predictions, pair.Class)} ({Percent(pair.Probability)})").ToList();
            return $"{file.PadRight(width)}  {ranked[0]}{(ranked.Count > 1 ? "; next " + string.Join(", ", ranked.Skip(1)) : "")}";
        });
    }

    private static JsonObject ToJson(TrainedModel trained, IReadOnlyList<string> files, ClassProbabilities predictions) => new()
    {
        ["model"] = trained.Spec.Model.Name,
        ["dataset"] = trained.Spec.Dataset.Id,
        ["predictions"] = new JsonArray([.. files.Select((file, i) => new JsonObject
        {
            ["file"] = file,
            ["predicted"] = predictions.Predicted[i],
            ["label_name"] = predictions.ClassNames[predictions.Predicted[i]],
            ["probabilities"] = new JsonObject(predictions.ClassNames.Select((name, c) =>
                KeyValuePair.Create(name, (JsonNode?)JsonValue.Create(predictions.Probability(i, c))))),
        })]),
    };

    // MNIST's class names are its digits, so "7" alone; Fashion-MNIST's get the index too: "9 Ankle boot".
    private static string Label(ClassProbabilities predictions, int classIndex)
    {
        var name = predictions.ClassNames[classIndex];
        var index = classIndex.ToString(CultureInfo.InvariantCulture);
        return name == index ? name : $"{index} {name}";
    }

    private static string Percent(float probability) => string.Create(CultureInfo.InvariantCulture, $"{probability * 100:0.00}%");
}
