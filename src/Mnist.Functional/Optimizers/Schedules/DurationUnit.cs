namespace Mnist.Functional.Optimizers.Schedules;

/// <summary>What a <see cref="Duration"/> counts in.</summary>
public enum DurationUnit
{
    /// <summary>The whole run (or, inside a warm-up, the rest of the run after it); the default.</summary>
    Run,

    /// <summary>Optimizer steps (updates).</summary>
    Steps,

    /// <summary>Epochs, passes over the training data; fitted to steps when the run's length is known.</summary>
    Epochs,
}
