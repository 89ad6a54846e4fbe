using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Mnist.App.Cli;
using Mnist.App.Digits;
using Mnist.Functional.Datasets;
using Mnist.Functional.Evaluation;
using Mnist.Functional.IO;
using Mnist.Functional.Images;
using Mnist.Functional.Native;
using Mnist.Functional.Reports;
using Mnist.Functional.Runs;
using Mnist.Functional.Text;

namespace Mnist.App.Commands;

/// <summary>
/// <c>predict --checkpoint DIR IMAGE...</c>: turns each image into a 28×28 digit the MNIST way
/// (<see cref="DigitImage"/>) and prints the class the trained model gives it, with its probabilities and,
/// when the answer is weak, why (<see cref="WeakAnswer"/>); <c>--show DIR</c> writes what the model saw.
/// A folder stands for its image files. Every readable image is answered; each refused one is named with its reason,
/// and the exit code is <see cref="ExitCodes.SomeRefused"/> when some were (<see cref="ExitCodes.InputError"/> when all were).
/// </summary>
public static class PredictCommand
{
    private const int DefaultTop = 3;

    /// <summary>The most images one call reads, a folder's counted one by one: more is refused before any is read.</summary>
    public const int MaxImages = 1_000;

    /// <summary>The file name endings a folder's image files have (compared without case).</summary>
    public static readonly IReadOnlyList<string> ImageExtensions = [".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp"];

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var checkpoint = new Option<string>("--checkpoint", "-c")
        {
            Description = "A run folder that 'train' wrote, or its checkpoint folder (which holds checkpoint.json).",
            HelpName = "DIR",
            Required = true,
        };
        var top = NumberOptions.Whole("--top", $"How many of the most probable classes to show for each image (default {DefaultTop}; at most all of them; --json always gives all).");
        top.HelpName = "K";
        var json = new Option<bool>("--json") { Description = "Write one JSON document on standard output: every image with all class probabilities and its warnings." };
        var show = new Option<string?>("--show")
        {
            Description = "Write each image beside the 28×28 digit the model saw (PNG) and one HTML contact sheet, index.html, into this folder.",
            HelpName = "DIR",
        };
        var images = new Argument<string[]>("IMAGE")
        {
            Description = $"Image files (PNG, JPEG, WebP, GIF, BMP) of one digit each, any size: a photo, a scan or a drawing; a folder stands for its image files, by name (at most {MaxImages:N0} images in all).",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("predict", "Classify digits in image files with a trained model, printing each file's class, probabilities and any warning.");
        command.Options.Add(checkpoint);
        command.Options.Add(top);
        command.Options.Add(json);
        command.Options.Add(show);
        command.Arguments.Add(images);
        command.SetAction(CommandAction.Guarded(async (parse, _) =>
        {
            var (output, error) = (parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            var (named, refused) = Expand(parse.GetValue(images)!);
            var showFolder = parse.GetValue(show) is { } wanted ? OutputTarget.Folder("--show", wanted, error) : null;
            var (files, prepared) = (new List<string>(), new List<PreparedDigit>());
            foreach (var file in named)
            {
                try
                {
                    prepared.Add(DigitImage.Load(file));
                    files.Add(file);
                }
                catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException)
                {
                    refused.Add((file, CommandAction.MessageOf(e)));
                }
            }
            foreach (var (_, reason) in refused)
                await error.WriteLineAsync($"error: {reason}");
            if (files.Count == 0)
                return ExitCodes.InputError;

            Engine.Start(EngineOptions.ForTraining);
            using var trained = TrainedModel.Load(RunFolders.CheckpointOf(parse.GetValue(checkpoint)!));
            // The files were checked as 28 × 28 digits before the model was read; a model of other images gets them at its size.
            if (trained.Dataset.Image != ImageShape.Mnist)
                prepared = [.. files.Select(file => DigitImage.Load(file, size: trained.Dataset.Image))];
            var predictions = DigitReader.Read(trained, [.. prepared.Select(digit => digit.Digit)]).RequireFinite(i => files[i]);
            var weak = prepared.Select((digit, i) => WeakAnswer.Reasons(digit.Warnings, predictions.Top(i, 1)[0].Probability)).ToList();
            if (showFolder is not null)
            {
                OutputTarget.Writing("--show", showFolder, () => WriteShow(showFolder, files, prepared, predictions, weak));
                await error.WriteLineAsync($"contact sheet: {OutsideText.Show(Path.Combine(showFolder, "index.html"))} (and each image beside the digit the model saw, as a PNG, in the same folder)");
            }
            if (parse.GetValue(json))
                await JsonOutput.WriteAsync(output, ToJson(trained, files, predictions, weak, refused));
            else
                foreach (var line in Lines(files, predictions, weak, parse.GetValue(top) ?? DefaultTop))
                    await output.WriteLineAsync(line);
            if (refused.Count == 0)
                return ExitCodes.Success;
            await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"answered {files.Count:N0} of {files.Count + refused.Count:N0} images; {refused.Count:N0} refused, each named above (exit code {ExitCodes.SomeRefused})."));
            return ExitCodes.SomeRefused;
        }));
        return command;
    }

    /// <summary>
    /// The image files the arguments name, in order: a file as it is, a folder as its image files (<see cref="ImageExtensions"/>,
    /// not its subfolders) sorted by name; a folder with none is refused by name. More than <see cref="MaxImages"/> in all is refused whole.
    /// </summary>
    /// <exception cref="ArgumentException">The arguments name more than <see cref="MaxImages"/> images.</exception>
    public static (List<string> Files, List<(string File, string Reason)> Refused) Expand(IReadOnlyList<string> arguments)
    {
        var (files, refused) = (new List<string>(), new List<(string File, string Reason)>());
        foreach (var argument in arguments)
        {
            if (!Directory.Exists(argument))
            {
                files.Add(argument);
                continue;
            }
            var inside = Directory.EnumerateFiles(argument)
                .Where(file => ImageExtensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase))
                .Take(MaxImages + 1)
                .Order(StringComparer.Ordinal)
                .ToList();
            if (inside.Count == 0)
                refused.Add((argument, $"{OutsideText.Show(argument)} is a folder that holds no image file ({string.Join(", ", ImageExtensions)}); give image files or a folder of them."));
            files.AddRange(inside);
            if (files.Count > MaxImages)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"predict reads at most {MaxImages:N0} images at a time, and the arguments name more ({OutsideText.Show(argument)} alone holds {(inside.Count > MaxImages ? $"more than {MaxImages:N0}" : inside.Count.ToString("N0", CultureInfo.InvariantCulture))}): give fewer files or smaller folders."));
        }
        return (files, refused);
    }

    // One line per image: "seven.png  7 (99.95%); next 1 (0.03%), 2 (0.01%)", and one "  warning: ..." line per reason it is weak.
    private static IEnumerable<string> Lines(IReadOnlyList<string> files, ClassProbabilities predictions, List<IReadOnlyList<(string Code, string Text)>> weak, int top)
    {
        var shown = files.Select(file => OutsideText.Show(file)).ToList();
        var width = shown.Max(file => file.Length);
        return shown.SelectMany((file, i) =>
        {
            var ranked = predictions.Top(i, top).Select(pair => $"{Label(predictions, pair.Class)} ({Percent(pair.Probability)})").ToList();
            var line = $"{file.PadRight(width)}  {ranked[0]}{(ranked.Count > 1 ? "; next " + string.Join(", ", ranked.Skip(1)) : "")}";
            return weak[i].Select(reason => $"{new string(' ', width)}  warning: {reason.Text}").Prepend(line);
        });
    }

    private static JsonObject ToJson(TrainedModel trained, IReadOnlyList<string> files, ClassProbabilities predictions, List<IReadOnlyList<(string Code, string Text)>> weak,
        List<(string File, string Reason)> refused) => new()
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
            ["weak"] = weak[i].Count > 0,
            ["warnings"] = new JsonArray([.. weak[i].Select(reason => (JsonNode?)JsonValue.Create(reason.Code))]),
        })]),
        ["refused"] = new JsonArray([.. refused.Select(entry => (JsonNode?)new JsonObject { ["file"] = entry.File, ["reason"] = entry.Reason })]),
    };

    // FOLDER/NN-NAME.png per image (the picture beside its 28×28 digit, enlarged) and FOLDER/index.html, each written to a temporary file first.
    private static void WriteShow(string folder, List<string> files, List<PreparedDigit> prepared, ClassProbabilities predictions, List<IReadOnlyList<(string Code, string Text)>> weak)
    {
        var entries = new List<ContactSheetEntry>();
        for (var i = 0; i < files.Count; i++)
        {
            var image = SideBySide.Of(prepared[i]);
            var png = GreyPng.Encode(image.Pixels, image.Width, image.Height);
            AtomicFile.Write(Path.Combine(folder, $"{i + 1:00}-{Path.GetFileNameWithoutExtension(files[i])}.png"), stream => stream.Write(png));
            var top3 = predictions.Top(i, 3).Select(pair => (Label(predictions, pair.Class), pair.Probability)).ToList();
            entries.Add(new ContactSheetEntry(Path.GetFileName(files[i]), image.Pixels, image.Width, image.Height, top3, [.. weak[i].Select(reason => reason.Text)]));
        }
        AtomicFile.WriteText(Path.Combine(folder, "index.html"), ContactSheet.Render("What the model saw", entries));
    }

    // MNIST's class names are its digits, so "7" alone; Fashion-MNIST's get the index too: "9 Ankle boot".
    private static string Label(ClassProbabilities predictions, int classIndex)
    {
        var name = predictions.ClassNames[classIndex];
        var index = classIndex.ToString(CultureInfo.InvariantCulture);
        return name == index ? name : $"{index} {name}";
    }

    private static string Percent(float probability) => string.Create(CultureInfo.InvariantCulture, $"{probability * 100:0.00}%");
}
