using Mnist.Functional.Parameters;

namespace Mnist.Functional.Layers;

/// <summary>What <see cref="Layer.Init"/> makes: the trainable parameters and the non-trainable state (batch-norm running statistics).</summary>
/// <param name="Params">Trainable tensors, such as <c>weight</c> and <c>bias</c>.</param>
/// <param name="State">Tensors a layer carries between calls but does not train, such as <c>running_mean</c>.</param>
public readonly record struct Variables(Params Params, Params State)
{
    /// <summary>No parameters and no state.</summary>
    public static Variables None { get; } = new(Params.Empty, Params.Empty);
}
