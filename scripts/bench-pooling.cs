#:project ../src/Mnist.Functional.Runs/Mnist.Functional.Runs.csproj
// Max pooling, 2×2 windows, as the zoo's networks use it: libtorch's max_pool2d on an NCHW tensor against
// the MaxPool2d layer, which takes the maximum of strided views when no gradient is wanted and pools in
// channels-last order when one is. Times are CPU time of the calling thread with one intra-op thread, so
// other processes on the machine change them little; the best of several rounds.
//
//   dotnet run -c Release scripts/bench-pooling.cs
using System.Runtime.InteropServices;
using Mnist.Functional.Layers;
using Mnist.Functional.Native;
using Mnist.Functional.Parameters;
using static TorchSharp.torch;

const int Rounds = 5;
const int RepeatsPerRound = 20;
long[][] shapes = [[128, 16, 24, 24], [250, 16, 24, 24], [64, 64, 24, 24]];   // fast's first pool in training and evaluation; pytorch-cnn's pool

Console.WriteLine(Engine.Start(EngineOptions.ForTraining.WithThreads(1)).Describe());
var layer = new MaxPool2d(2);
Console.WriteLine($"{"input",-16} {"no gradient: max_pool2d",24} {"MaxPool2d",10} {"speed-up",8}   {"forward+backward: max_pool2d",28} {"MaxPool2d",10} {"speed-up",8}");
foreach (var shape in shapes)
{
    using var scope = NewDisposeScope();
    var input = randn(shape, generator: new Generator(1));
    var tracked = input.detach().requires_grad_();
    var theirs = Best(() => { using var off = no_grad(); nn.functional.max_pool2d(input, 2); });
    var ours = Best(() => { using var off = no_grad(); layer.Apply(Params.Empty, input, Mode.Eval); });
    var theirsTraining = Best(() => autograd.grad([nn.functional.max_pool2d(tracked, 2).sum()], [tracked]));
    var oursTraining = Best(() => autograd.grad([layer.Apply(Params.Empty, tracked, Mode.Eval).sum()], [tracked]));
    Console.WriteLine($"{string.Join('×', shape),-16} {theirs,21:F2} ms {ours,7:F2} ms {theirs / ours,7:F1}×   {theirsTraining,25:F2} ms {oursTraining,7:F2} ms {theirsTraining / oursTraining,7:F1}×");
}

static double Best(Action pool)
{
    pool();
    var best = double.MaxValue;
    for (var round = 0; round < Rounds; round++)
    {
        var start = ThreadCpu.Milliseconds();
        for (var i = 0; i < RepeatsPerRound; i++)
        {
            using var scope = NewDisposeScope();
            pool();
        }
        best = Math.Min(best, (ThreadCpu.Milliseconds() - start) / RepeatsPerRound);
    }
    return best;
}

static class ThreadCpu
{
    private const int ClockThreadCpuTime = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    public static double Milliseconds() => ClockGetTime(ClockThreadCpuTime, out var time) == 0
        ? time.Seconds * 1e3 + time.Nanoseconds / 1e6
        : throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
}
