using System.Buffers.Binary;
using System.Globalization;
using static TorchSharp.torch;

namespace Mnist.Functional.Tensors;

/// <summary>
/// A CPU generator's saved state (the bytes of <c>Generator.get_state()</c>), checked before it reaches
/// libtorch: <c>set_state</c> with bytes of another length or an invalid Mersenne-Twister position ends
/// the whole process inside the native library instead of raising an error.
/// </summary>
/// <remarks>
/// The bytes are libtorch's <c>CPUGeneratorImplState</c>: the initial seed (uint64 at byte 0), <c>left</c>
/// (int32 at 8, 1 to 624), <c>seeded</c> (int32 at 12, not 0), <c>next</c> (uint64 at 16, at most 624), the
/// 624 words of the twister, then normal-sample caches. libtorch's own check (<c>mt19937::is_valid</c>) tests
/// exactly these three fields; the caches are plain numbers.
/// </remarks>
public static class GeneratorState
{
    private const int StateWords = 624;
    private const int LeftOffset = 8;
    private const int SeededOffset = 12;
    private const int NextOffset = 16;

    /// <summary>The length of a CPU generator's state in this engine (5,056 bytes in libtorch 2.x).</summary>
    public static int Length => LengthOfAFreshState.Value;

    private static readonly Lazy<int> LengthOfAFreshState = new(() =>
    {
        using var generator = new Generator(0);
        return Capture(generator).Length;
    });

    /// <summary>The state of <paramref name="generator"/> as bytes.</summary>
    public static byte[] Capture(Generator generator)
    {
        using var state = generator.get_state();
        return state.data<byte>().ToArray();
    }

    /// <summary>What is wrong with <paramref name="state"/> as a generator state, in words, or <see langword="null"/> when libtorch accepts it.</summary>
    public static string? Problem(ReadOnlySpan<byte> state)
    {
        if (state.Length != Length)
            return string.Create(CultureInfo.InvariantCulture, $"it holds {state.Length} bytes; a generator state holds {Length}");
        var left = BinaryPrimitives.ReadInt32LittleEndian(state[LeftOffset..]);
        var seeded = BinaryPrimitives.ReadInt32LittleEndian(state[SeededOffset..]);
        var next = BinaryPrimitives.ReadUInt64LittleEndian(state[NextOffset..]);
        if (left is < 1 or > StateWords || seeded == 0 || next > StateWords)
            return string.Create(CultureInfo.InvariantCulture, $"its position in the random sequence is not valid (left {left}, seeded {seeded}, next {next})");
        return null;
    }

    /// <summary>Sets <paramref name="generator"/> to <paramref name="state"/>, after checking it.</summary>
    /// <exception cref="ArgumentException"><paramref name="state"/> is not a generator state this engine accepts; nothing was changed.</exception>
    public static void Restore(Generator generator, byte[] state)
    {
        if (Problem(state) is { } problem)
            throw new ArgumentException($"The saved random generator state cannot be used: {problem}.", nameof(state));
        using var bytes = tensor(state);
        generator.set_state(bytes);
    }
}
