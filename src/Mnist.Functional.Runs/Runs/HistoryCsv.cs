using System.Globalization;
using System.Text;
using Mnist.Functional.Training;

namespace Mnist.Functional.Runs;

/// <summary>A run's history as CSV, one row per epoch, for spreadsheets and plotting tools.</summary>
public static class HistoryCsv
{
    /// <summary>The header row's column names.</summary>
    public const string Header =
        "epoch,train_loss,train_accuracy,validation_loss,validation_accuracy,test_loss,test_accuracy,learning_rate,seconds,samples_per_second";

    /// <summary>The CSV text: <see cref="Header"/>, then one row per epoch; a figure not measured is an empty cell.</summary>
    public static string Render(History history)
    {
        var csv = new StringBuilder().AppendLine(Header);
        foreach (var e in history.Epochs)
        {
            csv.AppendLine(string.Join(',',
                e.Epoch.ToString(CultureInfo.InvariantCulture), Number(e.TrainLoss), Number(e.TrainAccuracy),
                Number(e.ValidationLoss), Number(e.ValidationAccuracy), Number(e.TestLoss), Number(e.TestAccuracy),
                Number(e.LearningRate), Number(e.Seconds), Number(e.SamplesPerSecond)));
        }
        return csv.ToString();
    }

    private static string Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "";
}
