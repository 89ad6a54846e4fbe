using Mnist.Functional.Text;

namespace Mnist.Functional.Checkpoints;

/// <summary>
/// A saved tensor file does not fit the model it is loaded into. The message names the file and
/// lists the missing, unexpected and mis-shaped tensors by their paths.
/// </summary>
public sealed class CheckpointMismatchException : IOException
{
    /// <summary>Creates the exception for <paramref name="file"/> with the differences found.</summary>
    public CheckpointMismatchException(string file, IReadOnlyList<string> differences)
        : base($"{OutsideText.Show(file)} does not match the model: {string.Join("; ", differences)}. " +
               "Load it into the architecture it was saved from (the same model), or train a new checkpoint.")
    {
        File = file;
        Differences = differences;
    }

    /// <summary>The file that did not match.</summary>
    public string File { get; }

    /// <summary>One entry per difference, such as <c>missing fc2.bias</c>.</summary>
    public IReadOnlyList<string> Differences { get; }
}
