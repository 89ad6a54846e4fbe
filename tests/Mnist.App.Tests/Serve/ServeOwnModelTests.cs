using System.Text.Json.Nodes;
using Mnist.App.Cli;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Reports;
using Mnist.Functional.Runs;
using Mnist.Functional.Testing;

namespace Mnist.App.Tests.Serve;

/// <summary><c>serve</c> on a model of one's own: an architecture file trained on Fashion-MNIST answers with that dataset's class names.</summary>
[NonParallelizable]
[Category("RealData")]
public sealed class ServeOwnModelTests
{
    [Test]
    public async Task A_Model_Trained_From_An_Architecture_File_Is_Served_With_Its_Name_And_Its_Datasets_Class_Names()
    {
        var folder = Directory.CreateTempSubdirectory("mnist-app-serve-own-");
        try
        {
            // Given the architecture file of docs/own-model.md, trained on Fashion-MNIST from the command line
            var file = Path.Combine(folder.FullName, "mine.json");
            File.WriteAllText(file, ReadmeCode.Fenced("docs/own-model.md", "## From the command line", 1));
            var run = Path.Combine(folder.FullName, "mine-fashion");
            var train = await AppRunner.InOwnProcessAsync("train", "--model-file", file, "--dataset", "fashion", "--quick", "--out", run);
            Assert.That(train.ExitCode, Is.EqualTo(ExitCodes.Success), train.Error);
            var model = RunJournal.Read(run).Spec.Model.Name;
            using var fashion = await DataSources.LoadAsync(DatasetCatalog.FashionMnist);
            var picture = GreyPng.Encode(fashion.Test.Images[0].contiguous().data<byte>().ToArray(), 28, 28);
            var names = DatasetCatalog.FashionMnist.ClassNames;

            // When serve runs on its folder and is asked what it serves and what a test picture shows
            var (address, _, stop, server) = await RunningServe.StartAsync(run);
            JsonNode info, answer, explained;
            try
            {
                using var client = new HttpClient { BaseAddress = address };
                info = JsonNode.Parse(await client.GetStringAsync("api/info"))!;
                using var plain = await client.PostAsync("api/predict", new ByteArrayContent(picture));
                answer = JsonNode.Parse(await plain.Content.ReadAsStringAsync())!;
                using var withMaps = await client.PostAsync("api/predict?explain=1", new ByteArrayContent(picture));
                explained = JsonNode.Parse(await withMaps.Content.ReadAsStringAsync())!;
            }
            finally
            {
                await RunningServe.StopAsync(stop, server);
            }

            // Then both endpoints speak of the run's own model and Fashion-MNIST's classes
            var predicted = (int)answer["predicted"]!;
            Assert.Multiple(() =>
            {
                Assert.That(model, Is.EqualTo("mine"), "the model is named after its file");
                Assert.That((string?)info["model"], Is.EqualTo(model));
                Assert.That((string?)info["dataset"], Is.EqualTo(DatasetCatalog.FashionMnist.Id));
                Assert.That(info["classes"]!.AsArray().Select(name => (string?)name), Is.EqualTo(names));
                Assert.That(answer["error"], Is.Null, answer.ToJsonString());
                Assert.That((string?)answer["label_name"], Is.EqualTo(names[predicted]));
                Assert.That(answer["probabilities"]!.AsObject().Select(pair => pair.Key), Is.EqualTo(names), "a probability for each class, by name, in order");
                Assert.That((string?)explained["explanation"]!["maps"]![0]!["label_name"], Is.EqualTo(names[predicted]), "the map of the answer, by name");
            });
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
