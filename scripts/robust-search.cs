#:project ../src/Mnist.Functional.Runs/Mnist.Functional.Runs.csproj
#:property PublishAot=false
// Which network and adversarial-training recipe resist PGD at ε = 0.3 within a budget of training time: each candidate
// below (a network, a recipe with its adversarial training) is trained as the run pipeline trains it, on the MNIST
// training digits less a held-out 1,000, and after every epoch it prints the held-out digits' clean accuracy and their
// accuracy under PGD (the first 500 of them, ATTACK_STEPS steps of α = 2.5·ε/steps from a random start), with the
// training seconds so far. FGSM training at large ε can fall into "catastrophic overfitting" (PGD accuracy collapsing
// within an epoch while the training accuracy climbs); the per-epoch PGD column is there to see it.
//
//   dotnet run -c Release scripts/robust-search.cs -- [--seed 1] [--epochs N] [--budget SECONDS] NAME ...
//
// --epochs trains fewer epochs than the recipe's (its schedule still fitted to the recipe's length), --budget stops
// before an epoch would take training past that many seconds. The held-out digits are never the test split's. The
// candidate "robust" is the zoo's robust model with its recipe (Wong et al.'s net and training, ε rising over 2 epochs).
using System.Diagnostics;
using System.Globalization;
using Mnist.Functional.Data;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Evaluation;
using Mnist.Functional.Layers;
using Mnist.Functional.Models;
using Mnist.Functional.Native;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Optimizers.Schedules;
using Mnist.Functional.Robustness;
using Mnist.Functional.Training;
using static Mnist.Functional.Layers.Nn;

CultureInfo.CurrentCulture = CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;

const double Epsilon = 0.3;
const int AttackSteps = 20;
const int HeldOut = 1000, AttackedDigits = 500;

// Wong et al.'s MNIST network (fast_adversarial's mnist_net): two 4×4 stride-2 convolutions, fc 100.
static Layer WongNet(int c1 = 16, int c2 = 32, int hidden = 100) => Sequential(
    Conv2d(1, c1, 4, stride: 2, padding: 1), Relu,
    Conv2d(c1, c2, 4, stride: 2, padding: 1), Relu,
    Flatten(), Linear(c2 * 7 * 7, hidden), Relu, Linear(hidden, 10));

// Madry et al.'s MNIST challenge network: conv 32 5×5 (same), max-pool, conv 64 5×5 (same), max-pool, fc 1024.
static Layer MadryNet(int c1 = 32, int c2 = 64, int hidden = 1024) => Sequential(
    Conv2d(1, c1, 5, padding: 2), Relu, MaxPool2d(2),
    Conv2d(c1, c2, 5, padding: 2), Relu, MaxPool2d(2),
    Flatten(), Linear(c2 * 7 * 7, hidden), Relu, Linear(hidden, 10));

var wongAdam = new Recipe(OptimizerKind.Adam, 5e-3, ScheduleKind.OneCycle, BatchSize: 100, Epochs: 10);
Candidate[] candidates =
[
    new("plain-wong", WongNet(), wongAdam with { Epochs = 2 }, null),
    new("wong", WongNet(), wongAdam, AdversarialTraining.Fast(Epsilon)),
    new("robust", Zoo.Robust.Network, Zoo.Robust.Recipe with { Adversarial = null }, Zoo.Robust.Recipe.Adversarial),
    new("wong-wide-warm2", WongNet(32, 64, 256), wongAdam, AdversarialTraining.Fast(Epsilon, warmupEpochs: 2)),
    new("wong-wide-warm3-15", WongNet(32, 64, 256), wongAdam with { Epochs = 15 }, AdversarialTraining.Fast(Epsilon, warmupEpochs: 3)),
    new("wong-a1", WongNet(), wongAdam, AdversarialTraining.Fast(Epsilon, stepSize: Epsilon)),
    new("madry-warm2", MadryNet(), wongAdam, AdversarialTraining.Fast(Epsilon, warmupEpochs: 2)),
    new("wong-pgd5", WongNet(), wongAdam, AdversarialTraining.Pgd(Epsilon, steps: 5, stepSize: 0.1)),
    new("wong-wide-pgd5-warm1", WongNet(32, 64, 256), wongAdam, AdversarialTraining.Pgd(Epsilon, steps: 5, stepSize: 0.1, warmupEpochs: 1)),
];

long seed = 1;
int? epochs = null;
double? budget = null;
var names = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--seed": seed = long.Parse(args[++i]); break;
        case "--epochs": epochs = int.Parse(args[++i]); break;
        case "--budget": budget = double.Parse(args[++i]); break;
        default: names.Add(args[i]); break;
    }
}
var chosen = names.Select(name => candidates.FirstOrDefault(c => c.Name == name) ?? throw new ArgumentException($"no candidate '{name}': {string.Join(", ", candidates.Select(c => c.Name))}")).ToArray();
if (chosen.Length == 0) { Console.WriteLine($"name one or more of: {string.Join(", ", candidates.Select(c => c.Name))}"); return; }

var engine = Engine.Start(EngineOptions.ForTraining);
Console.WriteLine($"engine: {engine.Describe()}");
using var mnist = await DataSources.LoadAsync(DatasetCatalog.Mnist);
var (fitOn, heldOut) = mnist.Train.CarveValidation(HeldOut, seed + 1);
using var ownedFitOn = fitOn;
using var ownedHeldOut = heldOut;
using var attacked = heldOut.Take(TorchSharp.torch.arange(AttackedDigits, dtype: TorchSharp.torch.ScalarType.Int64));
var preprocess = Preprocess.Standard(mnist.Stats);
var pgd = new Pgd(Epsilon, AttackSteps);

foreach (var candidate in chosen)
{
    var pipeline = Train.BatchesFor(candidate.Network, fitOn.Shuffle(seed).Batch(candidate.Recipe.BatchSize).Select(preprocess));
    var setup = candidate.Recipe.SetupFor(candidate.Network, pipeline.BatchesPerEpoch, seed) with
    {
        Epochs = epochs ?? candidate.Recipe.Epochs,
        BatchTransform = candidate.Adversarial?.For(candidate.Network, mnist.Stats, pipeline.BatchesPerEpoch),
    };
    Console.WriteLine($"== {candidate.Name}: {candidate.Recipe.Describe()}; {candidate.Adversarial?.Describe() ?? "no adversarial training"}; seed {seed}");
    var trained = 0.0;
    EpochScores Measure(TrainState state, int epoch)
    {
        trained = state.History.TrainingSeconds + state.Progress.Seconds;
        var clean = Evaluator.Predict(candidate.Network, state.Variables, heldOut.Images, heldOut.Labels, mnist.Info.ClassNames, preprocess: preprocess).Accuracy;
        var robust = Perturbed.UnderAttack(PixelModels.InEvaluation(candidate.Network, state.Variables, mnist.Stats), attacked, mnist.Info.ClassNames, pgd, seed: 1).Predictions.Accuracy;
        var train = state.Progress.Samples == 0 ? double.NaN : (double)state.Progress.Correct / state.Progress.Samples;
        Console.WriteLine($"epoch {epoch,2}  ε {candidate.Adversarial?.EpsilonAt(state.Step, pipeline.BatchesPerEpoch) ?? 0,5:F3}  train acc {train:P2}  held-out clean {clean:P2}  PGD-{AttackSteps} {robust:P2}  trained {trained,7:F0} s");
        return EpochScores.None;
    }
    var observers = budget is { } seconds ? new ITrainingObserver[] { new Mnist.Functional.Training.Observers.TimeBudget(seconds) } : [];
    using var result = Train.Fit(setup, pipeline, Measure, observers).State;
}

sealed record Candidate(string Name, Layer Network, Recipe Recipe, AdversarialTraining? Adversarial);
