using Mnist.Functional.Native;
using NUnit.Framework;

namespace Mnist.Functional.Runs.Tests.Native;

public sealed class CpuFeaturesTests
{
    [TestCase("AVX512+BF16", null, "AVX512+BF16")]
    [TestCase("AVX512+BF16", "", "AVX512+BF16")]
    [TestCase("AVX512+BF16", "AVX2", "AVX512+BF16")]
    [TestCase("AVX512+BF16", "sse", "AVX512+BF16")]
    [TestCase("AVX2", "avx2", "AVX2")]
    [TestCase("AVX2", "avx512", "AVX2")]
    [TestCase("AVX512", "avx512", "AVX512")]
    public void A_pin_that_changes_nothing_leaves_the_processors_level(string processor, string? pin, string expected) =>
        Assert.That(CpuFeatures.KernelLevel(processor, pin), Is.EqualTo(expected));

    [TestCase("AVX512+BF16", "avx2", "AVX2 (pinned by ATEN_CPU_CAPABILITY; the processor has AVX512+BF16)")]
    [TestCase("AVX512+BF16", "avx512", "AVX512 (pinned by ATEN_CPU_CAPABILITY; the processor has AVX512+BF16)")]
    [TestCase("AVX2", "default", "baseline (pinned by ATEN_CPU_CAPABILITY; the processor has AVX2)")]
    public void A_pin_that_ATen_honours_is_said_with_the_processors_own_level(string processor, string pin, string expected) =>
        Assert.That(CpuFeatures.KernelLevel(processor, pin), Is.EqualTo(expected));
}
