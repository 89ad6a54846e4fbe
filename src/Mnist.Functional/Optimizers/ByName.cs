using Mnist.Functional.Optimizers.Schedules;

namespace Mnist.Functional.Optimizers;

/// <summary>
/// The names of <see cref="OptimizerKind"/> and <see cref="ScheduleKind"/> values, as a person types them and as saved
/// run specifications write them: the kind in lower case (<c>sgd</c>, <c>adamw</c>, <c>onecycle</c>).
/// Names are turned into values here once; everything past this point holds the values.
/// </summary>
public static class ByName
{
    /// <summary>The optimizer names: <c>sgd</c>, <c>adam</c>, <c>adamw</c>, <c>adadelta</c>, <c>rmsprop</c>.</summary>
    public static IReadOnlyList<string> Optimizers { get; } = [.. Enum.GetValues<OptimizerKind>().Select(Name)];

    /// <summary>The schedule names: <c>constant</c>, <c>step</c>, <c>exponential</c>, <c>cosine</c>, <c>onecycle</c>, <c>plateau</c>.</summary>
    public static IReadOnlyList<string> Schedules { get; } = [.. Enum.GetValues<ScheduleKind>().Select(Name)];

    /// <summary>The optimizer called <paramref name="name"/> (any case).</summary>
    /// <exception cref="ArgumentException">No optimizer has that name; the message lists the names there are.</exception>
    public static OptimizerKind Optimizer(string name) =>
        Find<OptimizerKind>(name) ?? throw new ArgumentException($"There is no optimizer '{name}'. Choose one of: {string.Join(", ", Optimizers)}.", nameof(name));

    /// <summary>The schedule called <paramref name="name"/> (any case).</summary>
    /// <exception cref="ArgumentException">No schedule has that name; the message lists the names there are.</exception>
    public static ScheduleKind Schedule(string name) =>
        Find<ScheduleKind>(name) ?? throw new ArgumentException($"There is no schedule '{name}'. Choose one of: {string.Join(", ", Schedules)}.", nameof(name));

    /// <summary>The optimizer's name: <c>adamw</c>.</summary>
    public static string Name(OptimizerKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>The schedule's name: <c>onecycle</c>.</summary>
    public static string Name(ScheduleKind kind) => kind.ToString().ToLowerInvariant();

    private static T? Find<T>(string name) where T : struct, Enum =>
        Enum.GetValues<T>().Select(value => (T?)value).FirstOrDefault(value => value.ToString()!.Equals(name, StringComparison.OrdinalIgnoreCase));
}
