using System.Diagnostics;
using Mnist.Functional.Robustness.Corruptions;
using Mnist.Functional.Robustness;
using Mnist.Functional.Testing;
using Mnist.Functional.Tests.Robustness.Corruptions;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Robustness;

/// <summary>
/// FGSM, PGD and eight corruptions against an independent implementation in Debian's PyTorch 1.13 and numpy
/// (<c>pytorch_reference.py</c>), on the same weights and digits. Without <c>/usr/bin/python3</c> and <c>torch</c> the
/// tests are ignored, unless <c>MNIST_REQUIRE_PYTORCH=1</c> (CI sets it and installs python3-torch).
/// </summary>
public sealed class PyTorchReferenceTests
{
    private const int Count = 16;
    private const int DigitCount = 16;

    // The corruptions whose only randomness is a few parameters: the reference matches the draw, then draws the pixels itself.
    private static readonly string[] DrawnCorruptions = ["shear", "rotate", "translate", "dotted_line", "zigzag"];
    private static string? folder;

    [OneTimeSetUp]
    public void RunTheReference()
    {
        const string python = "/usr/bin/python3";
        if (!File.Exists(python) || !Runs(python, "-c \"import torch, numpy\"", out _))
        {
            if (Environment.GetEnvironmentVariable("MNIST_REQUIRE_PYTORCH") == "1")
                Assert.Fail("Debian's PyTorch is needed here: sudo apt-get install python3-torch");
            Assert.Ignore("Debian's PyTorch (python3-torch) is not installed; install it to check the attacks against it.");
        }
        folder = Directory.CreateTempSubdirectory("mnist-robustness-reference-").FullName;
        using var scope = NewDisposeScope();
        foreach (var (name, tensor) in SmallClassifier.Init().Params) Write(name, tensor);
        var (pixels, labels) = SmallClassifier.Pixels(Count);
        Write("pixels", pixels);
        Write("labels", labels.to(float32));
        var digits = Digits();
        Write("digits", digits);
        foreach (var name in DrawnCorruptions)
            Write("ours-" + name, MnistC.Find(MnistC.WithoutCanny, name).Apply(digits, seed: 1));
        var script = Path.Combine(AppContext.BaseDirectory, "Robustness", "pytorch_reference.py");
        Assert.That(Runs(python, $"\"{script}\" \"{folder}\" {Count} {DigitCount}", out var output), Is.True, output);
    }

    [OneTimeTearDown]
    public void RemoveTheFolder()
    {
        if (folder is not null) Directory.Delete(folder, recursive: true);
    }

    [Test]
    public void FGSM_takes_the_sign_of_the_gradient_PyTorch_takes()
    {
        using var scope = NewDisposeScope();
        var (pixels, labels) = SmallClassifier.Pixels(Count);
        var ours = new Fgsm(0.1).Perturb(SmallClassifier.Model(SmallClassifier.Init()), pixels, labels, new Generator(0));
        var theirs = Read("fgsm", pixels.shape);
        var gradient = Read("gradient", pixels.shape);
        // PyTorch standardises as (x − mean) / std, the library as x·255·(1/(255·std)) − mean/std: the gradients agree to
        // float32 rounding, so a sign can differ only where the gradient is within that rounding of 0.
        var settled = gradient.abs().gt(gradient.abs().max() * 1e-4);
        TensorAssert.BitIdentical(ours.masked_select(settled), theirs.masked_select(settled), "FGSM images where PyTorch's gradient is not near 0");
        Assert.That(settled.to(float32).mean().item<float>(), Is.GreaterThan(0.5f));
    }

    [Test]
    public void PGD_from_the_image_itself_walks_the_path_PyTorch_walks()
    {
        using var scope = NewDisposeScope();
        var (pixels, labels) = SmallClassifier.Pixels(Count);
        var attack = new Pgd(0.1, steps: 10, stepSize: 0.025, randomStart: false);
        var ours = attack.Perturb(SmallClassifier.Model(SmallClassifier.Init()), pixels, labels, new Generator(0));
        var theirs = Read("pgd", pixels.shape);
        // A sign taken where the gradient is within float32 rounding of 0 may differ, and the paths part from there;
        // everywhere else each of the 10 steps must be the same, so nearly every pixel ends where PyTorch's does.
        var same = (ours - theirs).abs().le(1e-6).to(float32).mean().item<float>();
        var moved = (theirs - pixels).abs().gt(1e-6).to(float32).mean().item<float>();
        Assert.Multiple(() =>
        {
            Assert.That(same, Is.GreaterThan(0.99f), "share of pixels where PGD ends where PyTorch's does");
            Assert.That(moved, Is.GreaterThan(0.5f), "PyTorch's PGD moved most pixels, so agreeing is not agreeing on nothing");
        });
    }

    [TestCase("stripe")]
    [TestCase("brightness")]
    [TestCase("scale")]
    [TestCase("shear")]
    [TestCase("rotate")]
    [TestCase("translate")]
    [TestCase("dotted_line")]
    [TestCase("zigzag")]
    public void A_corruption_gives_what_numpy_gives(string name)
    {
        using var scope = NewDisposeScope();
        var ours = MnistC.Find(MnistC.WithoutCanny, name).Apply(Digits(), seed: 1);
        TensorAssert.Close(ours, Read(name, [DigitCount, 28, 28]), 1e-5, name);   // float32 sampling against float64
    }

    [TestCase("shear", 2)]
    [TestCase("rotate", 2)]
    [TestCase("translate", 4)]
    [TestCase("dotted_line", 10)]
    [TestCase("zigzag", 10)]
    public void The_draws_matched_are_many_not_one(string name, int atLeast)
    {
        // Every sign, or many rows, among the 16 digits: a corruption that ignored its draw would match one choice only.
        using var scope = NewDisposeScope();
        var choices = Read(name + "-choice", [DigitCount]).data<float>().ToArray();
        Assert.That(choices.Distinct().Count(), Is.GreaterThanOrEqualTo(atLeast), string.Join(", ", choices));
    }

    // Sixteen sevens from full ink down to a quarter, so that clipping at 1 and the grey levels both show.
    private static Tensor Digits() =>
        SampleDigits.Sevens(DigitCount) * linspace(1, 0.25, DigitCount, dtype: float32).reshape(DigitCount, 1, 1);

    private static void Write(string name, Tensor tensor) =>
        File.WriteAllBytes(Path.Combine(folder!, name + ".bin"), tensor.contiguous().to(float32).bytes.ToArray());

    private static Tensor Read(string name, long[] shape) =>
        tensor(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(Path.Combine(folder!, name + ".bin"))).ToArray(), shape);

    private static bool Runs(string program, string arguments, out string output)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var text = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(120_000))
        {
            process.Kill();
            output = "timed out";
            return false;
        }
        output = text.Result + errors;
        return process.ExitCode == 0;
    }
}
