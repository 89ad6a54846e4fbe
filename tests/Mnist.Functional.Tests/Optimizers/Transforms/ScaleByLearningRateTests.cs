using Mnist.Functional.Optimizers;
using Mnist.Functional.Optimizers.Schedules;
using static TorchSharp.torch;
using static TorchSharp.torch.optim.lr_scheduler;

namespace Mnist.Functional.Tests.Optimizers.Transforms;

public sealed class ScaleByLearningRateTests
{
    [Test]
    public void Update_N_Uses_The_Schedules_Value_At_N_As_A_Torch_Scheduler_Stepped_After_Each_Update_Does() =>
        Assert.Multiple(() =>
        {
            Assert.That(ReferenceProblem.LargestDifference(new Sgd(new StepDecay(0.1, StepSize: 3, Gamma: 0.5), Momentum: 0.9),
                p => optim.SGD(p, 0.1, momentum: 0.9), o => StepLR(o, 3, gamma: 0.5)), Is.LessThan(1e-6), "StepLR");
            Assert.That(ReferenceProblem.LargestDifference(new Adam(new OneCycle(0.05, TotalSteps: 20)),
                p => optim.Adam(p, 0.05), o => OneCycleLR(o, 0.05, total_steps: 20, cycle_momentum: false)), Is.LessThan(1e-6), "OneCycleLR");
        });
}
