namespace Mnist.Functional.Optimizers.Schedules;

/// <summary>A learning-rate schedule: a pure function <c>step -> η</c>, where step 0 is the first update.</summary>
/// <remarks>
/// A plain number converts to a <see cref="ConstantRate"/> schedule, so <c>new Adam(1e-3)</c> and
/// <c>new Adam(new CosineDecay(1e-3, 10_000))</c> both work. The step counts optimizer updates; for a
/// schedule in epochs, multiply its lengths by the number of batches per epoch.
/// </remarks>
public abstract record Schedule
{
    /// <summary>The value for the update that follows <paramref name="count"/> updates (0 for the first).</summary>
    public abstract double At(long count);

    /// <summary>This schedule after a linear warm-up of <paramref name="steps"/> steps from <c>startFactor · At(0)</c>; see <see cref="LinearWarmUp"/>.</summary>
    public Schedule WithLinearWarmUp(long steps, double startFactor = 0) => new LinearWarmUp(steps, this, startFactor);

    /// <summary>A constant schedule.</summary>
    public static implicit operator Schedule(double value) => new ConstantRate(value);

    /// <summary>A constant schedule.</summary>
    public static Schedule FromDouble(double value) => new ConstantRate(value);
}
