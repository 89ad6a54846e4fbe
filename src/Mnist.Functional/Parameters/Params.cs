using System.Collections;
using System.Collections.Immutable;
using Mnist.Functional.Tensors;
using Mnist.Functional.Text;
using static TorchSharp.torch;

namespace Mnist.Functional.Parameters;

/// <summary>
/// An immutable, ordered tree of named tensors. Paths are dotted (<c>conv1.weight</c>,
/// <c>0.bias</c>) and line up with a PyTorch <c>state_dict</c> for the same architecture.
/// </summary>
/// <remarks>
/// The tree is stored flat, in insertion order, which is the order PyTorch registers
/// parameters in; <see cref="Child"/> and <see cref="Prefixed"/> move between levels.
/// Operations return new trees and never change this one. The tensors are shared, not
/// copied: a tree does not own them unless it is disposed with <see cref="Dispose"/>.
/// </remarks>
public sealed class Params : IReadOnlyList<KeyValuePair<string, Tensor>>, IDisposable
{
    private readonly ImmutableArray<KeyValuePair<string, Tensor>> entries;
    private readonly ImmutableDictionary<string, int> index;

    private Params(ImmutableArray<KeyValuePair<string, Tensor>> entries)
    {
        var builder = ImmutableDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Length; i++)
        {
            var path = entries[i].Key;
            ValidatePath(path);
            if (!builder.TryAdd(path, i))
                throw new ArgumentException($"The parameter path '{path}' appears twice; every path in a tree must be unique.", nameof(entries));
        }
        this.entries = entries;
        index = builder.ToImmutable();
    }

    /// <summary>The tree with no parameters (the parameters of a ReLU, for example).</summary>
    public static Params Empty { get; } = new(ImmutableArray<KeyValuePair<string, Tensor>>.Empty);

    /// <summary>Builds a tree from (path, tensor) pairs, in the given order.</summary>
    /// <exception cref="ArgumentException">A path is empty, malformed or repeated.</exception>
    public static Params Of(params IEnumerable<(string Path, Tensor Value)> entries) =>
        new(entries.Select(entry => KeyValuePair.Create(entry.Path, entry.Value)).ToImmutableArray());

    /// <summary>Builds a tree from (path, tensor) pairs, in the given order.</summary>
    public static Params Of(IEnumerable<KeyValuePair<string, Tensor>> entries) => new(entries.ToImmutableArray());

    /// <summary>Joins the children's trees, each under its own name: <c>Nest(("conv1", a), ("fc", b))</c> has <c>conv1.weight</c>, <c>fc.bias</c>, ...</summary>
    public static Params Nest(params IEnumerable<(string Name, Params Child)> children) =>
        Of(children.SelectMany(child => child.Child.Prefixed(child.Name)));

    /// <summary>Number of tensors in the tree.</summary>
    public int Count => entries.Length;

    /// <summary>Total number of scalar elements over all tensors (the "parameter count").</summary>
    public long ElementCount => entries.Sum(entry => entry.Value.numel());

    /// <summary>The dotted paths, in order.</summary>
    public IReadOnlyList<string> Paths => entries.Select(entry => entry.Key).ToArray();

    /// <summary>The tensors, in path order.</summary>
    public System.Collections.ObjectModel.ReadOnlyCollection<Tensor> Tensors => Array.AsReadOnly(entries.Select(entry => entry.Value).ToArray());

    /// <summary>The entry at position <paramref name="position"/> in path order.</summary>
    public KeyValuePair<string, Tensor> this[int position] => entries[position];

    /// <summary>The tensor at a dotted path.</summary>
    /// <exception cref="KeyNotFoundException">No tensor has that path; the message lists the paths there are.</exception>
    public Tensor this[string path] => TryGet(path, out var tensor)
        ? tensor
        : throw new KeyNotFoundException($"No parameter '{path}'. The tree has: {Describe(Paths)}.");

    /// <summary>Whether a tensor has this exact path.</summary>
    public bool Contains(string path) => index.ContainsKey(path);

    /// <summary>Looks up a tensor by its dotted path.</summary>
    public bool TryGet(string path, out Tensor tensor)
    {
        if (index.TryGetValue(path, out var position))
        {
            tensor = entries[position].Value;
            return true;
        }
        tensor = null!;
        return false;
    }

    /// <summary>The same tree one level down: every path gets <c>name.</c> in front.</summary>
    public Params Prefixed(string name)
    {
        ValidatePath(name);
        return new(entries.Select(entry => KeyValuePair.Create($"{name}.{entry.Key}", entry.Value)).ToImmutableArray());
    }

    /// <summary>The subtree under <paramref name="name"/>, with that prefix removed (<c>Child("conv1")</c> has <c>weight</c>, <c>bias</c>).</summary>
    public Params Child(string name)
    {
        var prefix = name + ".";
        return new(entries.Where(entry => entry.Key.StartsWith(prefix, StringComparison.Ordinal))
                          .Select(entry => KeyValuePair.Create(entry.Key[prefix.Length..], entry.Value))
                          .ToImmutableArray());
    }

    /// <summary>This tree followed by <paramref name="other"/>; paths must not collide.</summary>
    public Params Concat(Params other) => new(entries.AddRange(other.entries));

    /// <summary>A tree with the tensor at <paramref name="path"/> replaced, or appended when the path is new.</summary>
    public Params With(string path, Tensor value) =>
        index.TryGetValue(path, out var position)
            ? new(entries.SetItem(position, KeyValuePair.Create(path, value)))
            : new(entries.Add(KeyValuePair.Create(path, value)));

    /// <summary>Applies <paramref name="map"/> to every tensor; the paths stay the same.</summary>
    public Params Map(Func<Tensor, Tensor> map) => Map((_, tensor) => map(tensor));

    /// <summary>Applies <paramref name="map"/> to every (path, tensor); the paths stay the same.</summary>
    public Params Map(Func<string, Tensor, Tensor> map) =>
        new(entries.Select(entry => KeyValuePair.Create(entry.Key, map(entry.Key, entry.Value))).ToImmutableArray());

    /// <summary>Combines two trees of the same structure tensor by tensor: <c>Zip(grads, (p, g) => p - lr * g)</c>.</summary>
    /// <exception cref="ArgumentException">The trees' paths differ; the message names the first difference.</exception>
    public Params Zip(Params other, Func<Tensor, Tensor, Tensor> combine)
    {
        RequireSameStructure(other, nameof(other));
        return new(entries.Select((entry, i) => KeyValuePair.Create(entry.Key, combine(entry.Value, other.entries[i].Value))).ToImmutableArray());
    }

    /// <summary>Combines three trees of the same structure tensor by tensor.</summary>
    /// <exception cref="ArgumentException">The trees' paths differ; the message names the first difference.</exception>
    public Params Zip(Params second, Params third, Func<Tensor, Tensor, Tensor, Tensor> combine)
    {
        RequireSameStructure(second, nameof(second));
        RequireSameStructure(third, nameof(third));
        return new(entries.Select((entry, i) => KeyValuePair.Create(entry.Key, combine(entry.Value, second.entries[i].Value, third.entries[i].Value))).ToImmutableArray());
    }

    /// <summary>Folds over the tensors in path order: <c>Fold(0L, (n, _, t) => n + t.numel())</c>.</summary>
    public TAccumulate Fold<TAccumulate>(TAccumulate seed, Func<TAccumulate, string, Tensor, TAccumulate> step) =>
        entries.Aggregate(seed, (accumulator, entry) => step(accumulator, entry.Key, entry.Value));

    /// <summary>The first difference in paths or shapes between the trees, in words, or <see langword="null"/> when they match.</summary>
    public string? FirstStructuralDifference(Params other)
    {
        for (var i = 0; i < Math.Max(Count, other.Count); i++)
        {
            if (i >= Count) return $"'{other.entries[i].Key}' is only in the second tree";
            if (i >= other.Count) return $"'{entries[i].Key}' is only in the first tree";
            var (mine, theirs) = (entries[i], other.entries[i]);
            if (mine.Key != theirs.Key) return $"position {i} is '{mine.Key}' in one tree and '{theirs.Key}' in the other";
            if (!mine.Value.shape.SequenceEqual(theirs.Value.shape))
                return $"'{mine.Key}' has shape {Shapes.Format(mine.Value.shape)} in one tree and {Shapes.Format(theirs.Value.shape)} in the other";
        }
        return null;
    }

    /// <summary>
    /// The path of the first tensor holding a NaN or an infinity, or <see langword="null"/> when every value is
    /// finite (integer tensors always are). The tensors are only read.
    /// </summary>
    /// <remarks>Costs one pass over the values and one read of a flag when everything is finite (see <see cref="AllFinite"/>).</remarks>
    public string? FirstNonFinite()
    {
        if (AllFinite(Tensors)) return null;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return entries.Where(entry => entry.Value.is_floating_point()).FirstOrDefault(entry => !isfinite(entry.Value).all().item<bool>()).Key;
    }

    /// <summary>Whether every value of every floating-point tensor in <paramref name="tensors"/> is finite (no NaN, no ±∞).</summary>
    /// <remarks>
    /// One reduction per tensor and one flag read for them all: each tensor is summed in float64, where a NaN or an
    /// infinity carries through and finite float32 values cannot overflow, and the sums are tested together. Only a
    /// float64 tensor whose finite values sum past ±1.8e308 could look non-finite, and that case is settled by
    /// testing its elements one by one, so the answer is exact. A training step asks this after every update, so
    /// it reads one flag rather than one per tensor.
    /// </remarks>
    public static bool AllFinite(IEnumerable<Tensor> tensors)
    {
        var floating = tensors.Where(tensor => tensor.is_floating_point()).ToArray();
        if (floating.Length == 0) return true;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var sums = stack(floating.Select(tensor => tensor.sum(ScalarType.Float64)).ToArray());
        if (isfinite(sums).all().item<bool>()) return true;
        return floating.All(tensor => isfinite(tensor).all().item<bool>());
    }

    /// <summary>Every tensor marked as a leaf that records gradients (in place, for autograd).</summary>
    public Params RequiringGrad() => Map(tensor => tensor.detach().requires_grad_());

    /// <summary>Moves every tensor to the dispose scope around the current one, so the tree outlives the current scope.</summary>
    public Params MoveToOuterDisposeScope()
    {
        foreach (var entry in entries) entry.Value.MoveToOuterDisposeScope();
        return this;
    }

    /// <summary>Takes every tensor out of any dispose scope: the caller now owns the tree and disposes it.</summary>
    public Params DetachFromDisposeScope()
    {
        foreach (var entry in entries) entry.Value.DetachFromDisposeScope();
        return this;
    }

    /// <summary>Frees every tensor in the tree. Use only on a tree you own.</summary>
    public void Dispose()
    {
        foreach (var entry in entries) entry.Value.Dispose();
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, Tensor>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, Tensor>>)entries).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The paths and shapes, one per line: <c>conv1.weight [32, 1, 3, 3]</c>.</summary>
    public override string ToString() =>
        string.Join(Environment.NewLine, entries.Select(entry => $"{entry.Key} {Shapes.Format(entry.Value.shape)}"));

    private void RequireSameStructure(Params other, string parameterName)
    {
        if (FirstStructuralDifference(other) is { } difference)
            throw new ArgumentException($"The parameter trees do not match: {difference}.", parameterName);
    }

    /// <summary>Whether <paramref name="path"/> is a parameter path: dot-separated, non-empty names such as <c>conv1.weight</c>.</summary>
    public static bool IsPath(string? path) =>
        !string.IsNullOrEmpty(path) && !path.StartsWith('.') && !path.EndsWith('.') && !path.Contains("..", StringComparison.Ordinal);

    private static void ValidatePath(string path)
    {
        if (!IsPath(path))
            throw new ArgumentException($"'{OutsideText.Show(path)}' is not a parameter path: use dot-separated, non-empty names such as 'conv1.weight'.", nameof(path));
    }

    private static string Describe(IReadOnlyList<string> paths) =>
        paths.Count == 0 ? "no parameters" : string.Join(", ", paths.Take(12)) + (paths.Count > 12 ? $", ... ({paths.Count} in all)" : "");
}
