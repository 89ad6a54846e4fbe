using Mnist.Functional.Optimizers.Schedules;

namespace Mnist.Functional.Tests.Optimizers.Schedules;

public sealed class SchedulePlanTests
{
    private static readonly RunLength Run = RunLength.Of(stepsPerEpoch: 469, epochs: 3);

    [Test]
    public void The_Command_Lines_Names_Fit_To_The_Schedules_They_Always_Made() =>
        Assert.Multiple(() =>
        {
            Assert.That(ScheduleKind.Constant.Plan(0.1).Fit(Run), Is.EqualTo(new ConstantRate(0.1)));
            Assert.That(ScheduleKind.Step.Plan(0.1).Fit(Run), Is.EqualTo(new StepDecay(0.1, 469, 0.7)));
            Assert.That(ScheduleKind.Exponential.Plan(0.1).Fit(Run), Is.EqualTo(new ExponentialDecay(0.1, Math.Pow(0.9, 1.0 / 469))));
            Assert.That(ScheduleKind.Cosine.Plan(0.1).Fit(Run), Is.EqualTo(new CosineDecay(0.1, 1407)));
            Assert.That(ScheduleKind.OneCycle.Plan(0.1).Fit(Run), Is.EqualTo(new OneCycle(0.1, 1407)));
            Assert.That(ScheduleKind.OneCycle.Plan(0.1).Fit(RunLength.Of(0, 2)), Is.EqualTo(new OneCycle(0.1, 1)), "a run of no batches still has a step");
        });

    [Test]
    public void A_Plan_Is_Fitted_To_The_Runs_Length_Exactly_When_A_Part_Of_It_Lasts_The_Whole_Run()
    {
        SchedulePlan[] fitted =
        [
            new SchedulePlan.OneCycle(0.1), new SchedulePlan.CosineDecay(0.1), new SchedulePlan.StepDecay(0.1, Duration.Run),
            new SchedulePlan.ExponentialDecay(0.1, 0.5, Duration.Run), new SchedulePlan.LinearWarmUp(Duration.Epochs(1), new SchedulePlan.CosineDecay(0.1)),
            new SchedulePlan.LinearWarmUp(Duration.Run, 0.1),
        ];
        SchedulePlan[] notFitted =
        [
            0.1, new SchedulePlan.OneCycle(0.1, Duration.Epochs(2)), new SchedulePlan.CosineDecay(0.1, Duration.Steps(500)),
            new SchedulePlan.StepDecay(0.1, Duration.Epochs(1), 0.7), new SchedulePlan.ExponentialDecay(0.1, 0.5, Duration.Epochs(1)),
            new SchedulePlan.LinearWarmUp(Duration.Steps(100), new SchedulePlan.OneCycle(0.1, Duration.Epochs(1))),
        ];

        Assert.Multiple(() =>
        {
            foreach (var plan in fitted)
            {
                Assert.That(plan.FittedToLength, Is.True, plan.ToString());
                Assert.That(plan.Fit(Run), Is.Not.EqualTo(plan.Fit(RunLength.Of(469, 4))), $"{plan}: a longer run changes the rates");
            }
            foreach (var plan in notFitted)
            {
                Assert.That(plan.FittedToLength, Is.False, plan.ToString());
                var (three, four) = (plan.Fit(Run), plan.Fit(RunLength.Of(469, 4)));
                Assert.That(Enumerable.Range(0, 1407).Select(step => three.At(step)).ToArray(), Is.EqualTo(Enumerable.Range(0, 1407).Select(step => four.At(step)).ToArray()),
                    $"{plan}: a longer run keeps every rate of the shorter one");
            }
        });
    }

    [Test]
    public void Lengths_In_Epochs_Fit_To_The_Runs_Steps_And_A_Warm_Up_Leaves_The_Rest_To_What_Follows()
    {
        var plan = new SchedulePlan.LinearWarmUp(Duration.Epochs(0.5), new SchedulePlan.OneCycle(0.2), StartFactor: 0.1);

        Assert.That(plan.Fit(Run), Is.EqualTo(new LinearWarmUp(235, new OneCycle(0.2, 1407 - 235), 0.1)));
    }

    [Test]
    public void A_Schedule_In_Steps_Has_A_Plan_That_Fits_To_It_Whatever_The_Run()
    {
        Schedule[] schedules = [new ConstantRate(0.3), new StepDecay(1, 10, 0.5), new ExponentialDecay(1, 0.99), new CosineDecay(0.1, 50, 0.01),
                                new OneCycle(0.2, 100, 0.25, 10, 100), new LinearWarmUp(5, new CosineDecay(0.1, 20), 0.2)];

        Assert.That(schedules.Select(schedule => SchedulePlan.InSteps(schedule).Fit(RunLength.Of(3, 1))), Is.EqualTo(schedules));
    }

    [Test]
    public void Out_Of_Range_Values_Are_Refused_When_Fitted_With_Their_Names() =>
        Assert.Multiple(() =>
        {
            Assert.That(() => new SchedulePlan.Constant(0).Fit(Run), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("Value must be a positive number"));
            Assert.That(() => new SchedulePlan.StepDecay(0.1, Duration.Epochs(1), Gamma: -1).Fit(Run), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("Gamma"));
            Assert.That(() => new SchedulePlan.CosineDecay(0.1, Final: -0.1).Fit(Run), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("Final must be zero or more"));
            Assert.That(() => new SchedulePlan.LinearWarmUp(Duration.Steps(3), 0.1, StartFactor: 2).Fit(Run), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("StartFactor must be in [0, 1]"));
        });
}
