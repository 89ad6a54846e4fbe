using Mnist.Functional.Native;

namespace Mnist.App.Training;

/// <summary>The <c>--device</c> option: <c>cpu</c>, <c>cuda</c> or <c>auto</c>.</summary>
public static class DeviceChoice
{
    /// <summary>The accepted values.</summary>
    public static IReadOnlyList<string> Values { get; } = ["auto", "cpu", "cuda"];

    /// <summary>Checks that the chosen device can run this version's training loop, which runs on the CPU.</summary>
    /// <exception cref="ArgumentException">CUDA was asked for; the message says why it cannot be used and what to do.</exception>
    public static void Require(string device, EngineInfo engine)
    {
        if (!device.Equals("cuda", StringComparison.OrdinalIgnoreCase))
            return;
        throw new ArgumentException(engine.CudaAvailable
            ? "--device cuda: this version's training loop runs on the CPU only; CUDA support is planned. Use --device cpu (or auto)."
            : "--device cuda: no CUDA device is available to this build, which uses the CPU build of libtorch. Build with -p:TorchBackend=cuda on a machine with an NVIDIA GPU, or use --device cpu.");
    }
}
