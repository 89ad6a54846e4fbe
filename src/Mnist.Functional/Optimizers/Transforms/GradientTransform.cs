using Mnist.Functional.Parameters;
using static TorchSharp.torch;

namespace Mnist.Functional.Optimizers.Transforms;

/// <summary>
/// One composable stage of an optimizer, as in Optax: <c>Update(updates, state, params, count) -> (updates', state')</c>
/// turns incoming updates (at first the gradients) into outgoing ones, threading its own state.
/// </summary>
/// <remarks>
/// Transforms are pure: they make new tensors and never change their arguments. Their state is a
/// <see cref="Params"/> tree (moment estimates under names such as <c>exp_avg.fc.weight</c>), so it can be
/// saved and restored like parameters. The optimizer adds the final updates to the parameters:
/// <c>params' = params + updates</c>, so the last stage scales by <c>−learning rate</c>.
/// A stage writes in place only into tensors it has just made (<c>moment.mul(β).add_(g, 1 − β)</c>), never
/// into its arguments: one new tensor per result rather than one per arithmetic operation.
/// </remarks>
public abstract record GradientTransform
{
    /// <summary>The state for parameters shaped like <paramref name="parameters"/>: zero moments, or nothing for a stateless stage.</summary>
    public virtual Params Init(Params parameters) => Params.Empty;

    /// <summary>Transforms <paramref name="updates"/> (shaped like the parameters) and returns them with the next state.</summary>
    /// <param name="updates">The incoming updates: the gradients, or what the previous stage made of them.</param>
    /// <param name="state">This stage's state from <see cref="Init"/> or the previous call.</param>
    /// <param name="parameters">The current parameters (for weight decay).</param>
    /// <param name="count">How many updates came before this one: 0 on the first.</param>
    public abstract (Params Updates, Params State) Update(Params updates, Params state, Params parameters, long count);

    /// <summary>The learning rate this transform scales by at update <paramref name="count"/>, or <see langword="null"/> when it scales by none.</summary>
    public virtual double? LearningRateAt(long count) => null;

    /// <summary>This stage, then <paramref name="next"/>: <c>next(this(updates))</c>.</summary>
    public GradientTransform Then(GradientTransform next) => Chain(this, next);

    /// <summary>Stages applied in order; stage <c>i</c>'s state lives under <c>i.</c> (<c>1.exp_avg.fc.weight</c>).</summary>
    public static GradientTransform Chain(params IEnumerable<GradientTransform> stages) => new ChainedTransform(stages);

    /// <summary>A tree of zeros shaped like <paramref name="parameters"/>: the initial value of a moment estimate.</summary>
    protected static Params ZerosLike(Params parameters) => parameters.Map(tensor => zeros_like(tensor));
}
