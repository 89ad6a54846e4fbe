using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mnist.Functional.IO;

namespace Mnist.Functional.Datasets.Sources;

/// <summary>
/// The datasets a user added (their IDX files copied into the cache, each pinned by the SHA-256 recorded when it was
/// added), kept as <c>datasets.json</c> in the cache folder:
/// <code>{ "schema_version": 1, "datasets": [ { … as DatasetJson writes an added dataset … } ] }</code>
/// Written whole to a temporary file and renamed into place, under a lock, so that a reader never sees half of it and two
/// writers never lose each other's entries.
/// </summary>
/// <param name="cache">The cache whose registry this is.</param>
public sealed class DatasetRegistry(DataCache cache)
{
    /// <summary>The registry's file name in the cache folder.</summary>
    public const string FileName = "datasets.json";

    /// <summary>The version of the file's shape.</summary>
    public const int SchemaVersion = 1;

    /// <summary>The longest registry file read (a thousand datasets of 4,096 classes fit).</summary>
    public const long MaxFileLength = 64L << 20;

    /// <summary>The most datasets the registry holds.</summary>
    public const int MaxDatasets = 1000;

    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The registry file.</summary>
    public string Path => System.IO.Path.Combine(cache.Root, FileName);

    /// <summary>The cache the registry's datasets are kept in.</summary>
    public DataCache Cache => cache;

    /// <summary>The added datasets, in the order they were added; none when the file does not exist.</summary>
    /// <exception cref="InvalidDataException">The file is not a registry this version reads; the message names it and the field.</exception>
    public IReadOnlyList<DatasetInfo> All()
    {
        if (!File.Exists(Path))
            return [];
        var text = InputFile.ReadAllText(Path, "the registry of added datasets", MaxFileLength);
        var fields = new JsonFields(Path) { Remedy = "Mend or remove that entry (or the file, and add the datasets again)." };
        JsonObject json;
        try
        {
            json = JsonNode.Parse(text) as JsonObject ?? throw new InvalidDataException($"{Path} is not a JSON object: it is not a registry of added datasets.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{Path} is not valid JSON ({e.Message}): it is not a registry of added datasets. Mend it, or remove it and add the datasets again.", e);
        }
        var version = fields.WholeNumber(json, "schema_version", 1, int.MaxValue);
        if (version > SchemaVersion)
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{Path} has schema_version {version}; this version reads 1 to {SchemaVersion}. Use the newer version of the tool that wrote it."));
        if (json["datasets"] is not JsonArray entries || entries.Count > MaxDatasets)
            throw fields.Wrong("datasets", string.Create(CultureInfo.InvariantCulture, $"an array of at most {MaxDatasets:N0} datasets"), json["datasets"], json.ContainsKey("datasets"));
        var datasets = new List<DatasetInfo>();
        for (var i = 0; i < entries.Count; i++)
        {
            var field = string.Create(CultureInfo.InvariantCulture, $"datasets[{i}]");
            if (entries[i] is not JsonObject)
                throw fields.Wrong(field, "an added dataset's description", entries[i]);
            var dataset = DatasetJson.FromJson(entries[i], fields, field, name => throw new ArgumentException($"a name alone ('{name}') does not describe an added dataset"));
            if (dataset.Origin != DatasetOrigin.Added)
                throw fields.Wrong($"{field}.origin", "\"added\"", entries[i]!["origin"]);
            if (datasets.Any(other => other.Id == dataset.Id))
                throw fields.Wrong($"{field}.name", "a name no earlier entry has", entries[i]!["name"]);
            datasets.Add(dataset);
        }
        return datasets;
    }

    /// <summary>The added dataset called <paramref name="name"/>, or <see langword="null"/>.</summary>
    /// <exception cref="InvalidDataException">The registry file is damaged.</exception>
    public DatasetInfo? Find(string name) => All().FirstOrDefault(dataset => dataset.Id == name);

    /// <summary>Records <paramref name="dataset"/>, in place of an entry of that name when <paramref name="replace"/>; returns the entry it replaced.</summary>
    /// <exception cref="ArgumentException">It is not an added dataset.</exception>
    /// <exception cref="DatasetNameTakenException">An entry of that name exists and <paramref name="replace"/> is false.</exception>
    public async Task<DatasetInfo?> AddAsync(DatasetInfo dataset, bool replace, CancellationToken cancellation = default)
    {
        if (dataset.Origin != DatasetOrigin.Added)
            throw new ArgumentException($"Only added datasets are recorded in the registry, not {dataset.Title}.", nameof(dataset));
        using var held = await cache.LockRegistryAsync(LockTimeout, cancellation);
        var datasets = All().ToList();
        var earlier = datasets.FirstOrDefault(other => other.Id == dataset.Id);
        if (earlier is not null && !replace)
            throw new DatasetNameTakenException(earlier);
        if (earlier is null && datasets.Count >= MaxDatasets)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The registry {Path} holds {MaxDatasets:N0} datasets, the most it may; remove one first."));
        var at = earlier is null ? datasets.Count : datasets.IndexOf(earlier);
        if (earlier is null) datasets.Add(dataset);
        else datasets[at] = dataset;
        Write(datasets);
        return earlier;
    }

    /// <summary>Forgets the added dataset called <paramref name="name"/> and deletes its copies from the cache; returns it, or <see langword="null"/> when there was none.</summary>
    public async Task<DatasetInfo?> RemoveAsync(string name, CancellationToken cancellation = default)
    {
        using var held = await cache.LockRegistryAsync(LockTimeout, cancellation);
        var datasets = All().ToList();
        if (datasets.FirstOrDefault(dataset => dataset.Id == name) is not { } removed)
            return null;
        datasets.Remove(removed);
        Write(datasets);
        foreach (var file in removed.Files)
            File.Delete(cache.PathOf(removed, file));
        return removed;
    }

    private void Write(IReadOnlyList<DatasetInfo> datasets)
    {
        var json = new JsonObject
        {
            ["schema_version"] = SchemaVersion,
            ["datasets"] = new JsonArray([.. datasets.Select(DatasetJson.ToJson)]),
        };
        Directory.CreateDirectory(cache.Root);
        AtomicFile.WriteText(Path, JsonText.Write(json, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
    }
}
