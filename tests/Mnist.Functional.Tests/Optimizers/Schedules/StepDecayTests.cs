using Mnist.Functional.Optimizers.Schedules;
using static TorchSharp.torch.optim.lr_scheduler;

namespace Mnist.Functional.Tests.Optimizers.Schedules;

public sealed class StepDecayTests
{
    [Test]
    public void Multiplies_By_Gamma_Every_Step_Size_Steps()
    {
        var schedule = new StepDecay(1.0, StepSize: 3, Gamma: 0.5);

        Assert.That(TorchSchedule.Values(schedule, 7), Is.EqualTo(new[] { 1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.25 }));
    }

    [Test]
    public void Equals_TorchSharps_StepLR() =>
        Assert.That(TorchSchedule.Values(new StepDecay(0.1, StepSize: 4, Gamma: 0.3), 30),
            Is.EqualTo(TorchSchedule.Rates(0.1, optimizer => StepLR(optimizer, 4, gamma: 0.3), 30)).Within(1e-12));
}
