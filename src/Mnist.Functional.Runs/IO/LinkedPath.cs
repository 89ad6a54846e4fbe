namespace Mnist.Functional.IO;

/// <summary>Where a path really leads once every symbolic link on its way is followed, so that a file is judged by the place it would land in.</summary>
public static class LinkedPath
{
    /// <summary>The most links followed on one path before it is taken to go round in a loop.</summary>
    public const int MaxLinks = 40;

    /// <summary>
    /// <paramref name="path"/> as a full path with every symbolic link among its existing parts replaced by where it leads;
    /// the parts that do not exist yet are kept as they are. A chain of links that goes round in a loop is left where the
    /// loop starts (the write there then fails, and says so).
    /// </summary>
    public static string Resolve(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var root = Path.GetPathRoot(full)!;
        var parts = full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var resolved = root;
        var followed = 0;
        for (var i = 0; i < parts.Length; i++)
        {
            var next = Path.Combine(resolved, parts[i]);
            FileSystemInfo entry = new FileInfo(next);
            if (entry.LinkTarget is { } target && followed++ < MaxLinks)
            {
                // The target may itself hold links: go on from it, with the rest of the path.
                var leads = Path.GetFullPath(target, resolved);
                var rest = string.Join(Path.DirectorySeparatorChar, parts.Skip(i + 1));
                var again = rest.Length == 0 ? leads : Path.Combine(leads, rest);
                var againRoot = Path.GetPathRoot(again)!;
                parts = again[againRoot.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
                resolved = againRoot;
                i = -1;
                continue;
            }
            resolved = next;
        }
        return resolved;
    }
}
