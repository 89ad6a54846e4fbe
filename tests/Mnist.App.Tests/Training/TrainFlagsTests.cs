using System.Text.Json.Nodes;
using Mnist.App.Commands;
using Mnist.App.Training;
using Mnist.Functional.Models;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Runs;

namespace Mnist.App.Tests.Training;

public sealed class TrainFlagsTests
{
    private static Dictionary<string, JsonNode?> Given(params string[] arguments) =>
        TrainFlags.Given(TrainCommand.Create().Parse(arguments));

    [Test]
    public void The_Speedrun_Model_Trains_With_Its_Recipes_Betas()
    {
        var spec = TrainFlags.ForNewRun(Given("--model", "speedrun"));

        Assert.That(spec.Recipe, Is.EqualTo(Zoo.Speedrun.Recipe));
        Assert.That((spec.Recipe.Beta1, spec.Recipe.Beta2), Is.EqualTo((0.7, 0.9)));
    }

    [Test]
    public void Naming_The_Recipes_Own_Optimizer_Keeps_Its_Betas_And_Another_Drops_Them()
    {
        var adam = TrainFlags.ForNewRun(Given("--model", "speedrun", "--optimizer", "adam")).Recipe;
        var adamW = TrainFlags.ForNewRun(Given("--model", "speedrun", "--optimizer", "adamw")).Recipe;
        var sgd = TrainFlags.ForNewRun(Given("--model", "speedrun", "--optimizer", "sgd", "--lr", "0.01")).Recipe;

        Assert.Multiple(() =>
        {
            Assert.That((adam.Beta1, adam.Beta2), Is.EqualTo((0.7, 0.9)));
            Assert.That((adamW.Optimizer, adamW.Beta1, adamW.Beta2, adamW.LearningRate), Is.EqualTo((OptimizerKind.AdamW, (double?)null, (double?)null, OptimizerKind.AdamW.DefaultLearningRate())));
            Assert.That((sgd.Optimizer, sgd.Beta1, sgd.LearningRate, sgd.WeightDecay), Is.EqualTo((OptimizerKind.Sgd, (double?)null, 0.01, 0.0)), "the learning rate given wins over the new optimizer's own");
        });
    }

    [TestCase("--model", "speedrun", "--seed", "4")]
    [TestCase("--model", "lenet5", "--optimizer", "rmsprop", "--momentum", "0.5", "--clip-grad-norm", "1.5", "--validation", "500", "--early-stopping", "2")]
    [TestCase("--quick", "--time-budget", "30", "--threads", "1", "--test-items", "200")]
    [TestCase("--model", "robust")]
    [TestCase("--model", "robust", "--adversarial", "none")]
    [TestCase("--model", "lenet5", "--adversarial", "pgd", "--adversarial-steps", "5", "--adversarial-warmup", "0.5")]
    public void The_Command_Written_For_A_Run_Parses_Back_To_The_Same_Run(params string[] arguments)
    {
        var spec = TrainFlags.ForNewRun(Given(arguments));
        var command = TrainFlags.CommandFor(spec);

        var again = TrainFlags.ForNewRun(Given(command.Split(' ')[2..]));

        Assert.That(again, Is.EqualTo(spec), command);
    }

    [Test]
    public void Naming_Another_Adversarial_Method_Starts_From_Its_Own_Settings_The_Same_Keeps_The_Recipes_And_None_Drops_It()
    {
        var pgd = TrainFlags.ForNewRun(Given("--model", "robust", "--adversarial", "pgd", "--adversarial-steps", "4")).Recipe.Adversarial;
        var same = TrainFlags.ForNewRun(Given("--model", "robust", "--adversarial", "fgsm-rs")).Recipe.Adversarial;
        var none = TrainFlags.ForNewRun(Given("--model", "robust", "--adversarial", "none"));

        Assert.Multiple(() =>
        {
            Assert.That(pgd, Is.EqualTo(Functional.Robustness.AdversarialTraining.Pgd(0.3, steps: 4)), "α fits the steps given");
            Assert.That(same, Is.EqualTo(Zoo.Robust.Recipe.Adversarial));
            Assert.That(none.Recipe.Adversarial, Is.Null);
            Assert.That(TrainFlags.CommandFor(none), Does.EndWith(" --adversarial none"), "the model's recipe would bring it back");
            Assert.That(TrainFlags.CommandFor(TrainFlags.ForNewRun(Given("--model", "lenet5"))), Does.Not.Contain("--adversarial"));
        });
    }

    [TestCase("--adversarial-epsilon", "0.1")]
    [TestCase("--adversarial", "none", "--adversarial-steps", "2")]
    public void An_Attacks_Setting_Without_A_Method_Is_Refused_By_Its_Flag(params string[] arguments)
    {
        Assert.That(() => TrainFlags.ForNewRun(Given(arguments)),
            Throws.ArgumentException.With.Message.StartsWith($"{arguments[^2]}: The run does not train adversarially"));
    }

    [Test]
    public void Every_Setting_Of_A_Run_Has_A_Flag_Or_A_Reason_For_None()
    {
        var everything = TrainFlags.ForNewRun(Given("--model", "speedrun", "--adversarial", "pgd", "--clip-grad-norm", "2", "--validation", "10", "--early-stopping", "1",
            "--time-budget", "9", "--threads", "1", "--train-items", "100", "--test-items", "100", "--quick")) with { Normalisation = new(0.1, 0.3) };

        Assert.That(RunSpecJson.Settings(everything).Select(setting => setting.Key).Where(key => TrainFlags.FlagFor(key) is null && !TrainFlags.WithoutFlag.Contains(key)), Is.Empty);
    }

    [Test]
    public void Clipping_The_Gradients_Is_A_Setting_From_The_Flag_To_The_Command_And_The_Report()
    {
        var spec = TrainFlags.ForNewRun(Given("--model", "mlp", "--clip-grad-norm", "0.75"));

        Assert.Multiple(() =>
        {
            Assert.That(spec.Recipe.ClipGradNorm, Is.EqualTo(0.75));
            Assert.That(TrainFlags.CommandFor(spec), Does.Contain("--clip-grad-norm 0.75"));
            Assert.That(RunSpecJson.Settings(spec).Single(setting => setting.Key == "recipe.clip_grad_norm").Label, Is.EqualTo("clip grad norm"));
            Assert.That(spec.Recipe.Describe(), Does.Contain("gradients clipped to norm 0.75"));
        });
    }

    [Test]
    public void A_Setting_The_Library_Refuses_Is_Named_By_Its_Flag()
    {
        var spec = TrainFlags.ForNewRun(Given("--validation", "60000"));

        var error = Assert.Throws<ArgumentException>(() => TrainFlags.Explained(spec.Checked));

        Assert.That(error!.Message, Does.StartWith("--validation: MNIST's training split holds 60,000 samples, so at most 59,999 can be held out"));
    }

    [Test]
    public void Resuming_Refuses_Each_Setting_That_Would_Change_The_Run_By_Its_Flag_And_Lets_The_Others_Through()
    {
        var saved = TrainFlags.ForNewRun(Given("--model", "mlp", "--epochs", "2", "--schedule", "step"));

        var refused = Assert.Throws<ArgumentException>(() => TrainFlags.ForResume(Given("--lr", "0.5", "--seed", "9", "--model", "mlp"), replace: false, saved, "runs/a/checkpoint"));
        var resumed = TrainFlags.ForResume(Given("--epochs", "5", "--time-budget", "60", "--optimizer", "adam"), replace: false, saved, "runs/a/checkpoint");

        Assert.Multiple(() =>
        {
            Assert.That(refused!.Message, Does.StartWith("--lr, --seed cannot change when resuming runs/a/checkpoint"));
            Assert.That((resumed.Recipe.Epochs, resumed.TimeBudgetSeconds, resumed.Recipe.Optimizer), Is.EqualTo((5, (double?)60, saved.Recipe.Optimizer)), "the same optimizer named again changes nothing");
        });
    }

    [Test]
    public void Resuming_A_Schedule_Fitted_To_The_Runs_Length_For_More_Epochs_Needs_The_Schedule_Named()
    {
        var saved = TrainFlags.ForNewRun(Given("--model", "mlp", "--epochs", "2", "--schedule", "cosine"));

        var refused = Assert.Throws<ArgumentException>(() => TrainFlags.ForResume(Given("--epochs", "4"), replace: false, saved, "c"));
        var refitted = TrainFlags.ForResume(Given("--epochs", "4", "--schedule", "cosine"), replace: false, saved, "c");

        Assert.Multiple(() =>
        {
            Assert.That(refused!.Message, Does.StartWith("--epochs 4: the run in c was planned for 2 epochs with a cosine schedule"));
            Assert.That(RunSpec.Refits(saved, refitted), Is.True);
            Assert.That(TrainFlags.CommandForResume(saved, refitted, "runs/a", null), Does.EndWith(" --out runs/a && mnist train --resume runs/a/checkpoint --epochs 4 --schedule cosine"));
        });
    }

    // The guides show the command the default run records; it is the one the app makes for that run.
    [TestCase("docs/commands.md")]
    [TestCase("docs/training-in-code.md")]
    public void The_Guides_Show_The_Command_That_Reproduces_The_Default_Run(string guide)
    {
        var command = TrainFlags.CommandFor(TrainFlags.ForNewRun(Given()));
        var shown = System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(Path.Combine(Mnist.Functional.Testing.Repository.Root(), guide)), "\"command\": \"(mnist train --model fast [^\"&]*?)( --out [^\"]*)?\"")
            .Select(match => System.Text.RegularExpressions.Regex.Replace(match.Groups[1].Value, "\\s+", " ").TrimEnd()).ToArray();

        Assert.That(shown, Is.Not.Empty.And.All.EqualTo(command));
    }
}
