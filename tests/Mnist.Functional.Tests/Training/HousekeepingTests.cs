using Mnist.Functional.Training;

namespace Mnist.Functional.Tests.Training;

public sealed class HousekeepingTests
{
    [Test]
    public void The_Fold_Calls_The_Hosts_Housekeeping_Once_An_Epoch_Between_Training_And_Evaluation()
    {
        using var train = SyntheticDigits.Make(96, seed: 1);
        var calls = new List<string>();
        var setup = SyntheticDigits.Setup(epochs: 3) with { Housekeeping = new Housekeeping { BetweenTrainingAndEvaluation = () => calls.Add("between") } };

        using var result = new FitResultScope(Train.Fit(setup, SyntheticDigits.Data(train, 32, shuffleSeed: 5).Train, (_, _) =>
        {
            calls.Add("evaluate");
            return EpochScores.None;
        }));

        Assert.That(calls, Is.EqualTo(new[] { "between", "evaluate", "between", "evaluate", "between", "evaluate" }));
    }

    [Test]
    public void A_Collection_Period_Below_One_Step_Is_Refused_Naming_It()
    {
        using var train = SyntheticDigits.Make(96, seed: 1);
        var setup = SyntheticDigits.Setup(epochs: 1) with { Housekeeping = new Housekeeping { CollectEverySteps = 0 } };

        Assert.That(() => Train.Fit(setup, SyntheticDigits.Data(train, 32, shuffleSeed: 5).Train),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("CollectEverySteps"));
    }
}
