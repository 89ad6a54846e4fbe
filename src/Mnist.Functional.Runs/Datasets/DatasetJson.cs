using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Mnist.Functional.IO;

namespace Mnist.Functional.Datasets;

/// <summary>
/// A dataset's description as JSON, the form the registry of added datasets and a run's specification keep it in. A
/// catalogue dataset is its name alone (<c>"mnist"</c>); an added one or a folder of images is an object with
/// everything a model needs without the data (classes, image size) and everything that pins the data:
/// <code>
/// { "name": "letters", "title": "EMNIST Letters", "origin": "added", "classes": ["A", …], "labels": [1, …],
///   "image": [28, 28], "transposed": true, "added_from": "/data/emnist",
///   "files": [ { "name": "emnist-letters-train-images-idx3-ubyte", "split": "train", "kind": "images",
///                "sha256": "…", "count": 124800, "image": [28, 28] }, … ] }
/// { "name": "my-digits", "title": "my-digits", "origin": "folder", "classes": ["0", …], "image": [28, 28],
///   "folder": "/home/me/my-digits", "test_folder": null, "test_fraction": 0.5, "split_seed": 1 }
/// </code>
/// <c>labels</c> is written only when the classes are not labelled 0, 1, 2, …, and a file's <c>label_columns</c> only for
/// integer labels.
/// </summary>
public static partial class DatasetJson
{
    /// <summary>The most classes a dataset may have (KMNIST's Kanji has 3,832).</summary>
    public const int MaxClasses = 4096;

    /// <summary>The largest label a file may give a class.</summary>
    public const long MaxLabel = 1 << 20;

    /// <summary>The longest class name.</summary>
    public const int MaxClassNameLength = 100;

    /// <summary>
    /// Whether <paramref name="name"/> can name an added dataset: 1 to 64 characters of lower-case letters, digits, '.',
    /// '-' and '_', starting with a letter or digit (it is also the dataset's folder in the cache).
    /// </summary>
    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    /// <summary>What a valid name is, for messages.</summary>
    public const string NameRule = "1 to 64 lower-case letters, digits, '.', '-' or '_', starting with a letter or digit";

    /// <summary><paramref name="dataset"/> as JSON: its name for a catalogue dataset, else the object above.</summary>
    public static JsonNode ToJson(DatasetInfo dataset)
    {
        if (dataset.Origin == DatasetOrigin.Catalogue)
            return JsonValue.Create(dataset.Id);
        var json = new JsonObject
        {
            ["name"] = dataset.Id,
            ["title"] = dataset.Title,
            ["origin"] = dataset.Origin == DatasetOrigin.Added ? "added" : "folder",
            ["classes"] = new JsonArray([.. dataset.ClassNames.Select(name => (JsonNode?)name)]),
        };
        if (dataset.Labels is { } labels) json["labels"] = new JsonArray([.. labels.Select(label => (JsonNode?)label)]);
        json["image"] = Shape(dataset.Image);
        if (dataset.Folder is { } folder)
        {
            json["folder"] = folder.Path;
            json["test_folder"] = folder.TestPath;
            json["test_fraction"] = folder.TestFraction;
            json["split_seed"] = folder.SplitSeed;
            return json;
        }
        json["transposed"] = dataset.Transposed;
        json["added_from"] = dataset.AddedFrom;
        json["files"] = new JsonArray([.. dataset.Files.Select(file =>
        {
            var entry = new JsonObject
            {
                ["name"] = file.Name,
                ["split"] = file.Split == SplitKind.Train ? "train" : "test",
                ["kind"] = file.Kind == IdxKind.Images ? "images" : "labels",
                ["sha256"] = file.Sha256,
                ["count"] = file.Count,
            };
            if (file.Kind == IdxKind.Images) entry["image"] = Shape(file.Image);
            if (file.LabelColumns > 0) entry["label_columns"] = file.LabelColumns;
            return (JsonNode)entry;
        })]);
        return json;
    }

    /// <summary>
    /// Reads a dataset written by <see cref="ToJson"/>: a name through <paramref name="byName"/>, an object by checking
    /// every field's type and range before anything is sized by it.
    /// </summary>
    /// <param name="node">The JSON value.</param>
    /// <param name="fields">The reader of the document it is in (its file, for messages).</param>
    /// <param name="field">Its place in that document, such as <c>spec.dataset</c>.</param>
    /// <param name="byName">Resolves a name; throws <see cref="ArgumentException"/> for one it does not know.</param>
    /// <exception cref="InvalidDataException">A field is missing, of the wrong type or out of range, or the name is not known; the message names the field.</exception>
    public static DatasetInfo FromJson(JsonNode? node, JsonFields fields, string field, Func<string, DatasetInfo> byName)
    {
        if (node is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.String)
        {
            try
            {
                return byName(value.GetValue<string>());
            }
            catch (ArgumentException e)
            {
                throw fields.Wrong(field, "a dataset this machine knows (" + e.Message.TrimEnd('.') + ")", node, inner: e);
            }
        }
        if (node is not JsonObject json)
            throw fields.Wrong(field, "a dataset's name or its description", node, node is not null);

        var origin = fields.Text(json, "origin", field) switch
        {
            "added" => DatasetOrigin.Added,
            "folder" => DatasetOrigin.Folder,
            _ => throw fields.Wrong($"{field}.origin", "\"added\" or \"folder\"", json["origin"]),
        };
        var name = fields.Text(json, "name", field);
        if (origin == DatasetOrigin.Added ? !IsValidName(name) : name.Length is 0 or > 255)
            throw fields.Wrong($"{field}.name", origin == DatasetOrigin.Added ? NameRule : "a folder's name", json["name"]);
        var classes = fields.Texts(json, "classes", 1, MaxClasses, field);
        if (classes.FirstOrDefault(name => name.Length > MaxClassNameLength) is { } tooLong)
            throw fields.Wrong($"{field}.classes", $"class names of at most {MaxClassNameLength} characters", JsonValue.Create(tooLong));
        if (Duplicate(classes) is { } twice)
            throw fields.Wrong($"{field}.classes", "class names that differ from each other", JsonValue.Create(twice));
        var labels = json["labels"] is null ? null : fields.WholeNumbers(json, "labels", classes.Count, 0, MaxLabel, field);
        if (labels is not null && labels.Distinct().Count() != labels.Count)
            throw fields.Wrong($"{field}.labels", "a different label for each class", json["labels"]);
        var image = ShapeOf(fields, json, "image", field);
        var info = new DatasetInfo(name, fields.Text(json, "title", field), classes, [], [])
        {
            Image = image,
            Labels = labels,
            Origin = origin,
        };
        if (origin == DatasetOrigin.Folder)
        {
            var testFolder = json["test_folder"] is null ? null : fields.Text(json, "test_folder", field);
            return info with
            {
                Folder = new LabelledFolder(
                    fields.Text(json, "folder", field),
                    testFolder,
                    fields.Number(json, "test_fraction", "a number from 0 up to (not including) 1", fraction => fraction is >= 0 and < 1, prefix: field)!.Value,
                    fields.WholeNumber(json, "split_seed", long.MinValue, long.MaxValue, field)),
            };
        }
        var transposed = fields.Flag(json, "transposed", field) ?? false;
        var files = FilesOf(fields, json, field);
        foreach (var images in files.Where(file => file.Kind == IdxKind.Images))
        {
            var upright = transposed ? new ImageShape(images.Image.Width, images.Image.Height) : images.Image;
            if (upright != image)
                throw fields.Wrong($"{field}.files", $"images of {image}{(transposed ? " once turned upright" : "")}, as '{field}.image' gives", JsonValue.Create(images.Name));
        }
        return info with
        {
            Files = files,
            Transposed = transposed,
            AddedFrom = json["added_from"] is null ? null : fields.Text(json, "added_from", field),
        };
    }

    /// <summary>The first name that <paramref name="names"/> holds twice, ignoring case; <see langword="null"/> when each is there once.</summary>
    public static string? Duplicate(IEnumerable<string> names)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        return names.FirstOrDefault(name => !seen.Add(name));
    }

    private static List<DatasetFile> FilesOf(JsonFields fields, JsonObject json, string field)
    {
        if (json["files"] is not JsonArray array || array.Count != 4)
            throw fields.Wrong($"{field}.files", "an array of the 4 files (train images and labels, test images and labels)", json["files"], json.ContainsKey("files"));
        var files = new List<DatasetFile>();
        for (var i = 0; i < array.Count; i++)
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"{field}.files[{i}]");
            if (array[i] is not JsonObject entry)
                throw fields.Wrong(at, "an object", array[i]);
            var fileName = fields.Text(entry, "name", at);
            if (fileName.Length is 0 or > 255 || fileName.IndexOfAny(['/', '\\', '\0']) >= 0 || fileName is "." or "..")
                throw fields.Wrong($"{at}.name", "a file name (no folder)", entry["name"]);
            var split = fields.Text(entry, "split", at) switch
            {
                "train" => SplitKind.Train,
                "test" => SplitKind.Test,
                _ => throw fields.Wrong($"{at}.split", "\"train\" or \"test\"", entry["split"]),
            };
            var kind = fields.Text(entry, "kind", at) switch
            {
                "images" => IdxKind.Images,
                "labels" => IdxKind.Labels,
                _ => throw fields.Wrong($"{at}.kind", "\"images\" or \"labels\"", entry["kind"]),
            };
            var sha = fields.Text(entry, "sha256", at);
            if (!ShaPattern().IsMatch(sha))
                throw fields.Wrong($"{at}.sha256", "64 lower-case hex digits (the file's SHA-256)", entry["sha256"]);
            var file = new DatasetFile(fileName, split, kind, sha, fields.WholeNumber(entry, "count", 0, IdxLimits.Default.MaxItems, at))
            {
                LabelColumns = kind == IdxKind.Labels && entry["label_columns"] is not null ? (int)fields.WholeNumber(entry, "label_columns", 1, IdxLimits.Default.MaxLabelColumns, at) : 0,
            };
            if (kind == IdxKind.Images)
                file = file with { Image = ShapeOf(fields, entry, "image", at) };
            if (files.Any(other => other.Split == split && other.Kind == kind))
                throw fields.Wrong($"{at}.kind", $"a file other than the {file.Describe()}, which an earlier entry is", entry["kind"]);
            files.Add(file);
        }
        foreach (var split in new[] { SplitKind.Train, SplitKind.Test })
            if (files.Single(file => file.Split == split && file.Kind == IdxKind.Images).Count != files.Single(file => file.Split == split && file.Kind == IdxKind.Labels).Count)
                throw fields.Wrong($"{field}.files", $"as many {split.ToString().ToLowerInvariant()} labels as {split.ToString().ToLowerInvariant()} images", json["files"]);
        return files;
    }

    private static JsonArray Shape(ImageShape shape) => new(shape.Height, shape.Width);

    private static ImageShape ShapeOf(JsonFields fields, JsonObject json, string name, string prefix)
    {
        var sides = fields.WholeNumbers(json, name, 2, 1, IdxLimits.Default.MaxSide, prefix);
        var shape = new ImageShape((int)sides[0], (int)sides[1]);
        if (shape.Pixels > IdxLimits.Default.MaxPixels)
            throw fields.Wrong($"{prefix}.{name}", string.Create(CultureInfo.InvariantCulture, $"an image size of at most {IdxLimits.Default.MaxPixels:N0} pixels"), json[name]);
        return shape;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex ShaPattern();
}
