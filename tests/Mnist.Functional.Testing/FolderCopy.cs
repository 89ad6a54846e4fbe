namespace Mnist.Functional.Testing;

/// <summary>Copies a folder with everything in it, as a user copies a run folder to continue it elsewhere.</summary>
public static class FolderCopy
{
    /// <summary>Copies every file under <paramref name="from"/> to the same place under <paramref name="to"/>, making the folders it needs.</summary>
    public static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
