using Mnist.Functional.Optimizers.Schedules;
using static TorchSharp.torch.optim.lr_scheduler;

namespace Mnist.Functional.Tests.Optimizers.Schedules;

public sealed class OneCycleTests
{
    [Test]
    public void Starts_At_Max_Over_Div_Peaks_At_Max_And_Ends_At_The_Minimum()
    {
        var schedule = new OneCycle(1.0, TotalSteps: 101, PctStart: 0.3, DivFactor: 25, FinalDivFactor: 1e4);

        Assert.Multiple(() =>
        {
            Assert.That(schedule.At(0), Is.EqualTo(1.0 / 25).Within(1e-15));
            Assert.That(schedule.At(29), Is.EqualTo(1.0).Within(1e-3), "just before the peak at 0.3 · 101 − 1 = 29.3");
            Assert.That(schedule.At(100), Is.EqualTo(1.0 / 25 / 1e4).Within(1e-15));
            Assert.That(schedule.At(500), Is.EqualTo(1.0 / 25 / 1e4).Within(1e-15));
        });
    }

    [TestCase(100, 0.3, 25.0, 1e4)]
    [TestCase(37, 0.25, 10.0, 100.0)]
    public void Equals_TorchSharps_OneCycleLR(int totalSteps, double pctStart, double divFactor, double finalDivFactor) =>
        Assert.That(TorchSchedule.Values(new OneCycle(0.5, totalSteps, pctStart, divFactor, finalDivFactor), totalSteps),
            Is.EqualTo(TorchSchedule.Rates(0.5, optimizer => OneCycleLR(optimizer, 0.5, total_steps: totalSteps, pct_start: pctStart,
                div_factor: divFactor, final_div_factor: finalDivFactor), totalSteps)).Within(1e-12));
}
