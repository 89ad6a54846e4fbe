using Mnist.Functional.Parameters;
using static TorchSharp.torch;

namespace Mnist.Functional.Layers;

/// <summary>
/// A layer is a value: its hyper-parameters, how to make fresh parameters from a generator, and
/// how to apply given parameters to an input. It holds no tensors and never changes; two calls
/// with the same parameters, state, input and mode give the same output.
/// </summary>
/// <remarks>Layers compose with <see cref="Then(Layer)"/> and <see cref="Chain"/>; a composed layer namespaces its children's parameters.</remarks>
public abstract record Layer
{
    /// <summary>Makes fresh parameters and state, drawing every random number from <paramref name="generator"/>.</summary>
    public abstract Variables Init(Generator generator);

    /// <summary>Applies the layer: <c>y = f(parameters, state, x)</c>, returning the output and the state after the call.</summary>
    /// <exception cref="ShapeMismatchException"><paramref name="input"/> has a shape this layer cannot take.</exception>
    public abstract LayerOutput Apply(Params parameters, Params state, Tensor input, Mode mode);

    /// <summary>Applies a layer that has no state: <c>y = f(parameters, x)</c>.</summary>
    public Tensor Apply(Params parameters, Tensor input, Mode mode) => Apply(parameters, Params.Empty, input, mode).Output;

    /// <summary>
    /// The shape of this layer's output for an input of <paramref name="inputShape"/> (batch first), worked out from the
    /// settings alone, without a tensor: <c>[B, 1, 28, 28]</c> through <c>Conv2d(1, 32, 3)</c> gives <c>[B, 32, 26, 26]</c>.
    /// <see langword="null"/> when only running the layer can tell (a <see cref="Lambda"/>, or a layer of the user's own
    /// that does not override this).
    /// </summary>
    /// <remarks>Refuses what <see cref="Apply(Params, Params, Tensor, Mode)"/> refuses, with the same exceptions; tests check the two agree for every layer of the library.</remarks>
    /// <exception cref="ShapeMismatchException">The layer cannot take an input of this shape; the message names the layer's path.</exception>
    /// <exception cref="ArgumentException">The layer's settings are invalid (a negative padding, channels that groups do not divide).</exception>
    public virtual long[]? OutputShape(long[] inputShape) => null;

    /// <summary>This layer's children with their names, for layers built from others; empty for a leaf.</summary>
    public virtual IReadOnlyList<(string Name, Layer Layer)> Children => [];

    /// <summary>A short description with the hyper-parameters, such as <c>Conv2d(1, 32, 3)</c>.</summary>
    public abstract string Describe();

    /// <summary>
    /// The fewest samples a training batch must hold for this layer to learn from it: 2 for batch norm (the
    /// unbiased variance of one value is not defined), 1 for most layers; a composed layer needs what its most
    /// demanding child needs.
    /// </summary>
    public virtual int MinimumTrainingBatch => Children.Select(child => child.Layer.MinimumTrainingBatch).DefaultIfEmpty(1).Max();

    /// <summary>
    /// Multiply-adds one sample costs in this layer itself (not its children), given the input and
    /// output shapes with the batch first; FLOPs ≈ 2 × this.
    /// </summary>
    /// <remarks>
    /// Only weight products count (Linear: in × out per position; Conv2d: output elements × in/groups × kH × kW),
    /// as fvcore and most papers count them; bias additions, pooling, normalisation and activations count 0.
    /// </remarks>
    public virtual long MultiplyAddsPerSample(long[] inputShape, long[] outputShape) => 0;

    /// <summary>
    /// Runs <paramref name="child"/> as the part of this layer called <paramref name="name"/>: its errors
    /// gain the name in their path, and an observer (a summary) sees the call.
    /// </summary>
    protected static LayerOutput ApplyChild(string name, Layer child, Params parameters, Params state, Tensor input, Mode mode)
    {
        var childMode = mode.Within(name);
        var call = mode.Observer?.Entering(childMode.Path, child, parameters, input);
        LayerOutput output;
        try
        {
            output = child.Apply(parameters, state, input, childMode);
        }
        catch (ShapeMismatchException mismatch)
        {
            throw mismatch.Under(name);
        }
        catch (GeneratorRequiredException missing)
        {
            throw missing.Under(name);
        }
        if (call is { } token) mode.Observer!.Left(token, output.Output);
        return output;
    }

    /// <summary>The output shape of <paramref name="child"/>, the part of this layer called <paramref name="name"/>, for <paramref name="inputShape"/>: its errors gain the name in their path.</summary>
    protected static long[]? ChildOutputShape(string name, Layer child, long[] inputShape)
    {
        try
        {
            return child.OutputShape(inputShape);
        }
        catch (ShapeMismatchException mismatch)
        {
            throw mismatch.Under(name);
        }
    }

    /// <summary>Each layer's output shape, parameters and multiply-adds for inputs of <paramref name="inputShape"/>, such as <c>[1, 1, 28, 28]</c>.</summary>
    public Summary Summarize(params long[] inputShape) => Summary.Of(this, inputShape);

    /// <summary>This layer followed by <paramref name="next"/>: <c>next(this(x))</c>. Chains flatten, so names run 0, 1, 2, ... as in PyTorch's <c>nn.Sequential</c>.</summary>
    public Chain Then(Layer next) => Chain.Of(this, next);

    /// <summary>This layer followed by a plain function of tensors, such as an activation.</summary>
    public Chain Then(string name, Func<Tensor, Tensor> next) => Then(new Lambda(name, next));

    /// <summary>A layer from a plain function of tensors; it has no parameters or state.</summary>
    public static implicit operator Layer(Func<Tensor, Tensor> function) => new Lambda("function", function);

    /// <summary>The description, <see cref="Describe"/>; sealed so that derived records print their settings, not their properties.</summary>
    public sealed override string ToString() => Describe();
}
