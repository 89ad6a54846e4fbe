using System.Text.RegularExpressions;

namespace Mnist.Functional.Testing;

/// <summary>
/// The map of one source project (docs/DESIGN.md), folder by folder: which folders of the same project each may use.
/// Folder = namespace, so a use is a <c>using</c> directive, a qualified name (<c>Mnist.Functional.Checkpoints.X</c>, or
/// <c>Checkpoints.X</c> from inside <c>Mnist.Functional</c>), or a type of an enclosing folder named without either.
/// Arrows to other projects are the compiler's to keep: a project references only the projects below it.
/// </summary>
/// <param name="SourceFolder">The project's folder, relative to the repository root: <c>src/Mnist.Functional.Runs</c>.</param>
/// <param name="RootNamespace">The namespace of the project's root folder: <c>Mnist.Functional</c>.</param>
/// <param name="Allowed">For each folder (its namespace relative to <paramref name="RootNamespace"/>, dotted; <c>""</c> for the
/// root folder), the folders it may use. A folder missing from the table is itself a violation.</param>
public sealed partial record FolderMap(string SourceFolder, string RootNamespace, IReadOnlyDictionary<string, string[]> Allowed)
{
    /// <summary>Everything in the project on disk that runs against the map; empty when the code keeps it.</summary>
    public IReadOnlyList<string> Violations()
    {
        var root = Path.Combine(Repository.Root(), SourceFolder);
        var files = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/'))
            .Where(path => !path.StartsWith("bin/", StringComparison.Ordinal) && !path.StartsWith("obj/", StringComparison.Ordinal))
            .Select(path => (path, File.ReadAllText(Path.Combine(root, path))));
        return Check(files);
    }

    /// <summary>What runs against the map in <paramref name="files"/> (paths relative to the project folder, with their text).</summary>
    public IReadOnlyList<string> Check(IEnumerable<(string Path, string Source)> files)
    {
        var problems = new List<string>();
        problems.AddRange(CyclesIn(Allowed.ToDictionary(pair => pair.Key, pair => (IEnumerable<string>)pair.Value), "the map itself"));
        foreach (var (folder, targets) in Allowed)
            problems.AddRange(targets.Where(target => !Allowed.ContainsKey(target)).Select(target => $"the map lets {Show(folder)} use {Show(target)}, which is not on it"));

        var sources = files.Select(file => new SourceFile(file.Path, FolderOf(file.Path), file.Source, CodeText.Of(file.Source))).ToList();
        var declared = sources.GroupBy(file => file.Folder)
            .ToDictionary(group => group.Key, group => group.SelectMany(file => TypeDeclaration().Matches(file.Code).Select(match => match.Groups["name"].Value)).ToHashSet());
        var used = new Dictionary<string, HashSet<string>>();
        foreach (var file in sources)
        {
            if (!Allowed.TryGetValue(file.Folder, out var allowed))
            {
                problems.Add($"{file.Path}: the folder {Show(file.Folder)} is not on the map: add it, with what it may use, to the table and to docs/DESIGN.md");
                continue;
            }
            if (NamespaceDeclaration().Match(file.Code) is { Success: true } declaration && declaration.Groups["name"].Value != NamespaceOf(file.Folder))
                problems.Add($"{file.Path}: declares namespace {declaration.Groups["name"].Value}, but its folder's namespace is {NamespaceOf(file.Folder)}");
            foreach (var (target, how) in UsesOf(file, declared))
            {
                (used.TryGetValue(file.Folder, out var set) ? set : used[file.Folder] = []).Add(target);
                if (!allowed.Contains(target))
                    problems.Add($"{file.Path}: {Show(file.Folder)} uses {Show(target)} ({how}), but the map lets it use {(allowed.Length == 0 ? "no other folder of this project" : "only " + string.Join(", ", allowed.Select(Show)))}");
            }
        }
        problems.AddRange(CyclesIn(used.ToDictionary(pair => pair.Key, pair => (IEnumerable<string>)pair.Value), "the code"));
        return problems;
    }

    private sealed record SourceFile(string Path, string Folder, string Source, string Code);

    // Every folder of this project that the file uses, with how: a using directive, a qualified name, or an enclosing folder's type.
    private IEnumerable<(string Folder, string How)> UsesOf(SourceFile file, Dictionary<string, HashSet<string>> declared)
    {
        var seen = new HashSet<string> { file.Folder };
        foreach (Match match in UsingDirective().Matches(file.Code))
            if (FolderOfName(match.Groups["name"].Value) is { } target && seen.Add(target))
                yield return (target, $"using {match.Groups["name"].Value}");
        foreach (Match match in Regex.Matches(file.Code, $@"(?<![\w.])(?<name>{Regex.Escape(RootNamespace)}(?:\.\w+)*)"))
            if (FolderOfName(match.Groups["name"].Value) is { } target && seen.Add(target))
                yield return (target, match.Value);

        // From inside RootNamespace.A.B, a folder is named relative to any enclosing namespace: Checkpoints.X, Datasets.Sources.X.
        foreach (var (folder, types) in declared)
        {
            if (seen.Contains(folder) || folder.Length == 0) continue;
            foreach (Match match in Regex.Matches(file.Code, $@"(?<![\w.]){Regex.Escape(folder)}\.(?<type>[A-Z]\w*)"))
                if (types.Contains(match.Groups["type"].Value) && seen.Add(folder))
                {
                    yield return (folder, match.Value);
                    break;
                }
        }

        // An enclosing folder's types need no using: Datasets.Sources sees Datasets' types by their bare names.
        foreach (var enclosing in Enclosing(file.Folder).Where(declared.ContainsKey))
        {
            if (seen.Contains(enclosing)) continue;
            var ownTypes = declared.GetValueOrDefault(file.Folder) ?? [];
            var type = BareName().Matches(file.Code).Select(match => match.Value)
                .FirstOrDefault(name => declared[enclosing].Contains(name) && !ownTypes.Contains(name));
            if (type is not null && seen.Add(enclosing))
                yield return (enclosing, $"the type {type}");
        }
    }

    // The folder a dotted name belongs to: the longest of this project's namespaces it is or starts with.
    private string? FolderOfName(string name) =>
        Allowed.Keys
            .Where(folder => name == NamespaceOf(folder) || name.StartsWith(NamespaceOf(folder) + ".", StringComparison.Ordinal))
            .MaxBy(folder => folder.Length);

    private static IEnumerable<string> Enclosing(string folder)
    {
        for (var cut = folder.LastIndexOf('.'); cut > 0; cut = folder.LastIndexOf('.', cut - 1))
            yield return folder[..cut];
        if (folder.Length > 0) yield return "";
    }

    private static string FolderOf(string path) =>
        string.Join('.', path.Split('/')[..^1]);

    private string NamespaceOf(string folder) => folder.Length == 0 ? RootNamespace : $"{RootNamespace}.{folder}";

    private string Show(string folder) => folder.Length == 0 ? $"the root folder ({RootNamespace})" : folder;

    // Each cycle among the arrows, once, as A -> B -> A.
    private IEnumerable<string> CyclesIn(Dictionary<string, IEnumerable<string>> arrows, string where)
    {
        var reported = new HashSet<string>();
        foreach (var start in arrows.Keys.Order(StringComparer.Ordinal))
        {
            var path = new List<string>();
            var onPath = new HashSet<string>();
            var done = new HashSet<string>();
            foreach (var cycle in Walk(start))
            {
                var key = string.Join(",", cycle.Order(StringComparer.Ordinal));
                if (reported.Add(key))
                    yield return $"{where} has a cycle: {string.Join(" -> ", cycle.Append(cycle[0]).Select(Show))}";
            }

            IEnumerable<List<string>> Walk(string node)
            {
                if (onPath.Contains(node))
                {
                    yield return path.Skip(path.IndexOf(node)).ToList();
                    yield break;
                }
                if (!done.Add(node)) yield break;
                path.Add(node);
                onPath.Add(node);
                foreach (var next in arrows.GetValueOrDefault(node) ?? [])
                    foreach (var cycle in Walk(next))
                        yield return cycle;
                path.RemoveAt(path.Count - 1);
                onPath.Remove(node);
            }
        }
    }

    [GeneratedRegex(@"^\s*using\s+(?:static\s+)?(?:\w+\s*=\s*)?(?<name>[\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex UsingDirective();

    [GeneratedRegex(@"^\s*namespace\s+(?<name>[\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex NamespaceDeclaration();

    // A type declared at the top level of a file-scoped namespace: at the start of a line.
    [GeneratedRegex(@"^(?:(?:public|internal|static|sealed|abstract|partial|readonly|file|ref)\s+)*(?:record\s+struct|record\s+class|record|class|struct|interface|enum|delegate\s+[\w<>\[\]?,\s.()]+?)\s+(?<name>\w+)", RegexOptions.Multiline)]
    private static partial Regex TypeDeclaration();

    // A name not reached through a member access (x.Name) or a qualification.
    [GeneratedRegex(@"(?<![\w.])[A-Z]\w*")]
    private static partial Regex BareName();
}
