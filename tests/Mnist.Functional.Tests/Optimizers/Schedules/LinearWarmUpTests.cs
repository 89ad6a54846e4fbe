using Mnist.Functional.Optimizers.Schedules;

namespace Mnist.Functional.Tests.Optimizers.Schedules;

public sealed class LinearWarmUpTests
{
    [Test]
    public void Rises_Linearly_Then_Runs_The_Wrapped_Schedule_From_Its_Start()
    {
        var schedule = new ExponentialDecay(1.0, Gamma: 0.5).WithLinearWarmUp(steps: 4);

        Assert.That(TorchSchedule.Values(schedule, 7), Is.EqualTo(new[] { 0.0, 0.25, 0.5, 0.75, 1.0, 0.5, 0.25 }));
    }

    [Test]
    public void Starts_At_The_Start_Factor_Times_The_First_Value()
    {
        var schedule = new LinearWarmUp(Steps: 2, Then: new ConstantRate(0.1), StartFactor: 0.5);

        Assert.That(TorchSchedule.Values(schedule, 3), Is.EqualTo(new[] { 0.05, 0.075, 0.1 }).Within(1e-15));
    }
}
