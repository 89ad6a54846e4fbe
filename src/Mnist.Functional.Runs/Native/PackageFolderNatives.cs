using System.Runtime.InteropServices;
using System.Xml.Linq;

namespace Mnist.Functional.Native;

/// <summary>
/// Loads libtorch and TorchSharp's native bridge straight from the NuGet package folder, for hosts that
/// load TorchSharp from there without a <c>deps.json</c> naming its native files: a notebook's
/// <c>#r "nuget: ..."</c> in .NET Interactive, for one.
/// </summary>
/// <remarks>
/// Such a host finds <c>libLibTorchSharp.so</c> in <c>torchsharp/VERSION/runtimes/linux-x64/native</c> but
/// not the libtorch it needs, which lies in another package (<c>libtorch-cpu-linux-x64</c>); and loaded by
/// name, <c>libtorch_cpu.so</c> may come from a system libtorch of another version. TorchSharp's own fallback
/// copies about 480 MB of native files into the package folder and still fails beside such a system
/// libtorch. Loading <c>libtorch.so</c> (which brings <c>libtorch_cpu.so</c> and <c>libc10.so</c> from beside
/// it) and then <c>libLibTorchSharp.so</c> by full path needs no copy: every later load by name finds the
/// libraries already loaded under those names.
/// </remarks>
internal static class PackageFolderNatives
{
    private const string Rid = "linux-x64";

    /// <summary>
    /// The files to load, in order, when <paramref name="torchSharpAssembly"/> lies in a NuGet package folder
    /// (<c>PACKAGES/torchsharp/VERSION/lib/TFM/TorchSharp.dll</c>) beside the <c>torchsharp-cpu</c> and
    /// <c>libtorch-cpu-linux-x64</c> packages it was restored with; empty otherwise.
    /// </summary>
    public static IReadOnlyList<string> Locate(string torchSharpAssembly)
    {
        var package = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(torchSharpAssembly) ?? ".", "..", ".."));
        var version = Path.GetFileName(package);
        var packages = Path.GetDirectoryName(Path.GetDirectoryName(package));
        if (packages is null || !string.Equals(Path.GetFileName(Path.GetDirectoryName(package)), "torchsharp", StringComparison.OrdinalIgnoreCase))
            return [];

        var libtorchVersion = DependencyVersion(Path.Combine(packages, "torchsharp-cpu", version, "torchsharp-cpu.nuspec"), "libtorch-cpu");
        if (libtorchVersion is null)
            return [];
        string[] files =
        [
            Path.Combine(packages, $"libtorch-cpu-{Rid}", libtorchVersion, "runtimes", Rid, "native", "libtorch.so"),
            Path.Combine(package, "runtimes", Rid, "native", "libLibTorchSharp.so"),
        ];
        return files.All(File.Exists) ? files : [];
    }

    /// <summary>
    /// Loads the files <see cref="Locate"/> finds for <paramref name="torchSharpAssembly"/>, on Linux x64; returns
    /// whether there were any.
    /// </summary>
    /// <exception cref="DllNotFoundException">A file is there but cannot be loaded (a missing dependency or symbol).</exception>
    public static bool Load(string torchSharpAssembly)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            return false;
        var files = Locate(torchSharpAssembly);
        foreach (var file in files)
            NativeLibrary.Load(file);
        return files.Count > 0;
    }

    /// <summary>The version a package's <c>.nuspec</c> asks of <paramref name="dependency"/>, as its folder is named (<c>[2.10.0]</c> gives <c>2.10.0</c>).</summary>
    private static string? DependencyVersion(string nuspec, string dependency)
    {
        if (!File.Exists(nuspec))
            return null;
        var range = XDocument.Load(nuspec).Descendants()
            .Where(element => element.Name.LocalName == "dependency" && string.Equals((string?)element.Attribute("id"), dependency, StringComparison.OrdinalIgnoreCase))
            .Select(element => (string?)element.Attribute("version"))
            .FirstOrDefault();
        return range?.Trim('[', '(', ')', ']').Split(',')[0].Trim().ToLowerInvariant() is { Length: > 0 } version ? version : null;
    }
}
