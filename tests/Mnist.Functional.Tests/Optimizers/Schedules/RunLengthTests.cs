using Mnist.Functional.Optimizers.Schedules;

namespace Mnist.Functional.Tests.Optimizers.Schedules;

public sealed class RunLengthTests
{
    [Test]
    public void Durations_Become_Steps_By_The_Documented_Rule()
    {
        var run = RunLength.Of(stepsPerEpoch: 469, epochs: 3);

        Assert.Multiple(() =>
        {
            Assert.That(run.TotalSteps, Is.EqualTo(1407));
            Assert.That(run.StepsIn(Duration.Run), Is.EqualTo(1407));
            Assert.That(run.StepsIn(Duration.Steps(100)), Is.EqualTo(100));
            Assert.That(run.StepsIn(Duration.Epochs(1)), Is.EqualTo(469));
            Assert.That(run.StepsIn(Duration.Epochs(0.5)), Is.EqualTo(235), "234.5 rounds away from zero");
            Assert.That(run.StepsIn(Duration.Epochs(0.0001)), Is.EqualTo(1), "at least one step");
            Assert.That(run.After(400), Is.EqualTo(new RunLength(469, 1007)));
            Assert.That(run.After(5000).TotalSteps, Is.EqualTo(1));
        });
    }

    [Test]
    public void A_Run_Without_Batches_Counts_One_Step_Per_Epoch_And_One_In_All() =>
        Assert.That(RunLength.Of(0, 4), Is.EqualTo(new RunLength(1, 1)));
}
