using Mnist.Functional.Optimizers.Schedules;

namespace Mnist.Functional.Tests.Optimizers.Schedules;

public sealed class ConstantRateTests
{
    [Test]
    public void A_Number_Converts_To_A_Constant_Schedule()
    {
        Schedule schedule = 0.25;

        Assert.Multiple(() =>
        {
            Assert.That(schedule, Is.EqualTo(new ConstantRate(0.25)));
            Assert.That(TorchSchedule.Values(schedule, 5), Is.All.EqualTo(0.25));
        });
    }
}
