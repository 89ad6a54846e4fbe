using Mnist.Functional.Optimizers.Schedules;
using static TorchSharp.torch;
using static TorchSharp.torch.optim.lr_scheduler;

namespace Mnist.Functional.Tests.Optimizers.Schedules;

/// <summary>Reads the learning rates a TorchSharp scheduler gives, one per optimizer step.</summary>
internal static class TorchSchedule
{
    /// <summary>The learning rate in effect for steps 0, 1, …, <paramref name="steps"/> − 1 of an SGD optimizer with base rate <paramref name="baseRate"/> driven by <paramref name="scheduler"/>.</summary>
    public static double[] Rates(double baseRate, Func<optim.Optimizer, LRScheduler> scheduler, int steps)
    {
        using var scope = NewDisposeScope();
        var optimizer = optim.SGD([new TorchSharp.Modules.Parameter(zeros(1))], baseRate, momentum: 0.9);
        var driver = scheduler(optimizer);
        var rates = new double[steps];
        for (var step = 0; step < steps; step++)
        {
            rates[step] = driver.get_last_lr().Single();
            optimizer.step();
            driver.step();
        }
        return rates;
    }

    /// <summary>Our schedule's values for steps 0, 1, …, <paramref name="steps"/> − 1.</summary>
    public static double[] Values(Schedule schedule, int steps) => Enumerable.Range(0, steps).Select(step => schedule.At(step)).ToArray();
}
