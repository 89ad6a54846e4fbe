using Mnist.App.Progress;
using Mnist.Functional.Training;

namespace Mnist.App.Tests.Progress;

public sealed class TerminalProgressTests
{
    [Test]
    public void The_Bar_Starts_When_The_Run_Says_Its_Length_Shows_Each_Step_And_Ends_When_Disposed()
    {
        using var error = new StringWriter();
        var progress = new TerminalProgress(error);

        progress.OnStart(new FitStart(TotalEpochs: 2, StepsPerEpoch: 4, StepsDone: 4));
        var verdict = progress.OnStep(new StepReport(2, 5, 1, 4, 0.5f, 0.1, new EpochProgress(1, 0.5, 60, 64, 0.25)));
        var ended = Task.Run(progress.Dispose).Wait(TimeSpan.FromSeconds(30));

        Assert.Multiple(() =>
        {
            Assert.That(verdict.ShouldStop, Is.False);
            Assert.That(ended, Is.True, "disposing ends the display instead of waiting for it");
            Assert.That(error.ToString(), Does.Contain("epoch 2/2").And.Contain("step 5/8"), "a resumed run's bar starts where it stopped, its label says where");
        });
    }

    [Test]
    public void A_Step_Line_Leaves_Out_The_Time_Left_Where_The_Display_Shows_Its_Own()
    {
        var report = new StepReport(1, 2, 2, 4, 0.5f, 0.1, new EpochProgress(2, 1.0, 120, 128, 0.5));

        Assert.Multiple(() =>
        {
            Assert.That(ProgressText.Step(report), Does.EndWith("ETA 0:00"));
            Assert.That(ProgressText.Step(report, withTimeLeft: false), Does.Not.Contain("ETA").And.EndWith("samples/s"));
        });
    }
}
