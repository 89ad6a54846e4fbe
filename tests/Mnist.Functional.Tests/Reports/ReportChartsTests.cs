using Mnist.Functional.Reports;
using Plotly.NET;

namespace Mnist.Functional.Tests.Reports;

public sealed class ReportChartsTests
{
    [Test]
    public void Centred_Mean_Averages_The_Window_Around_Each_Value_And_Fewer_At_The_Ends()
    {
        var means = ReportCharts.CentredMean([1f, 2f, 3f, 4f, 5f], window: 3);

        Assert.That(means, Is.EqualTo(new[] { 1.5f, 2f, 3f, 4f, 4.5f }));
    }

    [Test]
    public void Epoch_Charts_Have_One_Series_Per_Split_That_Was_Measured()
    {
        var history = SyntheticRun.History(epochs: 3, stepsPerEpoch: 2);
        var trainOnly = history with { Epochs = [.. history.Epochs.Select(e => e with { ValidationLoss = null, ValidationAccuracy = null, TestLoss = null, TestAccuracy = null })] };

        Assert.Multiple(() =>
        {
            Assert.That(GenericChart.countTrace(ReportCharts.LossPerEpoch(history)), Is.EqualTo(3));
            Assert.That(GenericChart.countTrace(ReportCharts.AccuracyPerEpoch(trainOnly)), Is.EqualTo(1));
        });
    }

    [Test]
    public void Confusion_Heatmap_Puts_Actual_On_Rows_From_The_Top_And_Labels_Each_Cell()
    {
        var json = GenericChart.toJson(ReportCharts.Confusion(SyntheticRun.Report().TestPredictions.Confusion()));

        Assert.Multiple(() =>
        {
            Assert.That(json, Does.Contain("\"texttemplate\":\"%{z}\""));
            Assert.That(json, Does.Contain("\"autorange\":\"reversed\""));
            Assert.That(json, Does.Contain("\"z\":[[18,1,0,1,0,0,0,0,0,0],"), "row 0 is actual class 0");
        });
    }
}
