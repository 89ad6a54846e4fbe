using System.Globalization;
using static TorchSharp.torch;

namespace Mnist.Functional.Robustness;

/// <summary>
/// Projected gradient descent on the negative loss (Madry, Makelov, Schmidt, Tsipras &amp; Vladu 2018, "Towards Deep
/// Learning Models Resistant to Adversarial Attacks"): from a random point of the ε-ball, <see cref="Steps"/> steps
/// <c>x ← Π(x + α · d)</c> with <c>d = sign(∇ₓL)</c> under L∞ or <c>∇ₓL / ‖∇ₓL‖₂</c> under L2, Π the projection onto the
/// ε-ball around the original and onto [0, 1]; repeated <see cref="Restarts"/> times from fresh random starts, keeping
/// for each image a restart that fools the model if any does, else the one of highest loss. As torchattacks' PGD
/// and PGDL2 define it.
/// </summary>
public sealed record Pgd : Attack
{
    /// <summary>PGD with radius <paramref name="epsilon"/>.</summary>
    /// <param name="epsilon">The radius of the ball, on pixels in [0, 1].</param>
    /// <param name="steps">Gradient steps per restart; PGD-40 by default, as in Madry et al.'s MNIST training.</param>
    /// <param name="stepSize">α; <see langword="null"/> for <see cref="DefaultStepSize"/>.</param>
    /// <param name="restarts">Random starts; an image counts as robust only if it holds under every one.</param>
    /// <param name="randomStart">Start from a random point of the ball (otherwise from the image itself).</param>
    /// <param name="norm">The ball's norm.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range, or <c>steps · α &lt; ε</c>: steps that together cannot reach the ball's edge leave the attack weaker than it claims.</exception>
    public Pgd(double epsilon, int steps = DefaultSteps, double? stepSize = null, int restarts = 1, bool randomStart = true, AttackNorm norm = AttackNorm.Linf)
    {
        Epsilon = CheckedEpsilon(epsilon);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(restarts, 1);
        var size = stepSize ?? DefaultStepSize(epsilon, steps);
        if (!(size > 0 && double.IsFinite(size)) && epsilon > 0)
            throw new ArgumentOutOfRangeException(nameof(stepSize), size, "The step size α must be a positive number.");
        if (steps * size < epsilon * (1 - 1e-9))
            throw new ArgumentOutOfRangeException(nameof(stepSize), size, string.Create(CultureInfo.InvariantCulture,
                $"{steps} steps of α = {size:G4} move at most {steps * size:G4}, less than ε = {epsilon:G4}: the attack could never reach the edge of its ball. Raise the step size or the number of steps."));
        (Steps, StepSize, Restarts, RandomStart, Norm) = (steps, size, restarts, randomStart, norm);
    }

    /// <summary>PGD-40, the attack of Madry et al.'s MNIST training and this library's robustness report.</summary>
    public const int DefaultSteps = 40;

    /// <summary>
    /// α = 2.5 · ε / steps: the steps together can cross the ball 2.5 times, so a path that turns still reaches its
    /// edge (the rule of Madry et al.'s "robustness" library; for ε = 0.3 and 40 steps, 0.01875, near the 0.01 of
    /// their MNIST challenge with 100 steps).
    /// </summary>
    public static double DefaultStepSize(double epsilon, int steps) => 2.5 * epsilon / steps;

    /// <summary>
    /// FGSM with a random start, the attack of "fast adversarial training" (Wong, Rice &amp; Kolter 2020, "Fast is better
    /// than free"): one step of α = 1.25 · ε from a uniform random point of the L∞ ball, projected back.
    /// </summary>
    public static Pgd FastAdversarial(double epsilon, double stepSizeRatio = 1.25) =>
        new(epsilon, steps: 1, stepSize: stepSizeRatio * epsilon, restarts: 1, randomStart: true);

    /// <inheritdoc />
    public override double Epsilon { get; }

    /// <inheritdoc />
    public override AttackNorm Norm { get; }

    /// <summary>Gradient steps per restart.</summary>
    public int Steps { get; }

    /// <summary>α, the length of each step in <see cref="Norm"/>.</summary>
    public double StepSize { get; }

    /// <summary>Searches from fresh random starts; the worst case over them counts.</summary>
    public int Restarts { get; }

    /// <summary>Whether each search starts at a random point of the ball.</summary>
    public bool RandomStart { get; }

    /// <inheritdoc />
    public override string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"PGD-{Steps} {(Norm == AttackNorm.Linf ? "L∞" : "L2")} ε={Epsilon:G4}, α={StepSize:G4}{(RandomStart ? ", random start" : "")}, {Restarts} restart{(Restarts == 1 ? "" : "s")}");

    /// <inheritdoc />
    protected override Tensor Search(PixelModel model, Tensor pixels, Tensor labels, Generator generator)
    {
        if (Restarts == 1)
            return SteepestAscent.Run(model, pixels, labels, Epsilon, Norm, Steps, StepSize, RandomStart, generator);
        using var scope = NewDisposeScope();
        var best = SteepestAscent.Run(model, pixels, labels, Epsilon, Norm, Steps, StepSize, RandomStart, generator);
        var (bestFooled, bestLoss) = Judge(model, best, labels);
        for (var restart = 1; restart < Restarts; restart++)
        {
            using var restartScope = NewDisposeScope();
            var candidate = SteepestAscent.Run(model, pixels, labels, Epsilon, Norm, Steps, StepSize, RandomStart, generator);
            var (fooled, loss) = Judge(model, candidate, labels);
            var better = bestFooled.logical_not().logical_and_(fooled.logical_or(loss.gt(bestLoss)));
            best = where(EpsilonBall.AsSampleColumn(better, best), candidate, best).MoveToOuterDisposeScope();
            bestLoss = where(better, loss, bestLoss).MoveToOuterDisposeScope();
            bestFooled = bestFooled.logical_or(fooled).MoveToOuterDisposeScope();
        }
        return best.MoveToOuterDisposeScope();
    }

    internal static double CheckedEpsilon(double epsilon) =>
        epsilon >= 0 && double.IsFinite(epsilon) ? epsilon : throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "ε must be a finite number of at least 0 (a distance on pixels in [0, 1]).");

    // Whether each image fools the model, and its loss: [B] bool, [B] float32.
    private static (Tensor Fooled, Tensor Loss) Judge(PixelModel model, Tensor adversarial, Tensor labels)
    {
        using var noGrad = no_grad();
        var outputs = model(adversarial);
        return (outputs.argmax(1).ne(labels), SteepestAscent.CrossEntropyPerSample(outputs, labels));
    }
}
