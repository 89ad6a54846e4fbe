using System.Globalization;
using System.CommandLine;
using Mnist.App.Cli;
using Mnist.Functional.Native;

namespace Mnist.App.Tests.Cli;

public sealed class NumberOptionsTests
{
    /// <summary>Every option of every command that takes a number, found by walking the command tree, with the words that reach it.</summary>
    private static IEnumerable<TestCaseData> NumericOptions()
    {
        static IEnumerable<(string[] Path, Option Option)> Walk(Command command, string[] path) =>
            command.Options.Select(option => (path, option))
                .Concat(command.Subcommands.SelectMany(sub => Walk(sub, [.. path, sub.Name])));
        var numeric = new[] { typeof(int), typeof(int?), typeof(long), typeof(long?), typeof(double), typeof(double?) };
        return Walk(MnistCli.Build(), [])
            .Where(entry => numeric.Contains(entry.Option.ValueType))
            .Select(entry => new TestCaseData(entry.Path, entry.Option.Name, BadValues(entry.Option.ValueType)).SetArgDisplayNames($"{string.Join(" ", entry.Path)} {entry.Option.Name}"));
    }

    /// <summary>Values no option of <paramref name="type"/> may take: text, an escape sequence, nothing, an infinity, and what overflows the type.</summary>
    private static string[] BadValues(Type type)
    {
        string[] common = ["abc", "1.5x", "", "\u001b[2J", "1e999", "NaN"];
        return (Nullable.GetUnderlyingType(type) ?? type) == typeof(double)
            ? [.. common, "-1", "-0.5"]
            : [.. common, "1.5", (Nullable.GetUnderlyingType(type) ?? type) == typeof(int) ? "2147483648" : "9223372036854775808"];
    }

    [Test]
    public void The_Audit_Finds_The_Numeric_Options() =>
        Assert.That(NumericOptions().Select(data => (string)data.Arguments[1]!), Is.SupersetOf(new[] { "--top", "--epochs", "--batch-size", "--lr", "--seed", "--threads", "--validation" }));

    [TestCaseSource(nameof(NumericOptions))]
    public async Task Every_Numeric_Option_Refuses_Text_Fractions_And_Overflow_As_A_Usage_Error_Naming_It(string[] command, string option, string[] values)
    {
        foreach (var value in values)
        {
            var result = await AppRunner.RunAsync([.. command, option, value, .. RequiredArguments(command, option)]);

            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.UsageError), $"{option} {value}: {result.Error}");
            Assert.That(result.Error.Split('\n'), Has.Some.StartsWith(option + " takes "), $"{option} {value}");
            Assert.That(result.Error, Does.Not.Contain("System."), $"{option} {value}");
            Assert.That(result.Error, Does.Not.Contain("Exception"), $"{option} {value}");
            Assert.That(result.Error.Replace("\n", "").Replace("\r", "").Any(char.IsControl), Is.False, $"{option} {value}: no control character is echoed");
        }
    }

    [TestCase("abc", "--top takes a whole number of at least 1; 'abc' is not one.")]
    [TestCase("2147483648", "--top takes a whole number of at least 1; 2147483648 is more than 2,147,483,647.")]
    [TestCase("1.5", "--top takes a whole number of at least 1; '1.5' is not one.")]
    [TestCase("0", "--top takes a whole number of at least 1; 0 is less than 1.")]
    public async Task Predict_Top_With_A_Bad_Value_Is_A_Usage_Error(string value, string message)
    {
        var result = await AppRunner.RunAsync("predict", "--top", value, "--checkpoint", "nowhere", "seven.png");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.UsageError));
        Assert.That(result.Error.Split('\n')[0], Is.EqualTo(message));
    }

    [TestCase("train")]
    [TestCase("engine")]
    [TestCase("evaluate", "--checkpoint", "nowhere")]
    public async Task More_Threads_Than_Four_Per_Core_Are_Refused_Before_Any_Is_Made(params string[] command)
    {
        foreach (var threads in new[] { Engine.MaxThreads + 1, 100_000 })
        {
            var result = await AppRunner.RunAsync([.. command, "--threads", threads.ToString(CultureInfo.InvariantCulture)]);

            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError), $"--threads {threads}");
            Assert.That(result.Error, Is.EqualTo(
                $"error: --threads {threads} is more than this machine can use: it has {Environment.ProcessorCount} logical cores, and at most " +
                $"{Engine.MaxThreads} threads (four per core) are accepted. Leave --threads out to use one per core.{Environment.NewLine}"));
        }
    }

    [Test]
    public async Task Four_Threads_Per_Core_Are_Accepted()
    {
        var result = await AppRunner.InOwnProcessAsync("engine", "--threads", Engine.MaxThreads.ToString(CultureInfo.InvariantCulture));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
        Assert.That(result.Output, Does.Contain($"{Engine.MaxThreads} intra-op"));
    }

    [Test]
    public void The_Engine_Itself_Refuses_More_Threads_Than_Four_Per_Core() =>
        Assert.That(() => Engine.Start(Engine.MaxThreads + 1), Throws.InstanceOf<ArgumentOutOfRangeException>()
            .With.Message.Contains($"four per logical core of this machine's {Environment.ProcessorCount}"));

    [Test]
    public async Task Holding_Out_The_Whole_Training_Split_Is_Refused_Naming_Its_Size()
    {
        var result = await AppRunner.RunAsync("train", "--validation", "60000");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError));
        Assert.That(result.Error, Does.Contain("--validation: MNIST's training split holds 60,000 samples, so at most 59,999 can be held out"));
        Assert.That(result.Error, Does.Not.Contain("validationCount"));
    }

    // What a command needs besides the option for its options to be read; explain's method settings need their method.
    private static string[] RequiredArguments(string[] command, string option) => command switch
    {
        ["explain"] => ["--checkpoint", "nowhere", "--test-index", "0", .. option switch
        {
            "--samples" or "--seed" => new[] { "--method", "smoothgrad" },
            "--window" or "--fill" => ["--method", "occlusion"],
            _ => [],
        }],
        ["predict"] => ["--checkpoint", "nowhere", "seven.png"],
        ["evaluate"] => ["--checkpoint", "nowhere"],
        ["import"] => ["--model", "lenet5", "--weights", "nowhere.safetensors", "--out", "nowhere"],
        _ => [],
    };
}
