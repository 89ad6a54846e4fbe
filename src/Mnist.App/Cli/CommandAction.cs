using System.CommandLine;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.IO;
using Mnist.Functional.Native;
using Mnist.Functional.Text;

namespace Mnist.App.Cli;

/// <summary>Runs a command's body and turns known failures into one clear message and an exit code.</summary>
public static class CommandAction
{
    /// <summary>Wraps <paramref name="body"/> so that no failure escapes as a stack trace unless <c>--verbose</c> asks for it.</summary>
    public static Func<ParseResult, CancellationToken, Task<int>> Guarded(Func<ParseResult, CancellationToken, Task<int>> body) =>
        async (parse, cancellation) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var verbose = parse.GetValue(GlobalOptions.Verbose);
            try
            {
                return await body(parse, cancellation);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                // Ctrl+C before the command could stop at a point of its own (training writes a checkpoint and returns 130 itself):
                // during a download or a verification nothing half-done is kept, so there is nothing to report but the stop.
                await error.WriteLineAsync(
                    $"interrupted (Ctrl+C) before '{parse.CommandResult.Command.Name}' finished. Files already verified stay in the cache; " +
                    "a partial download was removed and is fetched again next time.");
                return ExitCodes.Cancelled;
            }
            catch (EngineLoadException e)
            {
                await error.WriteLineAsync($"error: {e.Message}");
                await error.WriteLineAsync(verbose ? e.LoaderReport : "Run again with --verbose for the loader's report.");
                return ExitCodes.EngineUnavailable;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException)
            {
                await error.WriteLineAsync($"error: {MessageOf(e)}{Remedy(e)}");
                if (verbose) await error.WriteLineAsync(e.ToString());
                return ExitCodes.InputError;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await error.WriteLineAsync($"error: {e.GetType().Name}: {MessageOf(e)}");
                await error.WriteLineAsync(verbose ? e.ToString() : "Run again with --verbose for the full stack trace.");
                return ExitCodes.InternalError;
            }
        };

    /// <summary>The longest error message shown; longer ones keep their start and end.</summary>
    public const int MaxMessageLength = 2000;

    /// <summary>The most lines a message of several lines shows.</summary>
    public const int MaxMessageLines = 40;

    /// <summary>
    /// An exception's message fit for a terminal: without .NET's <c>(Parameter 'name')</c> and <c>Actual value was …</c>
    /// suffixes, with any control character that outside text brought in escaped, and shortened past
    /// <see cref="MaxMessageLength"/> characters. One line, except for a message the library made of several
    /// (<see cref="IMultiLineMessage"/>): each of its lines is escaped and shortened on its own, and the lines stay.
    /// </summary>
    public static string MessageOf(Exception e)
    {
        if (e is IMultiLineMessage { MessageLines: { Count: > 0 } lines })
            return string.Join(Environment.NewLine, lines.Take(MaxMessageLines).Select(line => OutsideText.Show(line, MaxMessageLength)));
        var message = e.Message;
        if (e is ArgumentException { ParamName: { } name })
        {
            message = message.Split(Environment.NewLine)[0];
            message = message.EndsWith($" (Parameter '{name}')", StringComparison.Ordinal) ? message[..^$" (Parameter '{name}')".Length] : message;
        }
        return OutsideText.Show(message, MaxMessageLength);
    }

    /// <summary>Synchronous form of <see cref="Guarded(Func{ParseResult, CancellationToken, Task{int}})"/>.</summary>
    public static Func<ParseResult, CancellationToken, Task<int>> Guarded(Func<ParseResult, int> body) =>
        Guarded((parse, _) => Task.FromResult(body(parse)));

    // The library says what is wrong and why; the command line adds which command or flag fixes it.
    private static string Remedy(Exception e) => e switch
    {
        DataFileException => " ('mnist data download' repairs the cache; --data-dir FOLDER reads a folder of good files.)",
        DataUnavailableException => " (Pass that folder with --data-dir FOLDER.)",
        DatasetNameTakenException => " (Add --replace to 'mnist data add' to replace it.)",
        _ => "",
    };
}
