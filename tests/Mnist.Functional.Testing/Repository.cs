namespace Mnist.Functional.Testing;

/// <summary>Where the tests find the repository's own files (the README, scripts, the handed example cases beside it).</summary>
public static class Repository
{
    /// <summary>The repository's root: the folder above the test directory that holds <c>Mnist.sln</c>.</summary>
    public static string Root()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Mnist.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new DirectoryNotFoundException("No Mnist.sln above the test directory.");
    }
}
