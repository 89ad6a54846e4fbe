using System.Globalization;

namespace Mnist.App.Digits;

/// <summary>How a class is named on screen, and how the user names one on the command line.</summary>
public static class ClassLabels
{
    /// <summary>MNIST's class names are its digits, so "7" alone; Fashion-MNIST's get the index too: "9 Ankle boot".</summary>
    public static string Of(IReadOnlyList<string> names, int classIndex)
    {
        var index = classIndex.ToString(CultureInfo.InvariantCulture);
        return names[classIndex] == index ? index : $"{index} {names[classIndex]}";
    }

    /// <summary>The class <paramref name="text"/> names: its index, or its name in any case.</summary>
    /// <exception cref="ArgumentException">No class has that index or name; the message lists them, naming <paramref name="option"/>.</exception>
    public static int Parse(string text, IReadOnlyList<string> names, string option)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < names.Count)
            return index;
        var named = names.Select((name, i) => (name, i)).FirstOrDefault(pair => string.Equals(pair.name, text.Trim(), StringComparison.OrdinalIgnoreCase));
        if (named.name is not null)
            return named.i;
        throw new ArgumentException(
            $"{option} '{Functional.Text.OutsideText.Show(text, 40)}' is not a class of this model: give an index from 0 to {names.Count - 1}" +
            (names.Select((name, i) => name == i.ToString(CultureInfo.InvariantCulture)).All(plain => plain) ? "." : $" or a name ({string.Join(", ", names.Select((_, i) => Of(names, i)))})."));
    }
}
