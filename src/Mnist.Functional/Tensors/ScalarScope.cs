using TorchSharp;

namespace Mnist.Functional.Tensors;

/// <summary>Numbers as libtorch scalars that are freed when the scope ends, not by the garbage collector.</summary>
/// <remarks>
/// TorchSharp turns a number into a native <see cref="Scalar"/> wherever one stands for it (<c>x.mul(0.9)</c>,
/// <c>x.add_(g, alpha: 0.1)</c>, <c>0.9 * x</c>) and frees it only when the garbage collector finalizes it
/// (dotnet/TorchSharp#1434); its dispose scopes manage tensors only. A training step makes dozens; thousands of
/// small native blocks, scattered between the step's tensor buffers until a collection, keep glibc from reusing
/// and returning the freed memory: resident memory climbs step after step and falls back only at a collection
/// (docs/speed.md gives the measurement). Every number in a hot path (an optimizer update, a
/// layer, a loss, preprocessing) comes from a scope: <c>using var scalars = new ScalarScope(); x.mul(scalars.Of(0.9))</c>.
/// <para>
/// A scalar made in passing is also unreachable as soon as TorchSharp has read its native handle, while libtorch may still
/// be reading it: a collection on another thread then lets its finalizer free it under libtorch's feet (a check failure in
/// <c>toFloat</c> during a corruption was seen once). A scope keeps each scalar reachable until it is disposed, after the
/// call. The build refuses the implicit conversion of a number to a <see cref="Scalar"/> in the library's code
/// (<c>src/BannedSymbols.txt</c>), so every number in it comes from a scope.
/// </para>
/// </remarks>
public sealed class ScalarScope : IDisposable
{
    private readonly List<Scalar> scalars = [];

    /// <summary><paramref name="value"/> as a floating-point scalar that lives until this scope is disposed.</summary>
    public Scalar Of(double value) => Keep(value.ToScalar());

    /// <summary><paramref name="value"/> as an integer scalar (integer tensors stay integer) that lives until this scope is disposed.</summary>
    public Scalar Of(long value) => Keep(value.ToScalar());

    /// <summary>Frees every scalar this scope made.</summary>
    public void Dispose()
    {
        foreach (var scalar in scalars) scalar.Dispose();
        scalars.Clear();
    }

    private Scalar Keep(Scalar scalar)
    {
        scalars.Add(scalar);
        return scalar;
    }
}
