using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Mnist.App.Cli;
using Mnist.App.Digits;
using Mnist.Functional.Datasets;
using Mnist.Functional.Evaluation;
using Mnist.Functional.Explain;
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
/// <remarks>
/// The model is loaded first, then the images are read in batches of <see cref="BatchSize"/>: each batch is prepared,
/// read by the model, printed and written to <c>--show</c>, then let go, so that memory is bounded by one batch and
/// not by the number of images (the contact sheet is written as it goes; <c>--json</c> keeps a few numbers per image).
/// </remarks>
public static class PredictCommand
{
    private const int DefaultTop = 3;

    /// <summary>The most images one call reads, a folder's counted one by one: more is refused before any is read.</summary>
    public const int MaxImages = 100_000;

    /// <summary>How many images are prepared and read by the model at a time.</summary>
    public const int BatchSize = 64;

    /// <summary>The file name endings a folder's image files have (compared without case).</summary>
    public static readonly IReadOnlyList<string> ImageExtensions = [".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp"];

    private const string SheetName = "index.html";

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
            Description = "Write each image beside the 28×28 digit the model saw and where it looked (integrated gradients of the predicted class), as PNG files, and one HTML contact sheet, index.html, into this folder.",
            HelpName = "DIR",
        };
        var force = OutputTarget.Force();
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
        command.Options.Add(force);
        command.Arguments.Add(images);
        command.SetAction(CommandAction.Guarded(async (parse, _) =>
        {
            var (output, error) = (parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            var (named, refused) = Expand(parse.GetValue(images)!, MaxImages);
            foreach (var (_, reason) in refused)
                await error.WriteLineAsync($"error: {reason}");
            var showFolder = parse.GetValue(show) is { } wanted ? OutputTarget.Folder("--show", wanted, error) : null;
            if (showFolder is not null)
                foreach (var file in named.SelectMany((file, i) => new[] { ShownName(i, file), HeatmapName(i, file) }).Prepend(SheetName))
                    OutputTarget.Check("--show", Path.Combine(showFolder, file), parse.GetValue(force));
            if (named.Count == 0)
                return ExitCodes.InputError;

            CommandEngine.Start(EngineOptions.ForTraining);
            using var trained = TrainedModel.Load(RunFolders.CheckpointOf(parse.GetValue(checkpoint)!));
            using var sheet = showFolder is null ? null : ShowFolder.Start(showFolder);
            var answers = new List<Answer>();
            var width = named.Max(file => OutsideText.Show(file).Length);
            var answered = 0;
            foreach (var batch in named.Select((file, i) => (File: file, Index: i)).Chunk(BatchSize))
            {
                var prepared = new List<(string File, int Index, PreparedDigit Digit)>();
                foreach (var (file, index) in batch)
                {
                    try
                    {
                        prepared.Add((file, index, DigitImage.Load(file, size: trained.Dataset.Image)));
                    }
                    catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException)
                    {
                        refused.Add((file, CommandAction.MessageOf(e)));
                        await error.WriteLineAsync($"error: {CommandAction.MessageOf(e)}");
                    }
                }
                if (prepared.Count == 0)
                    continue;
                var predictions = DigitReader.Read(trained, [.. prepared.Select(item => item.Digit.Digit)]).RequireFinite(i => prepared[i].File);
                var explanations = sheet is null ? null : ShowFolder.Explain(trained, prepared.Select(item => item.Digit), predictions);
                for (var i = 0; i < prepared.Count; i++)
                {
                    var weak = WeakAnswer.Reasons(prepared[i].Digit.Warnings, predictions.Top(i, 1)[0].Probability);
                    sheet?.Add(prepared[i].Index, prepared[i].File, prepared[i].Digit, predictions, i, weak, explanations![i]);
                    if (parse.GetValue(json))
                        answers.Add(new Answer(prepared[i].File, predictions.Predicted[i], [.. Enumerable.Range(0, predictions.ClassNames.Length).Select(c => predictions.Probability(i, c))], [.. weak.Select(reason => reason.Code)]));
                    else
                        foreach (var line in Lines(prepared[i].File, width, predictions, i, weak, parse.GetValue(top) ?? DefaultTop))
                            await output.WriteLineAsync(line);
                }
                answered += prepared.Count;
            }
            if (sheet is not null && answered > 0)
            {
                OutputTarget.Writing("--show", showFolder!, sheet.Commit);
                await error.WriteLineAsync($"contact sheet: {OutsideText.Show(Path.Combine(showFolder!, SheetName))} (and each image beside the digit the model saw, and where it looked, as PNGs in the same folder)");
            }
            if (parse.GetValue(json))
                await JsonOutput.WriteAsync(output, Document(trained, refused), "predictions", answers.Select(answer => answer.ToJson(trained.Dataset.ClassNames)));
            if (answered == 0)
                return ExitCodes.InputError;
            if (refused.Count == 0)
                return ExitCodes.Success;
            await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"answered {answered:N0} of {answered + refused.Count:N0} images; {refused.Count:N0} refused, each named above (exit code {ExitCodes.SomeRefused})."));
            return ExitCodes.SomeRefused;
        }));
        return command;
    }

    /// <summary>
    /// The image files the arguments name, in order: a file as it is, a folder as its image files (<see cref="ImageExtensions"/>,
    /// not its subfolders) sorted by name; a folder with none is refused by name. More than <paramref name="most"/> in all is refused whole.
    /// </summary>
    /// <exception cref="ArgumentException">The arguments name more than <paramref name="most"/> images.</exception>
    public static (List<string> Files, List<(string File, string Reason)> Refused) Expand(IReadOnlyList<string> arguments, int most)
    {
        var (files, refused) = (new List<string>(), new List<(string File, string Reason)>());
        foreach (var argument in arguments)
        {
            if (!Directory.Exists(argument))
            {
                files.Add(argument);
                if (files.Count > most)
                    throw TooMany(most, $"{files.Count:N0} files named");
                continue;
            }
            var inside = Directory.EnumerateFiles(argument)
                .Where(file => ImageExtensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase))
                .Take(most + 1)
                .Order(StringComparer.Ordinal)
                .ToList();
            if (inside.Count == 0)
                refused.Add((argument, $"{OutsideText.Show(argument)} is a folder that holds no image file ({string.Join(", ", ImageExtensions)}); give image files or a folder of them."));
            files.AddRange(inside);
            if (files.Count > most)
                throw TooMany(most, $"{OutsideText.Show(argument)} alone holds {(inside.Count > most ? $"more than {most:N0}" : inside.Count.ToString("N0", CultureInfo.InvariantCulture))}");
        }
        return (files, refused);
    }

    private static ArgumentException TooMany(int most, string which) => new(string.Create(CultureInfo.InvariantCulture,
        $"predict reads at most {most:N0} images at a time, and the arguments name more ({which}): give fewer files or smaller folders."));

    // The --show picture of the image at position index of those named: NN-NAME.png.
    private static string ShownName(int index, string file) => string.Create(CultureInfo.InvariantCulture, $"{index + 1:00}-{Path.GetFileNameWithoutExtension(file)}.png");

    // Where the model looked for that image's predicted class: NN-NAME-integrated-gradients.png.
    private static string HeatmapName(int index, string file) =>
        string.Create(CultureInfo.InvariantCulture, $"{index + 1:00}-{Path.GetFileNameWithoutExtension(file)}-{ShowFolder.Method.Name}.png");

    // "seven.png  7 (99.95%); next 1 (0.03%), 2 (0.01%)", and one "  warning: ..." line per reason it is weak.
    private static IEnumerable<string> Lines(string file, int width, ClassProbabilities predictions, int i, IReadOnlyList<(string Code, string Text)> weak, int top)
    {
        var ranked = predictions.Top(i, top).Select(pair => $"{Label(predictions, pair.Class)} ({Percent(pair.Probability)})").ToList();
        var line = $"{OutsideText.Show(file).PadRight(width)}  {ranked[0]}{(ranked.Count > 1 ? "; next " + string.Join(", ", ranked.Skip(1)) : "")}";
        return weak.Select(reason => $"{new string(' ', width)}  warning: {reason.Text}").Prepend(line);
    }

    private static JsonObject Document(TrainedModel trained, List<(string File, string Reason)> refused) => new()
    {
        ["model"] = trained.Spec.Model.Name,
        ["dataset"] = trained.Spec.Dataset.Id,
        ["predictions"] = null,
        ["refused"] = new JsonArray([.. refused.Select(entry => (JsonNode?)new JsonObject { ["file"] = entry.File, ["reason"] = entry.Reason })]),
    };

    // What --json keeps of each answered image until the document is written: a few numbers, not the image.
    private sealed record Answer(string File, int Predicted, float[] Probabilities, string[] Warnings)
    {
        public JsonObject ToJson(IReadOnlyList<string> classNames) => new()
        {
            ["file"] = File,
            ["predicted"] = Predicted,
            ["label_name"] = classNames[Predicted],
            ["probabilities"] = new JsonObject(classNames.Select((name, c) => KeyValuePair.Create(name, (JsonNode?)JsonValue.Create(Probabilities[c])))),
            ["weak"] = Warnings.Length > 0,
            ["warnings"] = new JsonArray([.. Warnings.Select(code => (JsonNode?)JsonValue.Create(code))]),
        };
    }

    // The --show folder as it is written: FOLDER/NN-NAME.png per image (the picture beside its 28×28 digit, enlarged),
    // each written whole (AtomicFile), and FOLDER/index.html, written entry by entry into a pending file that becomes the
    // sheet only once complete.
    private sealed class ShowFolder(string folder, PendingFile page) : IDisposable
    {
        private StreamWriter? html;

        public static ShowFolder Start(string folder)
        {
            var sheet = Path.Combine(folder, SheetName);
            try
            {
                return new ShowFolder(folder, PendingFile.Create(sheet));
            }
            catch (FileWriteException e)
            {
                throw OutputTarget.CannotWrite("--show", sheet, e);
            }
        }

        // The attribution method of the heatmaps: integrated gradients of the predicted class's logit.
        public static readonly IntegratedGradients Method = new();

        // Where the model looked in each of a batch's digits, for the class it predicted.
        public static IReadOnlyList<DigitExplanation> Explain(TrainedModel trained, IEnumerable<PreparedDigit> digits, ClassProbabilities predictions)
        {
            using var scope = TorchSharp.torch.NewDisposeScope();
            return DigitExplainer.Explain(trained, Method, ScoreKind.Logit, DigitImage.Stack([.. digits.Select(digit => digit.Digit)]), predictions.Predicted);
        }

        public void Add(int index, string file, PreparedDigit prepared, ClassProbabilities predictions, int i, IReadOnlyList<(string Code, string Text)> weak, DigitExplanation explanation)
        {
            if (html is null)
            {
                html = new StreamWriter(page.Stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
                ContactSheet.Begin(html, "What the model saw");
            }
            var image = SideBySide.Of(prepared);
            var png = GreyPng.Encode(image.Pixels, image.Width, image.Height);
            OutputTarget.Writing("--show", folder, () => AtomicFile.Write(Path.Combine(folder, ShownName(index, file)), stream => stream.Write(png)));
            var heatmap = HeatmapOverlay.Png(prepared.Digit, explanation.Map);
            OutputTarget.Writing("--show", folder, () => AtomicFile.Write(Path.Combine(folder, HeatmapName(index, file)), stream => stream.Write(heatmap)));
            var top3 = predictions.Top(i, 3).Select(pair => (Label(predictions, pair.Class), pair.Probability)).ToList();
            ContactSheet.Entry(html, new ContactSheetEntry(Path.GetFileName(file), image.Pixels, image.Width, image.Height, top3, [.. weak.Select(reason => reason.Text)],
                heatmap, $"Where it looked for {Label(predictions, predictions.Predicted[i])}: red pixels raised its logit, blue ones lowered it (integrated gradients; mnist explain for more)."));
        }

        public void Commit()
        {
            ContactSheet.End(html!);
            // The writer flushes as it is disposed; the page's stream stays open (leaveOpen) until the commit closes it.
            html!.Dispose();
            html = null;
            page.Commit();
        }

        public void Dispose()
        {
            html?.Dispose();
            page.Dispose();
        }
    }

    private static string Label(ClassProbabilities predictions, int classIndex) => ClassLabels.Of(predictions.ClassNames, classIndex);

    private static string Percent(float probability) => string.Create(CultureInfo.InvariantCulture, $"{probability * 100:0.00}%");
}
