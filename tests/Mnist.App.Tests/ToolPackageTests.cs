using System.Diagnostics;
using Mnist.Functional.Testing;

namespace Mnist.App.Tests;

/// <summary>
/// The app as a .NET tool: packed from this repository, installed into a temporary tool path as a user would
/// install it, and run from there. Everything it writes (about 900 MB: the package and the installed tool with
/// libtorch) lies in one temporary folder, deleted at the end.
/// </summary>
[Category("ToolPackage")]
public sealed class ToolPackageTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(8);

    [Test]
    public void The_Packed_Tool_Installs_Into_A_Tool_Path_And_Runs_Help_And_Models()
    {
        var root = Directory.CreateTempSubdirectory("mnist-tool-test-").FullName;
        try
        {
            var (packages, tools) = (Path.Combine(root, "packages"), Path.Combine(root, "tools"));
            Run("dotnet", ["pack", Path.Combine(Repository.Root(), "src", "Mnist.App"), "-c", "Release", "-o", packages, "--nologo"]);
            Run("dotnet", ["tool", "install", "--tool-path", tools, "--add-source", packages, "Mnist.Functional.Cli"]);

            var help = Run(Path.Combine(tools, "mnist"), ["--help"]);
            var models = Run(Path.Combine(tools, "mnist"), ["models"]);

            Assert.Multiple(() =>
            {
                Assert.That(Directory.GetFiles(packages, "*.nupkg").Select(Path.GetFileName), Is.EquivalentTo(new[] { "Mnist.Functional.Cli.1.0.0.nupkg", "Mnist.Functional.Cli.linux-x64.1.0.0.nupkg" }),
                    "a pointer package and one package per platform");
                Assert.That(help, Does.Contain("Usage:").And.Contain("export").And.Contain("import"));
                Assert.That(models, Does.Contain("fast *").And.Contain("pytorch-cnn"), "the tool starts the engine: 'models' runs every zoo model once");
            });
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static string Run(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', arguments)} ran past {Limit.TotalMinutes} minutes.");
        }
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, $"{program} {string.Join(' ', arguments)}:\n{output.Result}\n{error.Result}");
        return output.Result;
    }
}
