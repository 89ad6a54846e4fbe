namespace Mnist.Functional.Images;

/// <summary>Why the ink found in an image is implausible for one digit; any of them makes an answer weak.</summary>
[Flags]
public enum DigitWarnings
{
    /// <summary>The ink looks like one digit.</summary>
    None = 0,

    /// <summary>Two or more separate blobs of ink of similar size (the second at least half the largest): several digits, or one broken apart.</summary>
    SeveralBlobs = 1,

    /// <summary>The ink that was kept touches the image's edge: the digit may be cut off, or a frame or page edge was taken for it.</summary>
    TouchesBorder = 2,

    /// <summary>Almost no ink: under 0.1% of the image.</summary>
    AlmostEmpty = 4,
}
