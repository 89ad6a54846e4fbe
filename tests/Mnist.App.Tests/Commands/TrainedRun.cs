using System.Text.Json.Nodes;

namespace Mnist.App.Tests.Commands;

/// <summary>
/// One real training run shared by the command tests: the <c>mlp</c> model for one epoch on MNIST,
/// with <c>--json</c>, in a temporary folder. Trained once, on first use.
/// </summary>
public static class TrainedRun
{
    private static readonly Lazy<Task<(AppRunner.Result Result, string Folder)>> Run = new(async () =>
    {
        var folder = Directory.CreateTempSubdirectory("mnist-app-train-").FullName;
        var result = await AppRunner.RunAsync("train", "--model", "mlp", "--epochs", "1", "--seed", "3", "--json", "--out", folder);
        return (result, folder);
    });

    /// <summary>What <c>train</c> printed and returned.</summary>
    public static async Task<AppRunner.Result> ResultAsync() => (await Run.Value).Result;

    /// <summary>The run's folder.</summary>
    public static async Task<string> FolderAsync() => (await Run.Value).Folder;

    /// <summary>The JSON document <c>train --json</c> printed.</summary>
    public static async Task<JsonObject> MetricsAsync() => JsonNode.Parse((await ResultAsync()).Output)!.AsObject();
}
