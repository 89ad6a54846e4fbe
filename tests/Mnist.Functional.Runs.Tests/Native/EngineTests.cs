using Mnist.Functional.Native;
using TorchSharp;
using static TorchSharp.torch;

namespace Mnist.Functional.Runs.Tests.Native;

public sealed class EngineTests
{
    [Test]
    public void Start_Describes_The_Engine_It_Loaded()
    {
        var info = Engine.Start();

        Assert.Multiple(() =>
        {
            Assert.That(info.TorchSharpVersion, Is.EqualTo("0.107.0"));
            Assert.That(info.LibTorchVersion, Does.StartWith("2.10"));
            Assert.That(info.Backend, Is.EqualTo("cpu"));
            Assert.That(info.Threads, Is.GreaterThanOrEqualTo(1));
            Assert.That(info.InteropThreads, Is.GreaterThanOrEqualTo(1));
            Assert.That(info.CpuCapability, Is.Not.Empty);
            Assert.That(info.Describe(), Does.Contain("TorchSharp 0.107.0").And.Contain("libtorch 2.10"));
        });
    }

    [Test]
    public void Start_Sets_The_Intra_Op_Thread_Count_When_Asked()
    {
        var before = Engine.Start().Threads;
        try
        {
            Assert.That(Engine.Start(threads: 1).Threads, Is.EqualTo(1));
            Assert.That(Engine.Start().Threads, Is.EqualTo(1), "the count asked for is the engine's until another is");
        }
        finally
        {
            Engine.Start(before);
        }
    }

    [Test]
    public void Start_Leaves_The_Process_Alone_Unless_Asked_And_Says_So()
    {
        // The test assembly starts the engine without options (EngineSetUp), as a library user does.
        var info = Engine.Start();
        var (policy, spins) = (Environment.GetEnvironmentVariable("OMP_WAIT_POLICY"), Environment.GetEnvironmentVariable("GOMP_SPINCOUNT"));

        Assert.Multiple(() =>
        {
            Assert.That((NativeEnvironment("OMP_WAIT_POLICY"), NativeEnvironment("GOMP_SPINCOUNT")), Is.EqualTo((policy, spins)), "nothing set in the native environment");
            Assert.That(info.ThreadWaiting, policy is null && spins is null
                ? Is.EqualTo("the OpenMP runtime's default: the host did not ask the engine to choose")
                : Does.Contain("from the environment"));
        });
    }

    [Test]
    public void The_Engine_Is_Loaded_Once_And_A_Later_Start_Cannot_Change_How_Its_Threads_Wait()
    {
        // The test assembly started the engine without options; a later start asking to choose finds it loaded.
        var first = Engine.Start();
        var (policy, spins) = (NativeEnvironment("OMP_WAIT_POLICY"), NativeEnvironment("GOMP_SPINCOUNT"));

        var later = Engine.Start(EngineOptions.ForTraining.WithThreads(first.Threads));

        Assert.Multiple(() =>
        {
            Assert.That(later.ThreadWaiting, Is.EqualTo(first.ThreadWaiting), "libgomp read its wait policy when it was first loaded");
            Assert.That((NativeEnvironment("OMP_WAIT_POLICY"), NativeEnvironment("GOMP_SPINCOUNT")), Is.EqualTo((policy, spins)), "nothing set after the load");
            Assert.That(later.Describe(), Is.EqualTo(first.Describe()), "the same engine, described alike");
        });
    }

    [Test]
    public void Keeping_Freed_Memory_Also_Hands_It_Back_Between_Training_And_Evaluation()
    {
        var keeps = OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable(NativeHeap.OptOutVariable) != "1";

        Engine.Start(EngineOptions.ForTraining.WithThreads(1));

        Assert.That(Engine.Housekeeping.BetweenTrainingAndEvaluation is not null, Is.EqualTo(keeps));
    }

    [TestCase(0, "GOMP_SPINCOUNT", "30000", "the machine was quiet at start")]
    [TestCase(1, "OMP_WAIT_POLICY", "PASSIVE", "1 other runnable thread(s) at start")]
    [TestCase(7, "OMP_WAIT_POLICY", "PASSIVE", "7 other runnable thread(s) at start")]
    [TestCase(null, "OMP_WAIT_POLICY", "PASSIVE", "the machine's load could not be read")]
    public void Threads_Spin_Briefly_Only_When_Nothing_Else_Was_Runnable(int? others, string name, string value, string reason) =>
        Assert.That(ThreadWaitPolicy.Decide(others), Is.EqualTo((name, value, reason)));

    [TestCase("PASSIVE", null, "OMP_WAIT_POLICY=PASSIVE", "from the environment")]
    [TestCase(" active ", null, "OMP_WAIT_POLICY= active ", "from the environment")]
    [TestCase(null, "10k", "GOMP_SPINCOUNT=10k", "from the environment")]
    [TestCase("ACTIVE", "5", "OMP_WAIT_POLICY=ACTIVE GOMP_SPINCOUNT=5", "from the environment; libgomp spins 5 times whatever the policy says")]
    public void The_Users_Own_Settings_Are_Reported_As_Libgomp_Reads_Them(string? policy, string? spins, string setting, string reason) =>
        Assert.That(ThreadWaitPolicy.FromEnvironment(policy, spins), Is.EqualTo((setting, reason)));

    [TestCase("", null, "OMP_WAIT_POLICY is neither ACTIVE nor PASSIVE")]
    [TestCase("sometimes", null, "OMP_WAIT_POLICY is neither ACTIVE nor PASSIVE")]
    [TestCase(null, "abc", "GOMP_SPINCOUNT is not a count")]
    [TestCase("PASSIVE", "-3", "GOMP_SPINCOUNT is not a count")]
    public void Settings_Libgomp_Cannot_Read_Are_Reported_As_Ignored(string? policy, string? spins, string problem) =>
        Assert.That(ThreadWaitPolicy.FromEnvironment(policy, spins).Reason, Does.Contain(problem).And.Contain("libgomp ignores what it cannot read"));

    private static string? NativeEnvironment(string name) =>
        System.Runtime.InteropServices.Marshal.PtrToStringUTF8(GetEnvironment(System.Text.Encoding.UTF8.GetBytes(name + "\0")));

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "getenv")]
    private static extern IntPtr GetEnvironment(byte[] name);

    [Test]
    public void Start_Refuses_A_Thread_Count_Below_One() =>
        Assert.That(() => Engine.Start(threads: 0), Throws.InstanceOf<ArgumentOutOfRangeException>());

    [Test]
    public void A_Tensor_Op_Runs_On_The_Native_Engine()
    {
        using var a = tensor(new float[] { 1, 2, 3, 4 }).reshape(2, 2);
        using var b = tensor(new float[] { 5, 6, 7, 8 }).reshape(2, 2);
        using var product = a.matmul(b);

        Assert.That(product.data<float>().ToArray(), Is.EqualTo(new float[] { 19, 22, 43, 50 }));
    }

    [TestCase(new[] { -2.0, 0.0, 0.5, 3.0 })]
    [TestCase(new[] { 1e-3, -7.25 })]
    public void Autograd_Gives_Two_X_As_The_Gradient_Of_The_Sum_Of_Squares(double[] points)
    {
        using var scope = NewDisposeScope();
        var x = tensor(points, dtype: float64).requires_grad_();
        var sumOfSquares = x.pow(2).sum();

        var gradient = autograd.grad([sumOfSquares], [x])[0];

        Assert.That(gradient.data<double>().ToArray(), Is.EqualTo(points.Select(p => 2 * p).ToArray()).Within(1e-12));
    }

    [Test]
    public void Explain_Names_The_Library_And_The_Missing_Symbol_And_The_Fix()
    {
        const string loaderMessage =
            "Unable to load shared library 'LibTorchSharp' or one of its dependencies.\n" +
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.32' not found (required by /app/libLibTorchSharp.so)";

        var paragraph = Engine.Explain(loaderMessage);

        Assert.That(paragraph, Does.Contain("/usr/lib/x86_64-linux-gnu/libstdc++.so.6")
            .And.Contain("GLIBCXX_3.4.32")
            .And.Contain("run 'scripts/install-prerequisites.sh' as root"));
    }

    [Test]
    public void Explain_Names_A_Missing_Native_File()
    {
        var paragraph = Engine.Explain("/app/runtimes/linux-x64/native/libtorch_cpu.so: cannot open shared object file: No such file or directory");

        Assert.That(paragraph, Does.Contain("libtorch_cpu.so").And.Contain("dotnet restore"));
    }
}
