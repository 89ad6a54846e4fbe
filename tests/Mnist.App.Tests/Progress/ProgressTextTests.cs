using Mnist.App.Progress;
using Mnist.Functional.Reports;
using Mnist.Functional.Training;

namespace Mnist.App.Tests.Progress;

public sealed class ProgressTextTests
{
    // The end of one-cycle (8e-7), a typical rate, and one that G3 would also write with an exponent.
    [TestCase(8e-7, "lr 0.0000008")]
    [TestCase(0.2, "lr 0.2")]
    [TestCase(1.234e-5, "lr 0.0000123")]
    public void The_Epoch_Line_Writes_The_Learning_Rate_As_The_Report_Does(double rate, string expected)
    {
        var line = ProgressText.Epoch(new EpochRecord(1, 0.6315, 0.9655, null, null, 0.1303, 0.9923, rate, 90.8, 661));

        Assert.Multiple(() =>
        {
            Assert.That(line, Does.EndWith(expected));
            Assert.That(line, Does.EndWith("lr " + ReportFormat.Rate(rate)), "the report's epoch table uses ReportFormat.Rate");
            Assert.That(line, Does.Not.Contain("E-"));
        });
    }
}
