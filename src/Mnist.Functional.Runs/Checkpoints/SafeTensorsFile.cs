using Mnist.Functional.IO;
using Mnist.Functional.Parameters;
using Mnist.Functional.Tensors;
using Mnist.Functional.Text;
using static TorchSharp.torch;

namespace Mnist.Functional.Checkpoints;

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

    /// <summary>Reads every tensor in the file, in name order, after checking the whole header against the file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="NotARegularFileException">The path names a folder, a FIFO or a device.</exception>
    /// <exception cref="SafeTensorsFormatException">The file is not a well-formed safetensors file.</exception>
    public static Params Load(string path) => Read(path, entries => entries);

    /// <summary>
    /// Reads the file and arranges its tensors as <paramref name="template"/>: the same paths in the
    /// same order, each with the template's shape and dtype. The header is compared with the template before
    /// any tensor is allocated, so a file that does not fit costs no more memory than its header.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="NotARegularFileException">The path names a folder, a FIFO or a device.</exception>
    /// <exception cref="SafeTensorsFormatException">The file is not a well-formed safetensors file.</exception>
    /// <exception cref="CheckpointMismatchException">A tensor is missing, unexpected, or of another shape or dtype; every difference is listed.</exception>
    public static Params LoadLike(string path, Params template)
    {
        var loaded = Read(path, entries =>
        {
            var differences = Differences(entries.ToDictionary(entry => entry.Name, entry => (entry.Shape, entry.DType), StringComparer.Ordinal), template);
            return differences.Count > 0 ? throw new CheckpointMismatchException(path, differences) : entries;
        });
        return template.Map((name, _) => loaded[name]);
    }

    /// <summary>Reads the header, lets <paramref name="select"/> check it and choose the entries to read, then reads those.</summary>
    private static Params Read(string path, Func<IReadOnlyList<SafeTensorsEntry>, IReadOnlyList<SafeTensorsEntry>> select)
    {
        using var stream = InputFile.OpenRead(path, "a safetensors file");
        var header = SafeTensorsHeader.Read(stream, stream.Length, path);
        if (header.Entries.FirstOrDefault(entry => !Params.IsPath(entry.Name)) is { } misnamed)
            throw new SafeTensorsFormatException(path, $"tensor '{OutsideText.Show(misnamed.Name)}' has a name that is not a parameter path (dot-separated, non-empty names such as conv1.weight)");
        var chosen = select(header.Entries);
        var tensors = new List<KeyValuePair<string, Tensor>>(chosen.Count);
        try
        {
            foreach (var entry in chosen)
                tensors.Add(new(entry.Name, ReadTensor(stream, header.DataStart, entry, path)));
        }
        catch
        {
            foreach (var (_, tensor) in tensors) tensor.Dispose();
            throw;
        }
        return Params.Of(tensors.OrderBy(entry => entry.Key, StringComparer.Ordinal));
    }

    private static Tensor ReadTensor(Stream stream, long dataStart, SafeTensorsEntry entry, string path)
    {
        if (entry.Length > int.MaxValue)
            throw new SafeTensorsFormatException(path, $"tensor '{OutsideText.Show(entry.Name)}' holds {entry.Length} bytes; this reader reads tensors of at most {int.MaxValue} bytes");
        var tensor = empty(entry.Shape, entry.DType).DetachFromDisposeScope();
        try
        {
            stream.Position = dataStart + entry.Begin;
            stream.ReadExactly(tensor.bytes);
            return tensor;
        }
        catch (EndOfStreamException e)
        {
            tensor.Dispose();
            throw new SafeTensorsFormatException(path, $"the file ended inside tensor '{OutsideText.Show(entry.Name)}' (it changed while being read?)", e);
        }
    }

    /// <summary>Arranges <paramref name="loaded"/> in <paramref name="template"/>'s order, listing every difference if they do not fit.</summary>
    /// <exception cref="CheckpointMismatchException">A tensor is missing, unexpected, or of another shape or dtype.</exception>
    public static Params Match(Params loaded, Params template, string file)
    {
        var differences = Differences(loaded.ToDictionary(entry => entry.Key, entry => (entry.Value.shape, entry.Value.dtype), StringComparer.Ordinal), template);
        if (differences.Count > 0)
            throw new CheckpointMismatchException(file, differences);
        return template.Map((path, _) => loaded[path]);
    }

    /// <summary>Every way <paramref name="found"/> (name to shape and dtype) differs from <paramref name="template"/>.</summary>
    private static List<string> Differences(IReadOnlyDictionary<string, (long[] Shape, ScalarType DType)> found, Params template)
    {
        var differences = new List<string>();
        foreach (var (path, expected) in template)
        {
            if (!found.TryGetValue(path, out var actual))
                differences.Add($"missing {path} {Shapes.Format(expected.shape)}");
            else if (!actual.Shape.SequenceEqual(expected.shape))
                differences.Add($"{path} is {Shapes.Format(actual.Shape)} in the file but the model needs {Shapes.Format(expected.shape)}");
            else if (actual.DType != expected.dtype)
                differences.Add($"{path} is {actual.DType} in the file but the model needs {expected.dtype}");
        }
        differences.AddRange(found.Keys.Where(path => !template.Contains(path)).Order(StringComparer.Ordinal).Select(path => $"unexpected {OutsideText.Show(path)}"));
        return differences;
    }
}
