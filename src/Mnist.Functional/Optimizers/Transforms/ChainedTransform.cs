using System.Collections.Immutable;
using System.Globalization;
using Mnist.Functional.Parameters;

namespace Mnist.Functional.Optimizers.Transforms;

/// <summary>Gradient transforms applied one after another, <c>fₙ(… f₁(updates))</c>; nested chains are flattened.</summary>
/// <remarks>Stage <c>i</c>'s state lives under the name <c>i</c>, so the whole chain's state is one tree.</remarks>
public sealed record ChainedTransform : GradientTransform
{
    /// <summary>Chains <paramref name="stages"/> in order.</summary>
    public ChainedTransform(IEnumerable<GradientTransform> stages) =>
        Stages = stages.SelectMany(stage => stage is ChainedTransform chain ? chain.Stages : [stage]).ToImmutableArray();

    /// <summary>The stages, in the order they run.</summary>
    public ImmutableArray<GradientTransform> Stages { get; }

    /// <inheritdoc />
    public override Params Init(Params parameters) =>
        Params.Nest(Stages.Select((stage, position) => (Name(position), stage.Init(parameters))));

    /// <inheritdoc />
    public override (Params Updates, Params State) Update(Params updates, Params state, Params parameters, long count)
    {
        var states = new List<(string, Params)>(Stages.Length);
        for (var position = 0; position < Stages.Length; position++)
        {
            (updates, var stageState) = Stages[position].Update(updates, state.Child(Name(position)), parameters, count);
            states.Add((Name(position), stageState));
        }
        return (updates, Params.Nest(states));
    }

    /// <summary>The learning rate of the first stage that has one.</summary>
    public override double? LearningRateAt(long count) =>
        Stages.Select(stage => stage.LearningRateAt(count)).FirstOrDefault(rate => rate is not null);

    /// <summary>Chains compare by their stages, in order.</summary>
    public bool Equals(ChainedTransform? other) => other is not null && Stages.SequenceEqual(other.Stages);

    /// <inheritdoc />
    public override int GetHashCode() => Stages.Aggregate(Stages.Length, HashCode.Combine);

    private static string Name(int position) => position.ToString(CultureInfo.InvariantCulture);
}
