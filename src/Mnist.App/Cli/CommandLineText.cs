using System.CommandLine;

namespace Mnist.App.Cli;

/// <summary>The command line a user typed, as one line a POSIX shell reads back the same: <c>mnist train --model lenet5 --epochs 2</c>.</summary>
public static class CommandLineText
{
    /// <summary>The program name and the tokens of <paramref name="parse"/>, each quoted where the shell would split or expand it.</summary>
    public static string Of(ParseResult parse) =>
        string.Join(' ', parse.Tokens.Select(token => Quote(token.Value)).Prepend("mnist"));

    /// <summary><paramref name="word"/> as is when it is safe in a shell, else in single quotes (a quote inside becomes <c>'\''</c>).</summary>
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c))
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
