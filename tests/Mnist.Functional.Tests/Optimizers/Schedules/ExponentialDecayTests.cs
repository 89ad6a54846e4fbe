using Mnist.Functional.Optimizers.Schedules;
using static TorchSharp.torch.optim.lr_scheduler;

namespace Mnist.Functional.Tests.Optimizers.Schedules;

public sealed class ExponentialDecayTests
{
    [Test]
    public void Multiplies_By_Gamma_Every_Step() =>
        Assert.That(TorchSchedule.Values(new ExponentialDecay(2.0, Gamma: 0.5), 4), Is.EqualTo(new[] { 2.0, 1.0, 0.5, 0.25 }));

    [Test]
    public void Equals_TorchSharps_ExponentialLR() =>
        Assert.That(TorchSchedule.Values(new ExponentialDecay(0.1, Gamma: 0.9), 30),
            Is.EqualTo(TorchSchedule.Rates(0.1, optimizer => ExponentialLR(optimizer, gamma: 0.9), 30)).Within(1e-12));
}
