using System.Text.Json.Nodes;
using Mnist.App.Cli;

namespace Mnist.App.Tests.Commands;

/// <summary><c>mnist train --adversarial …</c>: its settings checked before any work, recorded in the run, kept on resume.</summary>
public sealed class TrainAdversarialTests
{
    [TestCase(new[] { "train", "--adversarial", "fgsm" }, "--adversarial", "fgsm-rs, pgd")]
    [TestCase(new[] { "train", "--adversarial-epsilon", "0.1" }, "--adversarial-epsilon", "does not train adversarially")]
    [TestCase(new[] { "train", "--adversarial", "pgd", "--adversarial-epsilon", "1.5" }, "--adversarial-epsilon", "at most 1")]
    [TestCase(new[] { "train", "--adversarial", "fgsm-rs", "--adversarial-steps", "3" }, "--adversarial-steps", "exactly 1 step")]
    [TestCase(new[] { "train", "--adversarial", "pgd", "--adversarial-steps", "10", "--adversarial-step-size", "0.01" }, "--adversarial-step-size", "could never reach the edge of its ball")]
    [TestCase(new[] { "train", "--adversarial", "none", "--adversarial-warmup", "1" }, "--adversarial-warmup", "does not train adversarially")]
    public async Task A_Setting_Out_Of_Range_Is_Refused_With_Exit_Code_2_Naming_Its_Option(string[] args, string option, string problem)
    {
        var result = await AppRunner.RunAsync(args);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError), result.Error);
            Assert.That(result.Error, Does.Contain($"{option}:"), "the message names the option");
            Assert.That(result.Error, Does.Contain(problem));
            Assert.That(result.Error, Does.Not.Contain("   at "), "no stack trace");
            Assert.That(result.Error, Does.Not.Contain("epoch 1/"), "refused before training");
        });
    }

    [TestCase("--adversarial-epsilon", "0")]
    [TestCase("--adversarial-steps", "0")]
    [TestCase("--adversarial-step-size", "-0.1")]
    [TestCase("--adversarial-warmup", "-1")]
    public async Task A_Number_Outside_Its_Own_Range_Is_A_Usage_Error_Like_Every_Numeric_Option(string option, string value)
    {
        var result = await AppRunner.RunAsync("train", "--adversarial", "pgd", option, value);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.UsageError), result.Error);
            Assert.That(result.Error.Split('\n'), Has.Some.StartsWith(option + " takes "));
        });
    }

    [Test]
    [Category("RealData")]
    public async Task A_Run_Records_Its_Adversarial_Training_And_A_Resume_Keeps_It()
    {
        var folder = Directory.CreateTempSubdirectory("mnist-app-adversarial-");
        try
        {
            var run = Path.Combine(folder.FullName, "run");
            var result = await AppRunner.RunAsync("train", "--quick", "--model", "robust", "--adversarial", "pgd", "--adversarial-steps", "3", "--out", run);
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
            var record = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "run.json")))!.AsObject();
            var refused = await AppRunner.RunAsync("train", "--resume", Path.Combine(run, "checkpoint"), "--adversarial-epsilon", "0.2");

            Assert.Multiple(() =>
            {
                Assert.That(record["spec"]!["recipe"]!["adversarial"]!.ToJsonString(),
                    Is.EqualTo("""{"method":"pgd","epsilon":0.3,"steps":3,"step_size":0.25,"warmup_epochs":0}"""), "another method than the recipe's: PGD's own settings, α by its rule for 3 steps");
                Assert.That((string?)record["command"], Does.Contain("--adversarial pgd --adversarial-epsilon 0.3 --adversarial-steps 3 --adversarial-step-size 0.25 --adversarial-warmup 0"));
                Assert.That(refused.ExitCode, Is.EqualTo(ExitCodes.InputError), refused.Error);
                Assert.That(refused.Error, Does.Contain("--adversarial-epsilon cannot change when resuming"));
            });
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
