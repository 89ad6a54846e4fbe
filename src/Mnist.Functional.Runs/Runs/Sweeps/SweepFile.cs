using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mnist.Functional.Datasets;
using Mnist.Functional.IO;
using Mnist.Functional.Layers;
using Mnist.Functional.Models;

namespace Mnist.Functional.Runs.Sweeps;

/// <summary>
/// Reads a sweep file: a base run, the settings to vary, and how to sample them. Every field is checked, and every trial
/// is built and checked as a whole run through <see cref="RunSpecJson"/>, before any trial starts:
/// <code>
/// { "version": 1, "name": "lr-and-batch",
///   "run": { "model": "fast", "dataset": "fashion", "recipe": { "epochs": 2 }, "train_items": 2000, "validation_size": 500 },
///   "vary": { "recipe.learning_rate": [0.05, 0.1, 0.2], "recipe.batch_size": [64, 128], "seed": { "from": 1, "to": 3 },
///             "recipe.weight_decay": { "min": 1e-5, "max": 1e-3, "scale": "log" } },
///   "sampling": { "method": "random", "count": 20, "seed": 7 },
///   "shards": 4 }
/// </code>
/// <c>run</c> holds the fields of a run's specification (<c>run.json</c>'s <c>spec</c>); what it leaves out is the model's own
/// recipe and the library's defaults. <c>vary</c> names fields by their dotted path: a list is taken in order, a whole-number
/// range <c>{ "from", "to", "step" }</c> is a list, and a continuous range <c>{ "min", "max", "scale": "linear" | "log" }</c>
/// can only be drawn from. <c>sampling</c> is <c>"grid"</c> (every combination, the last setting changing fastest; the default)
/// or <c>{ "method": "random", "count", "seed" }</c> (seeded draws: the same file gives the same trials on every machine).
/// </summary>
public static class SweepFile
{
    /// <summary>The version of the format this library reads.</summary>
    public const int Version = 1;

    /// <summary>The name of grid sampling.</summary>
    public const string Grid = "grid";

    /// <summary>The most trials a sweep may hold.</summary>
    public const int MaxTrials = 100_000;

    /// <summary>The largest sweep file read.</summary>
    public const long MaxBytes = 1L << 20;

    /// <summary>The setting that names an architecture file, relative to the sweep file, in place of a zoo model.</summary>
    public const string ModelFile = "model_file";

    internal const string Remedy = "Correct the sweep file; no trial has started.";

    private static readonly JsonDocumentOptions Parsing = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 16 };

    /// <summary>Reads and checks the sweep in <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid sweep; the message names the file and the field's path.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static Sweep Read(string path)
    {
        var text = InputFile.ReadAllText(path, "a sweep file", MaxBytes);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        return Parse(text, path, Path.GetFileNameWithoutExtension(path), written =>
        {
            var file = Path.Combine(folder, written);
            return (InputFile.ReadAllText(file, "an architecture file", ArchitectureLimits.Default.MaxBytes), Path.GetRelativePath(Environment.CurrentDirectory, file));
        });
    }

    /// <summary>Checks the sweep in <paramref name="text"/>, read from <paramref name="source"/>; <paramref name="defaultName"/> names it when its <c>name</c> does not.</summary>
    /// <param name="text">The sweep file's text.</param>
    /// <param name="source">Where it came from, for messages.</param>
    /// <param name="defaultName">The sweep's name when the text gives none.</param>
    /// <param name="readFile">
    /// Reads an architecture file the sweep names (<c>model_file</c>) by its path as written, giving its text and the name to show
    /// it by; <see langword="null"/> when the sweep may name none. It throws <see cref="IOException"/> for a file it cannot read.
    /// </param>
    /// <exception cref="InvalidDataException">The text is not a valid sweep, or a file it names is missing or not a valid architecture; the message names the source and the field's path.</exception>
    public static Sweep Parse(string text, string source, string defaultName, Func<string, (string Text, string Source)>? readFile = null)
    {
        var files = new ArchitectureFiles(source, readFile);
        JsonObject root;
        try
        {
            root = JsonNode.Parse(text, documentOptions: Parsing) as JsonObject
                ?? throw new InvalidDataException($"{source}: a sweep file holds one JSON object ({{ \"version\": 1, \"run\": …, \"vary\": … }}). {Remedy}");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: it is not valid JSON (line {e.LineNumber + 1}: {e.Message.Split(" LineNumber")[0]}). {Remedy}", e);
        }
        var fields = new JsonFields(source) { Remedy = Remedy };
        Unknown(fields, root, "", ["version", "name", "run", "vary", "sampling", "shards"]);
        fields.WholeNumber(root, "version", Version, Version);
        var name = root["name"] is null ? defaultName : fields.Text(root, "name");
        if (name.Length is 0 or > 100 || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
            throw fields.Wrong("name", "1 to 100 letters, digits, '-', '_' or '.' (it names the sweep's folder)", root["name"] ?? name);
        var run = fields.Child(root, "run");
        var axes = Axes(fields, fields.Child(root, "vary"));
        var shards = root["shards"] is null ? (int?)null : (int)fields.WholeNumber(root, "shards", 1, MaxTrials);

        // Each value on its own first, so that a bad one is named where it is written.
        foreach (var axis in axes)
            for (var i = 0; i < axis.Values.Count; i++)
                Build(fields, run, [KeyValuePair.Create(axis.Path, axis.Values[i])], source, string.Create(CultureInfo.InvariantCulture, $"vary.{axis.Path}[{i}]"), files);
        if (axes.Count == 0) Build(fields, run, [], source, "run", files);

        var (sampling, settings) = Sample(fields, root, axes);
        var trials = settings.Select((values, index) => new SweepTrial(index, values, Build(fields, run, values, source, SweepTrial.Name(index), files))).ToArray();
        return new Sweep(name, source, text, axes, trials) { Shards = shards, Sampling = sampling, Files = files.Read };
    }

    /// <summary>A value as a sweep's tables show it: numbers in their shortest form, strings bare.</summary>
    public static string Show(JsonNode? value) =>
        value is JsonValue plain && plain.TryGetValue<string>(out var text) ? text
        : value is JsonValue number && number.TryGetValue<double>(out var x) ? x.ToString("G6", CultureInfo.InvariantCulture)
        : value?.ToJsonString() ?? "null";

    private static List<SweepAxis> Axes(JsonFields fields, JsonObject vary)
    {
        var axes = new List<SweepAxis>();
        foreach (var (path, node) in vary)
        {
            var at = $"vary.{path}";
            if (!Settable.Contains(path))
                throw new InvalidDataException($"{fields.Source}: the field '{at}' names no setting of a run; the settings are {string.Join(", ", Settable)}. {Remedy}");
            switch (node)
            {
                case JsonArray list when list.Count is > 0 and <= MaxTrials:
                    axes.Add(new SweepAxis(path, [.. list.Select(item => item?.DeepClone())]));
                    break;
                case JsonObject range when range.ContainsKey("from"):
                    Unknown(fields, range, at, ["from", "to", "step"]);
                    var from = fields.WholeNumber(range, "from", long.MinValue / 4, long.MaxValue / 4, at);
                    var to = fields.WholeNumber(range, "to", from, from + MaxTrials, at);
                    var step = range["step"] is null ? 1 : fields.WholeNumber(range, "step", 1, MaxTrials, at);
                    var values = new List<JsonNode?>();
                    for (var value = from; value <= to; value += step) values.Add(JsonValue.Create(value));
                    axes.Add(new SweepAxis(path, values));
                    break;
                case JsonObject range:
                    Unknown(fields, range, at, ["min", "max", "scale"]);
                    var scale = range["scale"] is null ? "linear" : fields.Text(range, "scale", at);
                    if (scale is not ("linear" or "log")) throw fields.Wrong($"{at}.scale", "\"linear\" or \"log\"", range["scale"]);
                    var log = scale == "log";
                    var min = fields.Number(range, "min", log ? "a number above 0 (a log scale)" : "a number", value => !log || value > 0, prefix: at)!.Value;
                    var max = fields.Number(range, "max", $"a number above min ({min.ToString(CultureInfo.InvariantCulture)})", value => value > min, prefix: at)!.Value;
                    axes.Add(new SweepAxis(path, []) { Minimum = min, Maximum = max, Logarithmic = log });
                    break;
                default:
                    throw fields.Wrong(at, $"a list of 1 to {MaxTrials:N0} values, a range {{ \"from\", \"to\", \"step\" }} of whole numbers, or a range {{ \"min\", \"max\", \"scale\" }} to draw from", node);
            }
        }
        return axes;
    }

    private static (string Sampling, List<KeyValuePair<string, JsonNode?>[]> Settings) Sample(JsonFields fields, JsonObject root, List<SweepAxis> axes)
    {
        var node = root["sampling"];
        var method = node switch
        {
            null => Grid,
            JsonValue value when value.TryGetValue<string>(out var name) => name,
            JsonObject json => fields.Text(json, "method", "sampling"),
            _ => throw fields.Wrong("sampling", "\"grid\" or { \"method\": \"random\", \"count\": N, \"seed\": S }", node),
        };
        if (method == Grid)
        {
            if (node is JsonObject json) Unknown(fields, json, "sampling", ["method"]);
            if (axes.FirstOrDefault(axis => axis.IsContinuous) is { } continuous)
                throw new InvalidDataException($"{fields.Source}: the field 'vary.{continuous.Path}' is a range to draw from, which a grid cannot walk: give it a list of values, or sample at random (\"sampling\": {{ \"method\": \"random\", \"count\": N, \"seed\": S }}). {Remedy}");
            var size = axes.Aggregate(1L, (product, axis) => Math.Min(product * axis.Values.Count, MaxTrials + 1L));
            if (size > MaxTrials)
                throw new InvalidDataException($"{fields.Source}: the grid of 'vary' has more than {MaxTrials:N0} trials. Vary fewer settings or fewer values, or sample at random. {Remedy}");
            var grid = new List<KeyValuePair<string, JsonNode?>[]> { Array.Empty<KeyValuePair<string, JsonNode?>>() };
            foreach (var axis in axes)
                grid = [.. grid.SelectMany(prefix => axis.Values.Select(value => (KeyValuePair<string, JsonNode?>[])[.. prefix, KeyValuePair.Create(axis.Path, value?.DeepClone())]))];
            return (Grid, grid);
        }
        if (method != "random" || node is not JsonObject random)
            throw fields.Wrong(node is JsonObject ? "sampling.method" : "sampling", "\"grid\" or \"random\" (random needs { \"method\": \"random\", \"count\": N, \"seed\": S })", node is JsonObject o ? o["method"] : node);
        Unknown(fields, random, "sampling", ["method", "count", "seed"]);
        var count = (int)fields.WholeNumber(random, "count", 1, MaxTrials, "sampling");
        var seed = fields.WholeNumber(random, "seed", int.MinValue, int.MaxValue, "sampling");
        // System.Random with a seed keeps its sequence across .NET versions (its seeded algorithm is frozen for compatibility).
        var generator = new Random((int)seed);
        var drawn = Enumerable.Range(0, count)
            .Select(_ => axes.Select(axis => KeyValuePair.Create(axis.Path, axis.Draw(generator))).ToArray())
            .ToList();
        return (string.Create(CultureInfo.InvariantCulture, $"random ({count} trials, seed {seed})"), drawn);
    }

    // The trial's run: the model's own run (its recipe, on the dataset), the file's run over it, the trial's values over that.
    // An architecture file takes the model's place: the run is the default model's recipe with that network, named after the file.
    private static RunSpec Build(JsonFields fields, JsonObject run, IReadOnlyList<KeyValuePair<string, JsonNode?>> values, string source, string what, ArchitectureFiles files)
    {
        var overlay = (JsonObject)run.DeepClone();
        foreach (var (path, value) in values) Set(overlay, path, value?.DeepClone());
        Unknown(fields, overlay, "run", [.. Settable.Where(path => !path.Contains('.')), "recipe"]);
        if (overlay["recipe"] is JsonObject recipe)
            Unknown(fields, recipe, "run.recipe", [.. Settable.Where(path => path.StartsWith("recipe.", StringComparison.Ordinal)).Select(path => path["recipe.".Length..])]);
        var fileField = FieldOf(values, ModelFile, what);
        if (overlay[ModelFile] is not null && overlay["model"] is not null)
            throw new InvalidDataException($"{source}: {(what == "run" ? "" : what + ": ")}the fields 'run.model' and '{fileField}' both name the model; give one of them (a zoo model, or an architecture file). {Remedy}");
        var model = overlay["model"] is null ? Zoo.Default : Named(fields, overlay, "model", Zoo.Find, what, FieldOf(values, "model", what));
        var dataset = overlay["dataset"] is null ? DatasetCatalog.Mnist : Named(fields, overlay, "dataset", DatasetCatalog.Find, what, FieldOf(values, "dataset", what));
        var written = overlay[ModelFile] is null ? null : fields.Text(overlay, ModelFile, "run");
        var architecture = written is null ? null : files.Architecture(written, dataset, fileField);
        // A zoo model's architecture is that model: its file trains with the model's recipe, as mnist train --model-file does.
        if (architecture is not null)
        {
            var shape = new ModelShape(dataset.Image.Height, dataset.Image.Width, dataset.Classes);
            model = Zoo.WithNetwork(ArchitectureJson.FromJson(architecture, [1, shape.Height, shape.Width], shape.Classes, source), shape) ?? model;
        }
        var json = RunSpecJson.ToJson(RunSpec.Of(model, dataset));
        if (written is not null)
        {
            json[RunModelJson.ArchitectureField] = architecture;
            json["model"] = Path.GetFileNameWithoutExtension(written);
            overlay.Remove(ModelFile);
        }
        Merge(json, overlay);
        try
        {
            return RunSpecJson.FromJson(json, source, field: "run");
        }
        catch (InvalidDataException e)
        {
            var trial = what == "run" ? "" : $"{what} ({string.Join(", ", values.Select(v => $"{v.Key} = {Show(v.Value)}"))}): ";
            var problem = e.Message.StartsWith(source + ": ", StringComparison.Ordinal) ? e.Message[(source.Length + 2)..] : e.Message;
            // The reader's remedy is for a file a run wrote (use another checkpoint); a sweep file is a person's to correct.
            problem = problem.Replace(JsonFields.DamagedRemedy, "", StringComparison.Ordinal).TrimEnd();
            throw new InvalidDataException($"{source}: {trial}{problem} {Remedy}", e);
        }
    }

    // The field a trial's value came from: vary.model_file when it varies, run.model_file when the base run gives it.
    private static string FieldOf(IReadOnlyList<KeyValuePair<string, JsonNode?>> values, string path, string what) =>
        values.Any(value => value.Key == path) ? (what.StartsWith("vary.", StringComparison.Ordinal) ? what : $"vary.{path}") : $"run.{path}";

    private static T Named<T>(JsonFields fields, JsonObject json, string field, Func<string, T> find, string what, string path)
    {
        var name = fields.Text(json, field, "run");
        try
        {
            return find(name);
        }
        catch (ArgumentException e)
        {
            var trial = what == "run" || what == path ? "" : what + ": ";
            throw new InvalidDataException($"{fields.Source}: {trial}the field '{path}': {RunSpecJson.MessageOf(e)} {Remedy}", e);
        }
    }

    private static void Set(JsonObject json, string path, JsonNode? value)
    {
        var dot = path.IndexOf('.');
        if (dot < 0)
        {
            json[path] = value;
            return;
        }
        var head = path[..dot];
        if (json[head] is not JsonObject child) json[head] = child = [];
        Set(child, path[(dot + 1)..], value);
    }

    private static void Merge(JsonObject into, JsonObject from)
    {
        foreach (var (key, value) in from)
        {
            if (value is JsonObject child && into[key] is JsonObject target) Merge(target, child);
            else into[key] = value?.DeepClone();
        }
    }

    private static void Unknown(JsonFields fields, JsonObject json, string at, IReadOnlyCollection<string> known)
    {
        if (json.Select(field => field.Key).FirstOrDefault(key => !known.Contains(key)) is { } unknown)
            throw new InvalidDataException($"{fields.Source}: the field '{(at.Length == 0 ? unknown : $"{at}.{unknown}")}' is not one this version knows; the fields here are {string.Join(", ", known)}. {Remedy}");
    }

    /// <summary>Every setting of a run a sweep file may give or vary, by its path in <c>run.json</c>'s <c>spec</c>.</summary>
    public static IReadOnlyList<string> Settable { get; } =
    [
        "model", ModelFile, "dataset", "seed", "validation_size", "train_items", "test_items", "quick", "test_each_epoch",
        "early_stopping_patience", "monitor", "keep_best", "restore_best", "time_budget_seconds", "threads", "pixel_mean", "pixel_std",
        "recipe.optimizer", "recipe.learning_rate", "recipe.schedule", "recipe.batch_size", "recipe.epochs",
        "recipe.weight_decay", "recipe.label_smoothing", "recipe.momentum", "recipe.beta1", "recipe.beta2", "recipe.clip_grad_norm",
    ];
}
