using Mnist.Functional.Parameters;
using Mnist.Functional.Tensors;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Mnist.Functional.Persistence;

/// <summary>
/// Reads and writes a <see cref="Params"/> tree as a safetensors file, with the dotted paths as
/// tensor names, so that PyTorch's <c>load_state_dict</c> accepts it for the same architecture.
/// </summary>
public static class SafeTensorsFile
{
    /// <summary>
    /// Writes <paramref name="tensors"/> to <paramref name="path"/>: first to a temporary file beside it, then renamed into place.
    /// The header is padded so that every tensor sits at an aligned offset, as the reference writer lays it out.
    /// </summary>
    public static void Save(string path, Params tensors)
    {
        using var scope = NewDisposeScope();
        var dictionary = tensors.ToDictionary(entry => entry.Key, entry => entry.Value.detach().cpu().contiguous());
        AtomicFile.Write(path, stream => SafeTensorsWriter.Write(stream, dictionary));
    }

    /// <summary>Reads every tensor in the file, in name order.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a readable safetensors file.</exception>
    public static Params Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path} does not exist.", path);
        try
        {
            using var stream = File.OpenRead(path);
            var dictionary = Safetensors.LoadStateDict(stream, leaveOpen: false);
            return Params.Of(dictionary.OrderBy(entry => entry.Key, StringComparer.Ordinal));
        }
        catch (Exception e) when (e is not IOException and not OutOfMemoryException)
        {
            throw new InvalidDataException($"{path} is not a readable safetensors file ({e.Message}).", e);
        }
    }

    /// <summary>
    /// Reads the file and arranges its tensors as <paramref name="template"/>: the same paths in the
    /// same order, each with the template's shape and dtype.
    /// </summary>
    /// <exception cref="CheckpointMismatchException">A tensor is missing, unexpected, or of another shape or dtype; every difference is listed.</exception>
    public static Params LoadLike(string path, Params template) => Match(Load(path), template, path);

    /// <summary>Arranges <paramref name="loaded"/> in <paramref name="template"/>'s order, listing every difference if they do not fit.</summary>
    /// <exception cref="CheckpointMismatchException">A tensor is missing, unexpected, or of another shape or dtype.</exception>
    public static Params Match(Params loaded, Params template, string file)
    {
        var differences = new List<string>();
        foreach (var (path, expected) in template)
        {
            if (!loaded.TryGet(path, out var actual))
                differences.Add($"missing {path} {Shapes.Format(expected.shape)}");
            else if (!actual.shape.SequenceEqual(expected.shape))
                differences.Add($"{path} is {Shapes.Format(actual.shape)} in the file but the model needs {Shapes.Format(expected.shape)}");
            else if (actual.dtype != expected.dtype)
                differences.Add($"{path} is {actual.dtype} in the file but the model needs {expected.dtype}");
        }
        differences.AddRange(loaded.Paths.Where(path => !template.Contains(path)).Select(path => $"unexpected {path}"));
        if (differences.Count > 0)
            throw new CheckpointMismatchException(file, differences);
        return template.Map((path, _) => loaded[path]);
    }
}
