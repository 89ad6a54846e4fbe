namespace Mnist.Functional.Layers;

/// <summary>
/// Zero padding of a 2-d convolution: explicit (top/bottom, left/right) amounts, or <see cref="Same"/>,
/// which pads so that the output has the input's height and width (stride 1 only, as in PyTorch).
/// </summary>
public readonly record struct Padding2d
{
    private Padding2d(bool isSame, Size2d amount) => (IsSame, Amount) = (isSame, amount);

    /// <summary>Pads <c>d·(k−1)</c> in total along each axis, half before (rounded down) and the rest after, as PyTorch's <c>padding="same"</c>.</summary>
    public static Padding2d Same { get; } = new(true, 0);

    /// <summary>No padding (PyTorch's <c>padding="valid"</c>).</summary>
    public static Padding2d Valid { get; } = new(false, 0);

    /// <summary>Whether this is <see cref="Same"/>.</summary>
    public bool IsSame { get; }

    /// <summary>The explicit amount added on both sides of each axis; 0 for <see cref="Same"/>, which works it out from the kernel.</summary>
    public Size2d Amount { get; }

    /// <summary>The same amount on every side.</summary>
    public static implicit operator Padding2d(int amount) => new(false, amount);

    /// <summary>(height, width) amounts, each added on both sides of its axis.</summary>
    public static implicit operator Padding2d((int Height, int Width) amount) => new(false, amount);

    /// <summary>(height, width) amounts, each added on both sides of its axis.</summary>
    public static implicit operator Padding2d(Size2d amount) => new(false, amount);

    /// <summary><c>"same"</c>, or the amount as PyTorch prints it.</summary>
    public override string ToString() => IsSame ? "\"same\"" : Amount.ToString();
}
