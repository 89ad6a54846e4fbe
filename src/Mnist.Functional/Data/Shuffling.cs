using static TorchSharp.torch;

namespace Mnist.Functional.Data;

/// <summary>Seeded permutations: the same seed gives the same order on every CPU run.</summary>
public static class Shuffling
{
    /// <summary>A permutation of <c>0 .. count-1</c> drawn from a generator seeded with <paramref name="seed"/>: <c>[count] int64</c>.</summary>
    public static Tensor Permutation(long count, long seed)
    {
        using var generator = new Generator(unchecked((ulong)seed));
        return randperm(count, generator: generator);
    }

    /// <summary>The seed of epoch <paramref name="epoch"/> of a shuffle seeded with <paramref name="seed"/> (SplitMix64 of both), so epochs differ.</summary>
    public static long EpochSeed(long seed, long epoch)
    {
        unchecked
        {
            var z = (ulong)seed + 0x9E3779B97F4A7C15UL * (ulong)(epoch + 1);
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return (long)((z ^ (z >> 31)) >> 1);
        }
    }
}
