using Mnist.Functional.Native;
using TorchSharp;

namespace Mnist.Functional.Runs.Tests.Native;

public sealed class IntraOpThreadsTests
{
    [Test]
    public void Use_Sets_The_Calling_Threads_Count_And_Puts_Its_Own_Back()
    {
        var before = torch.get_num_threads();
        var asked = before == 1 ? 2 : 1;

        int inside;
        using (var threads = IntraOpThreads.Use(asked))
            inside = torch.get_num_threads();

        Assert.Multiple(() =>
        {
            Assert.That(inside, Is.EqualTo(asked));
            Assert.That(torch.get_num_threads(), Is.EqualTo(before));
        });
    }

    [Test]
    public void Without_A_Count_It_Uses_The_Engines_Not_The_Threads()
    {
        var engine = Engine.Start().Threads;
        var (own, inside) = (engine == 1 ? 2 : 1, 0);
        var thread = new Thread(() =>
        {
            torch.set_num_threads(own);
            using var threads = IntraOpThreads.Use(null);
            inside = torch.get_num_threads();
        });
        thread.Start();
        thread.Join();

        Assert.That(inside, Is.EqualTo(engine));
    }

    [Test]
    public void Giving_It_Back_On_Another_Thread_Is_Refused()
    {
        var threads = IntraOpThreads.Use(null);
        Exception? refused = null;
        var other = new Thread(() => refused = Record(threads.Dispose));
        other.Start();
        other.Join();
        threads.Dispose();

        Assert.That(refused, Is.InstanceOf<InvalidOperationException>().With.Message.Contains("keep its scope free of awaits"));
    }

    [TestCase(0)]
    [TestCase(-1)]
    public void A_Count_Out_Of_Range_Is_Refused(int count) =>
        Assert.That(() => IntraOpThreads.Use(count), Throws.InstanceOf<ArgumentOutOfRangeException>());

    [Test]
    public void More_Than_Four_Per_Core_Is_Refused() =>
        Assert.That(() => IntraOpThreads.Use(Engine.MaxThreads + 1), Throws.InstanceOf<ArgumentOutOfRangeException>());

    private static Exception? Record(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
