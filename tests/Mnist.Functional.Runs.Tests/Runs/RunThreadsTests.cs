using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Models;
using Mnist.Functional.Native;
using TorchSharp;

namespace Mnist.Functional.Runs.Tests.Runs;

/// <summary>
/// A run's figures are a function of its spec, whichever thread of a long-lived process runs it: libtorch keeps its
/// intra-op thread count per operating-system thread, and a thread that used libtorch under another count keeps it.
/// </summary>
[Category("RealData")]
public sealed class RunThreadsTests
{
    private Dataset mnist = null!;

    [OneTimeSetUp]
    public async Task LoadMnist() => mnist = await DataSources.LoadAsync(DatasetCatalog.Mnist);

    [OneTimeTearDown]
    public void FreeMnist() => mnist.Dispose();

    // Enough test digits that the loss's sum is split by the thread count (the training steps of so small a run are not).
    private static RunSpec Spec(int? threads = null) =>
        new(Zoo.Mlp, DatasetCatalog.Mnist, Zoo.Mlp.Recipe with { BatchSize = 64, Epochs = 1 }, Seed: 4) { TrainItems = 256, TestItems = 1000, Threads = threads };

    private static T OnThread<T>(int ownCount, Func<T> work)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                torch.set_num_threads(ownCount);   // as a thread that did other work under another count
                result = work();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        return failure is null ? result : throw new InvalidOperationException("the work on its own thread failed", failure);
    }

    private (IReadOnlyList<float> Steps, double TestLoss, int Threads) RunOn(int ownCount, RunSpec spec) => OnThread(ownCount, () =>
    {
        using var result = Run.Execute(spec, mnist);
        return (result.History.StepLosses, result.Test!.Loss, torch.get_num_threads());
    });

    [Test]
    public void The_Same_Spec_Gives_The_Same_Figures_Bit_For_Bit_On_Threads_Left_At_Other_Counts()
    {
        var engine = Engine.Start().Threads;
        var other = engine == 1 ? 2 : 1;

        var onEngines = RunOn(engine, Spec());
        var onOther = RunOn(other, Spec());

        Assert.Multiple(() =>
        {
            Assert.That(onOther.Steps, Is.EqualTo(onEngines.Steps));
            Assert.That(onOther.TestLoss, Is.EqualTo(onEngines.TestLoss), "the test loss, to the last bit");
            Assert.That(onOther.Threads, Is.EqualTo(other), "the thread's own count is put back after the run");
        });
    }

    [Test]
    public void A_Spec_That_Names_Its_Threads_Uses_Them_And_Leaves_The_Engine_And_The_Thread_Their_Own()
    {
        var engine = Engine.Start().Threads;
        var named = engine == 1 ? 2 : 1;

        var withNamed = RunOn(engine, Spec(named));
        var withEngines = RunOn(engine, Spec());

        Assert.Multiple(() =>
        {
            Assert.That(withNamed.TestLoss, Is.Not.EqualTo(withEngines.TestLoss), "the named count was used (this run's test loss depends on the count)");
            Assert.That(withNamed.Threads, Is.EqualTo(engine), "the thread's count is put back");
            Assert.That(Engine.Start().Threads, Is.EqualTo(engine), "a run does not make its count the engine's");
        });
    }
}
