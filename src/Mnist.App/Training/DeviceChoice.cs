using Mnist.Functional.Native;

namespace Mnist.App.Training;

/// <summary>The <c>--device</c> option: <c>cpu</c>, <c>cuda</c> or <c>auto</c>.</summary>
public static class DeviceChoice
{
    /// <summary>The accepted values.</summary>
    public static IReadOnlyList<string> Values { get; } = ["auto", "cpu", "cuda"];

    /// <summary>
    /// Checks that the chosen device can run this version's training loop, which puts every tensor on the CPU in every
    /// build: a build with <c>-p:TorchBackend=cuda</c> brings CUDA's libtorch (which <c>mnist engine</c> reports) and
    /// still trains on the CPU, so no build of this version accepts <c>cuda</c>, and the message sends nobody to one.
    /// </summary>
    /// <exception cref="ArgumentException">CUDA was asked for; the message says what this version does and what to do.</exception>
    public static void Require(string device, EngineInfo engine)
    {
        if (!device.Equals("cuda", StringComparison.OrdinalIgnoreCase))
            return;
        throw new ArgumentException(
            "--device cuda: this version trains and evaluates on the CPU only, in every build: " +
            (engine.CudaAvailable
                ? "this build's libtorch sees a CUDA device, but the training loop does not use it. "
                : "this build uses the CPU build of libtorch, and a build with -p:TorchBackend=cuda would bring CUDA's libtorch but still train on the CPU. ") +
            "Leave --device out (or give cpu) to train on the CPU.");
    }
}
