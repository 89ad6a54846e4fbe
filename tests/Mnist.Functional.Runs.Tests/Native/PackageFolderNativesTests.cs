using Mnist.Functional.Native;
using Mnist.Functional.Testing;

namespace Mnist.Functional.Runs.Tests.Native;

public sealed class PackageFolderNativesTests
{
    [Test]
    public void Locate_Finds_Libtorch_Of_The_Version_TorchSharp_Cpu_Asks_For_Then_The_Bridge()
    {
        using var packages = new TempFolder();
        var torchSharp = Restore(packages, libtorchVersions: ["2.9.1", "2.10.0"], asked: "[2.10.0]");

        var files = PackageFolderNatives.Locate(torchSharp);

        Assert.That(files, Is.EqualTo(new[]
        {
            packages.File("libtorch-cpu-linux-x64/2.10.0/runtimes/linux-x64/native/libtorch.so"),
            packages.File("torchsharp/0.107.0/runtimes/linux-x64/native/libLibTorchSharp.so"),
        }));
    }

    [Test]
    public void Locate_Finds_Nothing_When_Libtorch_Was_Not_Restored()
    {
        using var packages = new TempFolder();
        var torchSharp = Restore(packages, libtorchVersions: ["2.9.1"], asked: "2.10.0");

        Assert.That(PackageFolderNatives.Locate(torchSharp), Is.Empty);
    }

    [Test]
    public void Locate_Finds_Nothing_For_TorchSharp_Beside_An_Application()
    {
        using var app = new TempFolder();

        Assert.That(PackageFolderNatives.Locate(app.Write("TorchSharp.dll", [])), Is.Empty);
    }

    [Test]
    public void Load_Does_Nothing_Beside_An_Application()
    {
        using var app = new TempFolder();

        Assert.That(PackageFolderNatives.Load(app.Write("TorchSharp.dll", [])), Is.False);
    }

    /// <summary>Lays out a NuGet package folder as a restore of TorchSharp-cpu 0.107.0 leaves it, with empty native files.</summary>
    private static string Restore(TempFolder packages, string[] libtorchVersions, string asked)
    {
        string Touch(string relative)
        {
            var path = packages.File(relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, []);
            return path;
        }

        foreach (var version in libtorchVersions)
            Touch($"libtorch-cpu-linux-x64/{version}/runtimes/linux-x64/native/libtorch.so");
        Touch("torchsharp/0.107.0/runtimes/linux-x64/native/libLibTorchSharp.so");
        File.WriteAllText(Touch("torchsharp-cpu/0.107.0/torchsharp-cpu.nuspec"),
            $"""
            <?xml version="1.0" encoding="utf-8"?>
            <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
              <metadata>
                <id>TorchSharp-cpu</id>
                <version>0.107.0</version>
                <dependencies>
                  <group targetFramework="net8.0">
                    <dependency id="libtorch-cpu" version="{asked}" exclude="Build,Analyzers" />
                    <dependency id="TorchSharp" version="0.107.0" exclude="Build,Analyzers" />
                  </group>
                </dependencies>
              </metadata>
            </package>
            """);
        return Touch("torchsharp/0.107.0/lib/net8.0/TorchSharp.dll");
    }
}
