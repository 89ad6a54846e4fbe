namespace Mnist.Functional.Datasets.Sources;

/// <summary>Finds a dataset file in a folder under its standard name, raw or gzip-compressed.</summary>
internal static class FolderFiles
{
    /// <summary>The path of <c>NAME</c> or <c>NAME.gz</c> in <paramref name="folder"/>, raw first, or <see langword="null"/>.</summary>
    public static string? Find(string folder, DatasetFile file) =>
        new[] { file.Name, file.GzipName }.Select(name => Path.Combine(folder, name)).FirstOrDefault(File.Exists);

    /// <summary>The problem line for a file that is in neither form.</summary>
    public static string Missing(string folder, DatasetFile file) => $"neither {file.Name} nor {file.GzipName} is in {folder}";
}
