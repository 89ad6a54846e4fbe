using System.Globalization;

namespace Mnist.Functional.Reports.Tests;

public sealed class ReportFormatTests
{
    [TestCase(8.44, "8.4 s")]
    [TestCase(59.9, "59.9 s")]
    [TestCase(60, "1 min 00 s")]
    [TestCase(191.5, "3 min 11 s")]
    [TestCase(3900, "1 h 05 min")]
    public void Durations_Read_At_A_Glance(double seconds, string expected)
    {
        Assert.That(ReportFormat.Duration(seconds), Is.EqualTo(expected));
    }

    [Test]
    public void Numbers_Are_Culture_Invariant()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            // Given a culture that writes 0,5 and 1.234
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");

            Assert.Multiple(() =>
            {
                Assert.That(ReportFormat.Percent(0.98765), Is.EqualTo("98.77%"));
                Assert.That(ReportFormat.Fixed(0.5, 4), Is.EqualTo("0.5000"));
                Assert.That(ReportFormat.Count(60000), Is.EqualTo("60,000"));
                Assert.That(ReportFormat.Moment(new DateTimeOffset(2026, 11, 24, 21, 15, 3, TimeSpan.FromHours(1))), Is.EqualTo("2026-11-24 20:15:03 UTC"));
            });
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [TestCase(8.02e-7, "0.000000802")]
    [TestCase(0.1, "0.1")]
    [TestCase(1.0, "1")]
    [TestCase(0.0012345, "0.00123")]
    [TestCase(0.0, "0")]
    [TestCase(double.NaN, "—")]
    public void Rates_Are_Decimals_With_Three_Significant_Digits(double rate, string text) =>
        Assert.That(ReportFormat.Rate(rate), Is.EqualTo(text));
}
