using Mnist.Functional.Runs.Sweeps;
using Mnist.Functional.Training;

namespace Mnist.Functional.Reports.Tests;

public sealed class SweepPageTests
{
    private static readonly Sweep Sweep = SweepFile.Parse("""
        { "version": 1, "run": { "model": "fast" },
          "vary": { "recipe.optimizer": ["sgd", "adam"], "recipe.learning_rate": [0.001, 0.1], "seed": { "from": 1, "to": 2 } } }
        """, "s.json", "s");

    [Test]
    public void The_Page_Has_Every_Trial_With_Sortable_Values_And_A_Chart_Per_Setting_Offline()
    {
        var rows = Sweep.Trials.Select(trial => new SweepRow(trial, TrialState.Pending, null, History.Empty)).ToArray();

        var html = SweepPage.Render(Sweep, rows, Path.GetTempPath());

        Assert.Multiple(() =>
        {
            Assert.That(Sweep.Trials, Has.Count.EqualTo(8));
            foreach (var trial in Sweep.Trials) Assert.That(html, Does.Contain($">{trial.Id}</td>"));
            Assert.That(html, Does.Contain("data-sort=\"0.001\""), "numbers sort by value, not text");
            Assert.That(html, Does.Contain("table.sortable th"));
            Assert.That(html, Does.Contain("chart-setting-0").And.Contain("chart-setting-1").And.Contain("chart-setting-2"));
            Assert.That(html, Does.Contain("Spread over seeds").Or.Not.Contain("id=\"seeds\""), "no finished trial: no spread yet");
            Assert.That(html, Does.Not.Contain("<script src"), "offline: plotly.js is inline");
            Assert.That(html, Does.Contain("0 done"));
        });
    }

    [Test]
    public void The_Table_Says_Where_Each_Trial_Stands_And_Names_The_Best_By_Validation()
    {
        var rows = Sweep.Trials.Select((trial, i) => new SweepRow(trial, i == 0 ? TrialState.Running : TrialState.Interrupted, null, History.Empty) { Holder = "pid 7 on h" }).ToArray();

        var text = SweepTable.Text(Sweep, rows);

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("running (pid 7 on h)"));
            Assert.That(text, Does.Contain("interrupted"));
            Assert.That(text, Does.Contain("0 of 8 trials done (grid)."));
            Assert.That(text.Split('\n')[0], Does.Contain("recipe.optimizer").And.Contain("recipe.learning_rate").And.Contain("seed"));
        });
    }
}
