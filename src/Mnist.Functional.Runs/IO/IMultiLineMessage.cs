using Mnist.Functional.Text;

namespace Mnist.Functional.IO;

/// <summary>
/// An exception whose message is a list that reads best as several lines (the sources tried for a dataset, each
/// with why it failed). The line breaks are the library's own; any line may hold outside text (a path, a server's
/// answer), which a host shows with <see cref="OutsideText.Show"/> line by line, so that a line break inside outside
/// text is escaped and cannot forge a line, while the list keeps its lines.
/// </summary>
public interface IMultiLineMessage
{
    /// <summary>The message's lines, in order, without line breaks of their own; <see cref="Exception.Message"/> is them joined by <see cref="Environment.NewLine"/>.</summary>
    IReadOnlyList<string> MessageLines { get; }
}
