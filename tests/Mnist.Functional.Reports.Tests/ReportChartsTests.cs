using Plotly.NET;
using Mnist.Functional.Runs.Tests.Runs;

namespace Mnist.Functional.Reports.Tests;

public sealed class ReportChartsTests
{
    [Test]
    public void Smoothing_Starts_At_The_First_Value_And_Trails_The_Data()
    {
        double[] losses = [2.39, 2.1, 1.7, 1.2, 0.9, 0.8];

        var smoothed = ReportCharts.Smoothed(losses, span: 3);
        var withLaterChange = ReportCharts.Smoothed([.. losses[..3], 50, 50, 50], span: 3);

        Assert.Multiple(() =>
        {
            Assert.That(smoothed[0], Is.EqualTo(2.39), "the first point is the first step's real value");
            Assert.That(withLaterChange[..3], Is.EqualTo(smoothed[..3]), "a point never depends on later steps");
            Assert.That(smoothed[1], Is.EqualTo(((0.5 * 0.5 * 2.39) + (0.5 * 2.1)) / (1 - 0.25)).Within(1e-12), "debiased EMA, w = 1 - 2/(span + 1)");
            Assert.That(ReportCharts.Smoothed([0.7, 0.7, 0.7, 0.7], span: 50), Is.All.EqualTo(0.7).Within(1e-12), "a constant stays constant");
        });
    }

    [TestCase(0.1, 10, 0.5003)]
    [TestCase(0.2, 10, 0.8669)]
    public void The_Smoothing_Floor_Is_The_Entropy_Of_The_Smoothed_Target(double smoothing, int classes, double floor)
    {
        Assert.That(ReportCharts.SmoothingFloor(smoothing, classes), Is.EqualTo(floor).Within(5e-5));
        Assert.That(ReportCharts.SmoothingFloor(0, classes), Is.NaN);
    }

    [Test]
    public void The_Learning_Rate_Chart_Draws_The_Rate_Of_Every_Step()
    {
        var history = SyntheticRun.History(epochs: 2, stepsPerEpoch: 30);

        var json = GenericChart.toJson(ReportCharts.LearningRate(history));

        Assert.That(json, Does.Contain("\"x\":[1,2,3,").And.Contain("\"y\":[5E-05,0.0001,"));
    }

    [Test]
    public void Epoch_Charts_Put_A_Tick_At_Each_Epoch()
    {
        var json = GenericChart.toJson(ReportCharts.LossPerEpoch(SyntheticRun.History(epochs: 6, stepsPerEpoch: 2)));

        Assert.That(json, Does.Contain("\"type\":\"category\""));
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
        var json = GenericChart.toJson(ReportCharts.Confusion(SyntheticReport.Report().TestPredictions.Confusion()));

        Assert.Multiple(() =>
        {
            Assert.That(json, Does.Contain("\"texttemplate\":\"%{z}\""));
            Assert.That(json, Does.Contain("\"autorange\":\"reversed\""));
            Assert.That(json, Does.Contain("\"z\":[[18,1,0,1,0,0,0,0,0,0],"), "row 0 is actual class 0");
        });
    }

    [Test]
    public void Confusion_Views_Switch_To_Percent_Of_The_Actual_Class_And_To_Errors_Only()
    {
        long[][] counts = [[8, 2], [0, 5]];

        var json = System.Text.Json.JsonSerializer.Serialize(ReportCharts.ConfusionViews(counts, aboveTicks: 1.2));

        Assert.Multiple(() =>
        {
            Assert.That(json, Does.Contain("\"label\":\"counts\"").And.Contain("\"z\":[[[8,2],[0,5]]]"));
            Assert.That(json, Does.Contain("\"label\":\"% of actual class\"").And.Contain("\"z\":[[[80,20],[0,100]]]"), "each row as a percentage of its class");
            Assert.That(json, Does.Contain("\"label\":\"errors only\"").And.Contain("\"z\":[[[null,2],[0,null]]]"), "the diagonal blanked");
        });
    }

    [TestCase("digits", new[] { "0", "1", "2" }, 64)]
    [TestCase("clothes", new[] { "T-shirt/top", "Ankle boot", "Bag" }, 124)]
    public void The_Confusion_Matrix_Margin_Fits_Its_Longest_Class_Name(string name, string[] classes, int left)
    {
        var confusion = Mnist.Functional.Evaluation.ConfusionMatrix.FromPairs([0, 1, 2], [0, 2, 2], classes);

        var json = GenericChart.toJson(ReportCharts.Confusion(confusion));

        Assert.That(json, Does.Contain($"\"margin\":{{\"l\":{left},"), name);
    }
}
