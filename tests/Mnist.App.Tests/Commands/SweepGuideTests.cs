using System.CommandLine;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Mnist.Functional.Testing;

namespace Mnist.App.Tests.Commands;

/// <summary>docs/sweeps.md's commands are the tool's: each one it shows parses, and its synopsis names only options the commands have.</summary>
public sealed partial class SweepGuideTests
{
    private static string Text() => File.ReadAllText(Path.Combine(Repository.Root(), "docs", "sweeps.md")).ReplaceLineEndings("\n");

    // The commands in its code blocks: shell lines (a trailing backslash continues one), and the Kubernetes manifest's command array.
    private static List<string[]> Commands()
    {
        var commands = new List<string[]>();
        foreach (Match block in Block().Matches(Text()).Where(block => block.Groups["language"].Value is "" or "bash" or "yaml"))
        {
            var code = block.Groups["code"].Value.Replace("\\\n", " ", StringComparison.Ordinal);
            foreach (var line in code.Split('\n').Select(line => line.Trim()).Where(line => line.StartsWith("mnist sweep", StringComparison.Ordinal) && !line.Contains('[', StringComparison.Ordinal)))
                commands.Add([.. Words().Matches(line).Select(word => word.Value.Trim('"')).Select(word => word.StartsWith('$') ? "4" : word)]);
            foreach (Match array in CommandArray().Matches(code))
                commands.Add([.. JsonNode.Parse(array.Groups["array"].Value)!.AsArray().Select(word => word!.GetValue<string>())]);
        }
        return commands;
    }

    [Test]
    public void Every_Command_The_Guide_Shows_Parses()
    {
        var commands = Commands();

        Assert.That(commands.Select(command => string.Join(' ', command.Take(3))), Is.SupersetOf(new[] { "mnist sweep scripts/sweeps/tiny.json", "mnist sweep status", "mnist sweep report" }));
        Assert.That(commands.Any(command => command.Contains("--data-dir")), Is.True, "the cluster examples");
        Assert.Multiple(() =>
        {
            foreach (var command in commands)
                Assert.That(MnistCli.Build().Parse(command[1..]).Errors.Select(error => error.Message), Is.Empty, string.Join(' ', command));
        });
    }

    [Test]
    public void The_Synopsis_Names_Only_Options_The_Commands_Have()
    {
        var synopsis = Block().Match(Text()).Groups["code"].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var sweep = MnistCli.Build().Subcommands.Single(command => command.Name == "sweep");

        Assert.That(synopsis, Has.Length.EqualTo(3));
        Assert.Multiple(() =>
        {
            foreach (var line in synopsis)
            {
                var words = line.Split(' ');
                var command = words[2] is "status" or "report" ? sweep.Subcommands.Single(sub => sub.Name == words[2]) : sweep;
                var options = command.Options.SelectMany(option => option.Aliases.Append(option.Name)).ToHashSet();
                foreach (var option in Regex.Matches(line, @"--[a-z-]+").Select(match => match.Value))
                    Assert.That(options, Does.Contain(option), line);
            }
        });
    }

    // Every fenced block, so that a block's closing fence is never taken for an opening one.
    [GeneratedRegex(@"```(?<language>[a-z]*)\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex Block();

    [GeneratedRegex(@"""[^""]*""|\S+")]
    private static partial Regex Words();

    [GeneratedRegex(@"command: (?<array>\[[^\]]*\])", RegexOptions.Singleline)]
    private static partial Regex CommandArray();
}
