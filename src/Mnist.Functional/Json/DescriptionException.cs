namespace Mnist.Functional.Json;

/// <summary>
/// A JSON description of a value (an architecture, an optimizer) is not one the library can build: the message names
/// where it came from, the field (its path, such as <c>layers[3].inner.layers[1].out_channels</c>), what the field must
/// be and what it is, or which layer and shapes disagree.
/// </summary>
/// <remarks>An <see cref="IOException"/>, as the library's other refusals of bad input are, so a host treats it as such (the app's exit code 2).</remarks>
public sealed class DescriptionException : IOException
{
    /// <summary>Creates the exception for <paramref name="field"/> of the description read from <paramref name="source"/>.</summary>
    /// <param name="source">Where the description came from, such as a file name; it starts the message.</param>
    /// <param name="field">The field's path, or empty for the description as a whole.</param>
    /// <param name="problem">What is wrong and what to do, as a sentence that follows the source.</param>
    public DescriptionException(string source, string field, string problem)
        : base($"{source}: {problem}")
    {
        (Origin, Field) = (source, field);
    }

    /// <summary>Where the description came from, such as a file name.</summary>
    public string Origin { get; }

    /// <summary>The path of the field at fault, such as <c>layers[3].out_channels</c>; empty when the whole description is.</summary>
    public string Field { get; }
}
