using Mnist.Functional.Models;

namespace Mnist.Functional.Runs.Tests.Runs;

public sealed class RunSpecTests
{
    [Test]
    public void A_Zoo_Models_Spec_Holds_Its_Recipe_And_Mnist()
    {
        var spec = RunSpec.Of(Zoo.Fast);

        Assert.Multiple(() =>
        {
            Assert.That(spec.Recipe, Is.SameAs(Zoo.Fast.Recipe));
            Assert.That(spec.Dataset.Id, Is.EqualTo("mnist"));
            Assert.That(spec.Seed, Is.EqualTo(RunSpec.DefaultSeed));
            Assert.That(spec.Checked(), Is.SameAs(spec));
            Assert.That(spec.Describe(), Does.StartWith("fast on MNIST: sgd lr 0.2"));
        });
    }

    [Test]
    public void Early_Stopping_Without_A_Validation_Split_Says_What_It_Needs()
    {
        Assert.That(() => (RunSpec.Of(Zoo.Mlp) with { EarlyStoppingPatience = 3 }).Checked(),
            Throws.ArgumentException.With.Message.StartsWith("Early stopping watches the validation loss, so the run needs a validation split: hold out some training items.").And.Property(nameof(ArgumentException.ParamName)).EqualTo("early_stopping_patience"));
        Assert.That((RunSpec.Of(Zoo.Mlp) with { EarlyStoppingPatience = 3, ValidationSize = 100 }).Checked().EarlyStoppingPatience, Is.EqualTo(3));
    }

    [TestCase(true, false, false, "Keeping the best epoch compares the validation loss")]
    [TestCase(false, true, false, "Restoring the best epoch compares the validation loss")]
    [TestCase(false, false, true, "The plateau schedule lowers the learning rate when the validation loss stops improving")]
    public void What_Watches_The_Validation_Figures_Without_A_Validation_Split_Is_Refused_As_A_Missing_Split(bool keepBest, bool restoreBest, bool plateau, string message)
    {
        var spec = RunSpec.Of(Zoo.Mlp) with { KeepBest = keepBest, RestoreBest = restoreBest };
        if (plateau) spec = spec with { Recipe = spec.Recipe with { Schedule = Optimizers.Schedules.ScheduleKind.Plateau } };

        Assert.Multiple(() =>
        {
            Assert.That(() => spec.Checked(), Throws.ArgumentException.With.Message.StartsWith(message).And.Property(nameof(ArgumentException.ParamName)).EqualTo("validation_size"));
            Assert.That((spec with { ValidationSize = 100 }).Checked(), Is.Not.Null);
        });
    }

    [Test]
    public void The_Watch_Settings_And_The_Plateau_Read_Back_From_Their_Json()
    {
        var spec = RunSpec.Of(Zoo.Mlp) with
        {
            ValidationSize = 100, KeepBest = true, RestoreBest = true, Monitor = Training.Metric.ValidationAccuracy,
            Recipe = Zoo.Mlp.Recipe with { Schedule = Optimizers.Schedules.ScheduleKind.Plateau, Plateau = new Training.ReduceOnPlateau(0.5, 3, 0.01, 1e-5) },
        };

        var json = RunSpecJson.ToJson(spec);
        var read = RunSpecJson.FromJson(json, "test");

        Assert.Multiple(() =>
        {
            Assert.That(read.KeepBest && read.RestoreBest, Is.True);
            Assert.That(read.Monitor, Is.SameAs(Training.Metric.ValidationAccuracy));
            Assert.That(read.Recipe.Plateau, Is.EqualTo(spec.Recipe.Plateau));
            Assert.That(json["monitor"]!.GetValue<string>(), Is.EqualTo("validation_accuracy"));
            Assert.That(RunSpecJson.ToJson(RunSpec.Of(Zoo.Mlp)).ContainsKey("monitor"), Is.False, "a run that watches nothing reads as before");
            Assert.That(RunSpecJson.ToJson(RunSpec.Of(Zoo.Mlp)).ContainsKey("keep_best"), Is.False);
        });
    }

    [TestCase(-1, null, "validation size cannot be negative")]
    [TestCase(500, 500L, "The training items taken hold 500 samples, so at most 499 can be held out")]
    public void Sizes_That_Make_No_Run_Are_Refused(int validation, long? trainItems, string message)
    {
        Assert.That(() => (RunSpec.Of(Zoo.Mlp) with { ValidationSize = validation, TrainItems = trainItems }).Checked(),
            Throws.ArgumentException.With.Message.Contains(message));
    }

    [Test]
    public void The_Library_Message_Names_No_Command_Line_Flag()
    {
        var messages = new[]
        {
            Message(() => (RunSpec.Of(Zoo.Mlp) with { EarlyStoppingPatience = 3 }).Checked()),
            Message(() => (RunSpec.Of(Zoo.Mlp) with { TimeBudgetSeconds = -1 }).Checked()),
            Message(() => (RunSpec.Of(Zoo.Mlp) with { Recipe = Zoo.Mlp.Recipe with { LearningRate = 0 } }).Checked()),
        };
        Assert.That(messages, Has.All.Not.Contain("--"));
    }

    private static string Message(Action action)
    {
        try
        {
            action();
            return "";
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }
}
