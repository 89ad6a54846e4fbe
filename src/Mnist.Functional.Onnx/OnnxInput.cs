using Mnist.Functional.Data;
using Mnist.Functional.Datasets;

namespace Mnist.Functional.Onnx;

/// <summary>
/// What the exported model takes: raw pixels, <c>float32 [batch, Channels, Height, Width]</c> from 0 (background)
/// to 255 (ink) as stored in the IDX files, and the statistics the graph standardises them with before the
/// network: <c>x · 1/(255·std) − mean/std</c>, as <see cref="Preprocess.Standardize"/> does in training.
/// </summary>
/// <param name="Stats">The training split's pixel mean and standard deviation, in [0, 1].</param>
/// <param name="Channels">Channels per image; 1 for MNIST-family digits.</param>
/// <param name="Height">Image height in pixels.</param>
/// <param name="Width">Image width in pixels.</param>
public sealed record OnnxInput(PixelStats Stats, long Channels = 1, long Height = DatasetInfo.ImageSize, long Width = DatasetInfo.ImageSize)
{
    /// <summary>The input's shape for a batch of one: <c>[1, Channels, Height, Width]</c>.</summary>
    public long[] SampleShape => [1, Channels, Height, Width];
}
