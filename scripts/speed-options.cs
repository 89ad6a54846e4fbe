#:project ../src/Mnist.Functional.Runs/Mnist.Functional.Runs.csproj
#:property PublishAot=false
// The speed options of a training step and an evaluation, each against the plain way the layers run now, on the
// convolutions of the zoo's fast, speedrun and pytorch-cnn at their recipes' batch sizes (and 250 for evaluation):
//
//   channels-last    the convolution's input, weight and output gradient in channels-last memory order (oneDNN's NHWC
//                    kernels), forward + backward
//   unfold + mm      a one-channel convolution's weight gradient as im2col and one matrix product (the first
//                    convolution reads one channel: memory-bound), against libtorch's backward
//   folded BN        evaluation of convolution + batch norm with the norm folded into the weight and bias
//                    (W·γ/σ, β − μ·γ/σ), against the two layers
//   2 threads        the plain forward + backward with 2 intra-op threads against 1 (wall time; the rest is CPU time)
//
// For each: milliseconds per call (the best of the rounds, the rounds interleaving plain and option so that
// load from elsewhere falls on both), the speed-up, and the largest difference from the plain result relative to its
// largest magnitude (0 means bit-identical). CPU time of this process with one intra-op thread except for the thread
// row, so other processes on a busy machine change the figures less than wall time.
//
//   dotnet run -c Release scripts/speed-options.cs [-- ROUNDS]                          (10 rounds unless given)
//   ATEN_CPU_CAPABILITY=avx2 DNNL_MAX_CPU_ISA=AVX2 dotnet run -c Release scripts/speed-options.cs
using System.Diagnostics;
using System.Globalization;
using Mnist.Functional.Native;
using static TorchSharp.torch;

CultureInfo.CurrentCulture = CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var rounds = args.Length > 0 && int.TryParse(args[0], out var given) && given is >= 1 and <= 1000 ? given : 10;
const int CallsPerRound = 5;

// The convolutions: (where, batch, in, out, kernel, input side).
(string Where, int Batch, int In, int Out, int Kernel, int Side)[] convolutions =
[
    ("fast conv1", 128, 1, 16, 5, 28), ("fast conv2", 128, 16, 32, 5, 12),
    ("speedrun conv1", 128, 1, 8, 5, 28), ("speedrun conv2", 128, 8, 32, 3, 12),
    ("pytorch-cnn conv1", 64, 1, 32, 3, 28), ("pytorch-cnn conv2", 64, 32, 64, 3, 26),
];

Console.WriteLine($"{Engine.Start(EngineOptions.ForTraining.WithThreads(1)).Describe()}; ATEN_CPU_CAPABILITY={Environment.GetEnvironmentVariable("ATEN_CPU_CAPABILITY") ?? "(unset)"}");
Console.WriteLine($"{rounds} rounds of {CallsPerRound} calls; ms per call");
Console.WriteLine($"{"option",-16} {"on",-20} {"plain",8} {"option",8} {"speed-up",9} {"difference",11}");
using var generator = new Generator(1);
foreach (var (where, batch, channelsIn, channelsOut, kernel, side) in convolutions)
{
    using var scope = NewDisposeScope();
    var x = randn([batch, channelsIn, side, side], generator: generator);
    var w = randn([channelsOut, channelsIn, kernel, kernel], generator: generator).mul_(0.1);
    var outSide = side - kernel + 1;
    var g = randn([batch, channelsOut, outSide, outSide], generator: generator);
    var inputNeedsGradient = channelsIn > 1;   // the first convolution's input is the data

    Tensor[] Plain()
    {
        var (xx, ww) = (x.detach().requires_grad_(inputNeedsGradient), w.detach().requires_grad_());
        var y = nn.functional.conv2d(xx, ww);
        var grads = autograd.grad([y], inputNeedsGradient ? [ww, xx] : [ww], [g]);
        return [y.detach(), .. grads];
    }
    Tensor[] ChannelsLast()
    {
        var (xx, ww) = (Nhwc(x).requires_grad_(inputNeedsGradient), Nhwc(w).requires_grad_());
        var y = nn.functional.conv2d(xx, ww);
        var grads = autograd.grad([y], inputNeedsGradient ? [ww, xx] : [ww], [Nhwc(g)]);
        return [y.detach().contiguous(), .. grads.Select(grad => grad.contiguous())];
    }
    Report("channels-last", where, Plain, ChannelsLast);

    if (channelsIn == 1)
    {
        Tensor[] PlainWeightGradient()
        {
            var ww = w.detach().requires_grad_();
            return [autograd.grad([nn.functional.conv2d(x, ww)], [ww], [g])[0]];
        }
        // grad_W[o, k] = Σ_b,p g[b, o, p] · cols[b, k, p]: one product over all positions of the batch.
        Tensor[] UnfoldWeightGradient()
        {
            var columns = nn.functional.unfold(x, kernel).transpose(1, 2).reshape(-1, kernel * kernel);
            var gradient = g.reshape(batch, channelsOut, -1).transpose(0, 1).reshape(channelsOut, -1);
            return [mm(gradient, columns).reshape(channelsOut, 1, kernel, kernel)];
        }
        Report("unfold + mm", where, PlainWeightGradient, UnfoldWeightGradient);
    }

    // Evaluation at 250 digits a batch, batch norm with running statistics after the convolution.
    var evaluation = randn([250, channelsIn, side, side], generator: generator);
    var (mean, variance) = (randn([channelsOut], generator: generator).mul_(0.1), rand([channelsOut], generator: generator).add_(0.5));
    var (gamma, beta) = (rand([channelsOut], generator: generator).add_(0.5), randn([channelsOut], generator: generator).mul_(0.1));
    Tensor[] PlainEvaluation()
    {
        using var inference = inference_mode();
        return [nn.functional.batch_norm(nn.functional.conv2d(evaluation, w), mean, variance, gamma, beta, training: false, eps: 1e-5)];
    }
    Tensor[] FoldedEvaluation()
    {
        using var inference = inference_mode();
        var scale = gamma.div(variance.add(1e-5).sqrt());
        return [nn.functional.conv2d(evaluation, w.mul(scale.reshape(-1, 1, 1, 1)), beta.sub(mean.mul(scale)))];
    }
    Report("folded BN", where, PlainEvaluation, FoldedEvaluation);

    Report("2 threads", where, Plain, () => { set_num_threads(2); try { return Plain(); } finally { set_num_threads(1); } }, wall: true);
}

void Report(string option, string where, Func<Tensor[]> plain, Func<Tensor[]> alternative, bool wall = false)
{
    using var scope = NewDisposeScope();
    var (reference, other) = (plain(), alternative());
    var difference = reference.Zip(other, (a, b) => a.sub(b).abs().max().item<float>() / Math.Max(a.abs().max().item<float>(), float.Epsilon)).Max();
    var (plainTimes, optionTimes) = (new List<double>(), new List<double>());
    for (var round = 0; round < rounds; round++)
    {
        plainTimes.Add(Time(plain, wall));
        optionTimes.Add(Time(alternative, wall));
    }
    var (plainMs, optionMs) = (Best(plainTimes), Best(optionTimes));
    Console.WriteLine($"{option,-16} {where,-20} {plainMs,8:F2} {optionMs,8:F2} {plainMs / optionMs,8:F2}× {difference,11:G2}{(wall ? "  (wall time)" : "")}");
}

static double Time(Func<Tensor[]> run, bool wall)
{
    var start = wall ? Stopwatch.GetTimestamp() * 1e3 / Stopwatch.Frequency : Environment.CpuUsage.TotalTime.TotalMilliseconds;
    for (var call = 0; call < CallsPerRound; call++)
    {
        using var scope = NewDisposeScope();
        run();
    }
    var end = wall ? Stopwatch.GetTimestamp() * 1e3 / Stopwatch.Frequency : Environment.CpuUsage.TotalTime.TotalMilliseconds;
    return (end - start) / CallsPerRound;
}

// The best of the rounds: the least disturbed by other processes.
static double Best(List<double> times) => times.Min();

// The same values in channels-last memory order, still indexed [N, C, H, W].
static Tensor Nhwc(Tensor t) => t.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);
