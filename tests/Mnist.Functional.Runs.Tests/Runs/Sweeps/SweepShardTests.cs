using Mnist.Functional.Runs.Sweeps;

namespace Mnist.Functional.Runs.Tests.Runs.Sweeps;

public sealed class SweepShardTests
{
    [Test]
    public void The_Shards_Of_A_Sweep_Cover_It_Without_Overlap()
    {
        var shards = Enumerable.Range(1, 3).Select(i => SweepShard.Parse($"{i}/3")).ToArray();
        var trials = Enumerable.Range(0, 10).ToArray();
        var taken = shards.SelectMany(shard => trials.Where(shard.Contains)).ToArray();
        Assert.That(taken.Order(), Is.EqualTo(trials), "every trial exactly once");
    }

    [TestCase("0/2")]
    [TestCase("3/2")]
    [TestCase("1/0")]
    [TestCase("a/b")]
    [TestCase("1")]
    [TestCase("-1/2")]
    public void A_Shard_That_Is_Not_I_Of_N_Is_Refused(string text) =>
        Assert.That(() => SweepShard.Parse(text), Throws.ArgumentException.With.Message.Contains(text));

    [Test]
    public void Slurm_Names_The_Shard_From_Its_Array_Whatever_Its_First_Index_And_Step()
    {
        static SweepShard? From(Dictionary<string, string> variables, int? count = null) => SweepShard.FromEnvironment(name => variables.GetValueOrDefault(name), count);

        Assert.Multiple(() =>
        {
            Assert.That(From(new() { ["SLURM_ARRAY_TASK_ID"] = "0", ["SLURM_ARRAY_TASK_COUNT"] = "4" }), Is.EqualTo(new SweepShard(0, 4)));
            Assert.That(From(new() { ["SLURM_ARRAY_TASK_ID"] = "4", ["SLURM_ARRAY_TASK_MIN"] = "1", ["SLURM_ARRAY_TASK_COUNT"] = "4" }), Is.EqualTo(new SweepShard(3, 4)));
            Assert.That(From(new() { ["SLURM_ARRAY_TASK_ID"] = "6", ["SLURM_ARRAY_TASK_MIN"] = "0", ["SLURM_ARRAY_TASK_STEP"] = "2", ["SLURM_ARRAY_TASK_COUNT"] = "4" }), Is.EqualTo(new SweepShard(3, 4)));
            Assert.That(From(new() { ["SLURM_ARRAY_TASK_ID"] = "1", ["SLURM_ARRAY_TASK_COUNT"] = "4" }, count: 2), Is.EqualTo(new SweepShard(1, 2)), "the given count wins over the array's");
            Assert.That(From(new() { ["JOB_COMPLETION_INDEX"] = "2" }, count: 3), Is.EqualTo(new SweepShard(2, 3)));
            Assert.That(SweepShard.FromEnvironment(name => name == "SLURM_ARRAY_TASK_ID" ? "1" : name == "SLURM_ARRAY_TASK_COUNT" ? "2" : null, null, fileCount: 8), Is.EqualTo(new SweepShard(1, 2)), "the array that runs counts, not the file");
            Assert.That(SweepShard.FromEnvironment(name => name == "JOB_COMPLETION_INDEX" ? "5" : null, null, fileCount: 8), Is.EqualTo(new SweepShard(5, 8)), "Kubernetes: the file's count");
            Assert.That(From([]), Is.Null, "no scheduler: the whole sweep");
        });
    }

    [Test]
    public void A_Scheduler_Index_Without_A_Count_Or_Outside_It_Is_Refused()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => SweepShard.FromEnvironment(name => name == "JOB_COMPLETION_INDEX" ? "1" : null, null), Throws.ArgumentException.With.Message.Contains("--shards"));
            Assert.That(() => SweepShard.FromEnvironment(name => name == "JOB_COMPLETION_INDEX" ? "3" : null, 3), Throws.ArgumentException.With.Message.Contains("disagree"));
            Assert.That(() => SweepShard.FromEnvironment(name => name == "SLURM_ARRAY_TASK_ID" ? "x" : null, 2), Throws.ArgumentException.With.Message.Contains("SLURM_ARRAY_TASK_ID"));
        });
    }
}
