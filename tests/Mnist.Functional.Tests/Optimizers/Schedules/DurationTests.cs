using Mnist.Functional.Optimizers.Schedules;

namespace Mnist.Functional.Tests.Optimizers.Schedules;

public sealed class DurationTests
{
    [Test]
    public void The_Default_Is_The_Whole_Run_And_Each_Unit_Prints_Itself() =>
        Assert.Multiple(() =>
        {
            Assert.That(default(Duration), Is.EqualTo(Duration.Run));
            Assert.That(new[] { Duration.Run, Duration.Steps(1), Duration.Steps(500), Duration.Epochs(1.5) }.Select(duration => duration.ToString()),
                Is.EqualTo(new[] { "the run", "1 step", "500 steps", "1.5 epochs" }));
        });

    [Test]
    public void Empty_Or_Endless_Durations_Are_Refused() =>
        Assert.Multiple(() =>
        {
            Assert.That(() => Duration.Steps(0), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => Duration.Epochs(-1), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => Duration.Epochs(double.PositiveInfinity), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
}
