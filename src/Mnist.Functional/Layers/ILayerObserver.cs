using Mnist.Functional.Parameters;
using static TorchSharp.torch;

namespace Mnist.Functional.Layers;

/// <summary>Sees the calls composite layers make to their children, in call order (how <see cref="Summary"/> learns each layer's output shape).</summary>
internal interface ILayerObserver
{
    /// <summary>A child is about to run; returns a token that <see cref="Left"/> gets back.</summary>
    int Entering(string path, Layer layer, Params parameters, Tensor input);

    /// <summary>The child that <see cref="Entering"/> announced has returned <paramref name="output"/>.</summary>
    void Left(int call, Tensor output);
}
