using System.Diagnostics;
using System.Text.Json.Nodes;
using Mnist.Functional.Runs.Sweeps;
using Mnist.Functional.Testing;

namespace Mnist.Functional.Runs.Tests.Runs.Sweeps;

public sealed class TrialClaimTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    [Test]
    public void A_Live_Claim_Keeps_The_Trial_And_A_Done_Trial_Is_Not_Claimed_Again()
    {
        using var folder = new TempFolder();
        using var first = TrialClaim.TryTake(folder.Path, "trial-0001", Lease);
        Assert.That(first, Is.Not.Null);
        Assert.That(TrialClaim.TryTake(folder.Path, "trial-0001", Lease), Is.Null, "this process holds it, alive");
        first!.Done("finished");
        Assert.Multiple(() =>
        {
            Assert.That(TrialClaim.IsDone(folder.Path, "trial-0001"), Is.True);
            Assert.That(TrialClaim.TryTake(folder.Path, "trial-0001", Lease), Is.Null, "done");
            Assert.That(TrialClaim.Latest(folder.Path, "trial-0001").Generation, Is.EqualTo(1));
        });
    }

    [Test]
    public void The_Claim_Of_A_Process_That_Ended_On_This_Host_Is_Taken_Over_By_The_Next_Generation()
    {
        using var folder = new TempFolder();
        Claim(folder.File("trial-0002.1.claim"), Environment.MachineName, EndedProcessId(), DateTime.UtcNow);

        using var taken = TrialClaim.TryTake(folder.Path, "trial-0002", Lease);

        Assert.Multiple(() =>
        {
            Assert.That(taken, Is.Not.Null);
            Assert.That(taken!.Generation, Is.EqualTo(2));
            Assert.That(TrialClaim.TryTake(folder.Path, "trial-0002", Lease), Is.Null, "the new claim is live");
        });
    }

    [Test]
    public void The_Claim_Of_Another_Host_Holds_Until_Its_Lease_Runs_Out()
    {
        using var folder = new TempFolder();
        var file = folder.File("trial-0003.1.claim");
        Claim(file, "elsewhere", 1, DateTime.UtcNow);
        Assert.That(TrialClaim.TryTake(folder.Path, "trial-0003", Lease), Is.Null, "touched just now");
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow - Lease - TimeSpan.FromMinutes(1));
        using var taken = TrialClaim.TryTake(folder.Path, "trial-0003", Lease);
        Assert.That(taken?.Generation, Is.EqualTo(2), "untouched for longer than the lease");
    }

    [Test]
    public void A_Released_Trial_Is_Claimed_Again_At_Once()
    {
        using var folder = new TempFolder();
        var claim = TrialClaim.TryTake(folder.Path, "trial-0004", Lease)!;
        claim.Release();
        using var again = TrialClaim.TryTake(folder.Path, "trial-0004", Lease);
        Assert.That(again, Is.Not.Null);
    }

    private static void Claim(string path, string host, int pid, DateTime at) =>
        File.WriteAllText(path, new JsonObject { ["host"] = host, ["pid"] = pid, ["at_utc"] = at.ToString("O") }.ToJsonString());

    private static int EndedProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }
}
