using System.CommandLine;
using Mnist.Functional.Data;
using Mnist.Functional.Data.Sources;
using Mnist.Functional.Tensors;

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
            catch (EngineLoadException e)
            {
                await error.WriteLineAsync($"error: {e.Message}");
                if (verbose) await error.WriteLineAsync(e.LoaderReport);
                return ExitCodes.EngineUnavailable;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException)
            {
                await error.WriteLineAsync($"error: {e.Message}{Remedy(e)}");
                if (verbose) await error.WriteLineAsync(e.ToString());
                return ExitCodes.InputError;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await error.WriteLineAsync($"error: {e.GetType().Name}: {e.Message}");
                await error.WriteLineAsync(verbose ? e.ToString() : "Run again with --verbose for the full stack trace.");
                return ExitCodes.InternalError;
            }
        };

    /// <summary>Synchronous form of <see cref="Guarded(Func{ParseResult, CancellationToken, Task{int}})"/>.</summary>
    public static Func<ParseResult, CancellationToken, Task<int>> Guarded(Func<ParseResult, int> body) =>
        Guarded((parse, _) => Task.FromResult(body(parse)));

    // The library says what is wrong and why; the command line adds which command or flag fixes it.
    private static string Remedy(Exception e) => e switch
    {
        DataFileException => " ('mnist data download' repairs the cache; --data-dir FOLDER reads a folder of good files.)",
        DataUnavailableException => " (Pass that folder with --data-dir FOLDER.)",
        _ => "",
    };
}
