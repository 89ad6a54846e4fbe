using System.Globalization;
using Mnist.Functional.IO;
using Mnist.Functional.Text;

namespace Mnist.Functional.Datasets;

/// <summary>
/// Class names from a small text file, in one of three forms, told apart by their content:
/// one name per line (line <c>k</c> names class <c>k</c>, labelled <c>k</c>);
/// EMNIST's <c>*-mapping.txt</c> (each line a label and one or two character codes, such as <c>1 65 97</c> for
/// <c>A/a</c>); or KMNIST's <c>*_classmap.csv</c> (a header <c>index,codepoint,char</c>, then <c>0,U+304A,お</c>).
/// </summary>
public static class ClassNamesFile
{
    /// <summary>The longest file read (KMNIST's Kanji class map, 3,832 lines, is about 80 KB).</summary>
    public const long MaxLength = 1 << 20;

    /// <summary>Reads the names, and the label of each class when they are not 0, 1, 2, ….</summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not one of the forms, names no class or too many, names a class twice, or a name is empty or too long; the message names the file and the line.</exception>
    public static (IReadOnlyList<string> Names, IReadOnlyList<long>? Labels) Read(string path)
    {
        var text = InputFile.ReadAllText(path, "a file of class names", MaxLength);
        var lines = text.Split('\n').Select(line => line.TrimEnd('\r')).ToList();
        while (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        if (lines.Count == 0)
            throw Wrong(path, "it is empty: give one class name per line");
        var (names, labels) = lines[0].Replace(" ", "", StringComparison.Ordinal).Equals("index,codepoint,char", StringComparison.OrdinalIgnoreCase)
            ? ClassMap(path, lines)
            : lines.All(IsMappingLine) ? Mapping(path, lines) : (lines.Select(line => line.Trim()).ToList(), (IReadOnlyList<long>?)null);
        if (names.Count > DatasetJson.MaxClasses)
            throw Wrong(path, string.Create(CultureInfo.InvariantCulture, $"it names {names.Count:N0} classes, more than the {DatasetJson.MaxClasses:N0} a dataset may have"));
        for (var i = 0; i < names.Count; i++)
        {
            var line = Line(lines, names, i);
            if (string.IsNullOrWhiteSpace(names[i]))
                throw Wrong(path, $"line {line} is empty: every line names a class");
            if (names[i].Length > DatasetJson.MaxClassNameLength || names[i].Any(char.IsControl))
                throw Wrong(path, $"line {line} is not a class name (at most {DatasetJson.MaxClassNameLength} characters, none of them control characters)");
        }
        if (DatasetJson.Duplicate(names) is { } twice)
            throw Wrong(path, $"it names the class '{OutsideText.Show(twice)}' twice (lines {names.ToList().IndexOf(twice) + 1} and {names.ToList().LastIndexOf(twice) + 1}): each class needs a name of its own");
        if (labels is not null && DatasetJson.Duplicate(labels.Select(label => label.ToString(CultureInfo.InvariantCulture))) is { } label)
            throw Wrong(path, $"it gives the label {label} to two classes");
        var identity = labels is null || labels.Select((value, index) => value == index).All(same => same);
        return (names, identity ? null : labels);
    }

    // EMNIST: "label code" or "label upper lower", character codes in decimal.
    private static bool IsMappingLine(string line)
    {
        var parts = line.Split(' ', '\t', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length is 2 or 3 && parts.All(part => part.Length <= 7 && part.All(char.IsAsciiDigit));
    }

    private static (IReadOnlyList<string>, IReadOnlyList<long>?) Mapping(string path, List<string> lines)
    {
        var (names, labels) = (new List<string>(), new List<long>());
        foreach (var (line, number) in lines.Select((line, index) => (line, index + 1)))
        {
            var parts = line.Split(' ', '\t', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToArray();
            if (parts[0] > DatasetJson.MaxLabel || parts.Skip(1).Any(code => code is < 32 or > 0x10FFFF || code is >= 0xD800 and <= 0xDFFF))
                throw Wrong(path, $"line {number} ('{line}') is not a label and character codes");
            var characters = parts.Skip(1).Select(code => char.ConvertFromUtf32((int)code)).Distinct().ToList();
            labels.Add(parts[0]);
            names.Add(string.Join("/", characters));
        }
        return (names, labels);
    }

    private static (IReadOnlyList<string>, IReadOnlyList<long>?) ClassMap(string path, List<string> lines)
    {
        var (names, labels) = (new List<string>(), new List<long>());
        foreach (var (line, number) in lines.Skip(1).Select((line, index) => (line, index + 2)))
        {
            var parts = line.Split(',');
            if (parts.Length != 3 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index > DatasetJson.MaxLabel)
                throw Wrong(path, $"line {number} is not 'index,codepoint,char'");
            labels.Add(index);
            names.Add(parts[2]);
        }
        return (names, labels);
    }

    // The line of the file that names class i: the header of a class map comes first.
    private static int Line(List<string> lines, IReadOnlyList<string> names, int i) => i + 1 + (lines.Count - names.Count);

    private static InvalidDataException Wrong(string path, string problem) =>
        new($"{OutsideText.Show(path)}: {problem}. A class-names file has one name per line (line k names class k), or is an EMNIST mapping or a KMNIST class map.");
}
