using Mnist.Functional.Optimizers.Schedules;
using static TorchSharp.torch.optim.lr_scheduler;

namespace Mnist.Functional.Tests.Optimizers.Schedules;

public sealed class CosineDecayTests
{
    [Test]
    public void Falls_From_Initial_Through_The_Midpoint_To_Final_And_Stays()
    {
        var schedule = new CosineDecay(1.0, Steps: 10, Final: 0.2);

        Assert.Multiple(() =>
        {
            Assert.That(schedule.At(0), Is.EqualTo(1.0));
            Assert.That(schedule.At(5), Is.EqualTo(0.6).Within(1e-12));
            Assert.That(schedule.At(10), Is.EqualTo(0.2).Within(1e-12));
            Assert.That(schedule.At(25), Is.EqualTo(0.2).Within(1e-12));
        });
    }

    [Test]
    public void Equals_TorchSharps_CosineAnnealingLR_Up_To_T_Max() =>
        Assert.That(TorchSchedule.Values(new CosineDecay(0.1, Steps: 20, Final: 0.001), 21),
            Is.EqualTo(TorchSchedule.Rates(0.1, optimizer => CosineAnnealingLR(optimizer, 20, eta_min: 0.001), 21)).Within(1e-12));
}
