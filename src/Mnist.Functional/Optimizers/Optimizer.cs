using Mnist.Functional.Autodiff;
using Mnist.Functional.Optimizers.Transforms;
using Mnist.Functional.Parameters;
using Mnist.Functional.Tensors;
using static TorchSharp.torch;

namespace Mnist.Functional.Optimizers;

/// <summary>
/// An optimizer is a value: its hyper-parameters and the chain of gradient transforms they make.
/// <c>Init(params) -> state</c>; <c>Update(grads, state, params) -> (params', state')</c> with
/// <c>params' = params + Transform(grads)</c>. Nothing is changed in place.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Update"/> must run inside a dispose scope (it throws otherwise): its temporaries die before it
/// returns, and the new parameters and state belong to the caller's scope. A training step is
/// </para>
/// <code>
/// using (var scope = torch.NewDisposeScope())
/// {
///     var (loss, grads) = valueAndGrad(parameters);
///     (parameters, state) = optimizer.Update(grads, state, parameters);
///     parameters.MoveToOuterDisposeScope();
///     state.MoveToOuterDisposeScope();
/// }
/// </code>
/// <para>or, the same in one call, <see cref="Step"/>.</para>
/// </remarks>
public abstract record Optimizer
{
    /// <summary>The gradient transforms this optimizer applies, ending with the scaling by <c>−learning rate</c>.</summary>
    public abstract GradientTransform Transform { get; }

    /// <summary>η at <paramref name="step"/> (counted from 0): the learning rate the transform scales by, or NaN when it has none.</summary>
    public double LearningRateAt(long step) => Transform.LearningRateAt(step) ?? double.NaN;

    /// <summary>The initial state for <paramref name="parameters"/>: step 0 and zero moments.</summary>
    public OptState Init(Params parameters) => new(0, Transform.Init(parameters));

    /// <summary>One update: <c>params' = params + Transform(grads, state)</c>, returning new parameters and state.</summary>
    /// <param name="grads">∂loss/∂params, shaped like the parameters.</param>
    /// <param name="state">The state from <see cref="Init"/> or the previous update.</param>
    /// <param name="parameters">The current parameters.</param>
    /// <param name="rateScale">
    /// A factor on the learning rate, such as a plateau rule's (the training fold's <c>ReduceOnPlateau</c>); 1 for the schedule's
    /// rate as it is. Every optimizer here applies its rate last (<c>u = −η · u'</c>, its moments made from the gradients
    /// alone), so scaling the final update is scaling η.
    /// </param>
    /// <exception cref="InvalidOperationException">There is no dispose scope around the call.</exception>
    public (Params Params, OptState State) Update(Params grads, OptState state, Params parameters, double rateScale = 1)
    {
        if (CurrentDisposeScope is null)
            throw new InvalidOperationException(
                "Optimizer.Update makes new tensors every step; call it inside 'using var scope = torch.NewDisposeScope();' and move out what you keep (parameters.MoveToOuterDisposeScope()), or use Optimizer.Step.");
        using var scope = NewDisposeScope();
        using var gradientsOff = no_grad();
        var (updates, moments) = Transform.Update(grads, state.Moments, parameters, state.Step);
        using var scalars = new ScalarScope();
        TorchSharp.Scalar? scale = null;   // made only when the rate is scaled: a native block per step otherwise
        var next = rateScale == 1
            ? parameters.Zip(updates, (parameter, update) => parameter + update)
            : parameters.Zip(updates, (parameter, update) => parameter + update.mul(scale ??= scalars.Of(rateScale)));
        scope.MoveToOuter(next.Tensors.Concat(moments.Tensors));
        return (next, new(state.Step + 1, moments));
    }

    /// <summary>
    /// One training step in its own dispose scope: the loss and its gradient at <paramref name="parameters"/>,
    /// then <see cref="Update"/>. Returns the loss (detached) and the new parameters and state, which
    /// belong to the caller's scope; every other tensor of the step is freed.
    /// </summary>
    /// <remarks>The old parameters and state are left as they are: free them (or let their scope end) when you no longer need them.</remarks>
    /// <param name="loss">The scalar loss as a function of the parameters.</param>
    /// <param name="parameters">The current parameters.</param>
    /// <param name="state">The optimizer state for them.</param>
    public (Tensor Loss, Params Params, OptState State) Step(Func<Params, Tensor> loss, Params parameters, OptState state)
    {
        using var scope = NewDisposeScope();
        var (value, grads) = Diff.ValueAndGrad(loss)(parameters);
        var (next, nextState) = Update(grads, state, parameters);
        scope.MoveToOuter(next.Tensors.Concat(nextState.Moments.Tensors).Append(value));
        return (value, next, nextState);
    }

    /// <summary>This optimizer with the gradients first clipped to global norm <paramref name="maxNorm"/> (see <see cref="ClipByGlobalNorm"/>).</summary>
    public Optimizer ClippedByGlobalNorm(double maxNorm) => From(new ClipByGlobalNorm(maxNorm).Then(Transform));

    /// <summary>This optimizer with the parameters under <paramref name="layers"/> frozen: their updates set to zero last (see <see cref="FreezeUpdates"/>); itself when there are none.</summary>
    public Optimizer Freezing(IReadOnlyList<string> layers) => layers.Count == 0 ? this : From(Transform.Then(new FreezeUpdates(layers)));

    /// <summary>An optimizer made of any chain of transforms, such as <c>Optimizer.From(new ScaleByAdam().Then(new ScaleByLearningRate(1e-3)))</c>.</summary>
    public static Optimizer From(GradientTransform transform) => new Custom(transform);

    private sealed record Custom(GradientTransform Chain) : Optimizer
    {
        public override GradientTransform Transform => Chain;
    }
}
