using Mnist.Functional.Autodiff;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Optimizers.Transforms;
using Mnist.Functional.Parameters;
using Mnist.Functional.Testing;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Optimizers;

public sealed class OptimizerTests
{
    private static Params Point() => Params.Of(("w", tensor(new[] { 1.0, -2.0 })), ("b", tensor(new[] { 0.5 })));

    private static Tensor Quadratic(Params p) => p["w"].square().sum() + p["b"].square().sum();

    [Test]
    public void Update_Returns_New_Trees_And_Leaves_Its_Arguments_Unchanged()
    {
        using var scope = NewDisposeScope();
        var parameters = Point();
        var optimizer = new Adam(0.1);
        var state = optimizer.Init(parameters);
        var grads = Diff.Grad(Quadratic)(parameters);
        var (parametersBefore, gradsBefore, momentsBefore) = (parameters.Map(t => t.clone()), grads.Map(t => t.clone()), state.Moments.Map(t => t.clone()));

        var (next, nextState) = optimizer.Update(grads, state, parameters);

        Assert.Multiple(() =>
        {
            TensorAssert.BitIdentical(parameters, parametersBefore);
            TensorAssert.BitIdentical(grads, gradsBefore);
            TensorAssert.BitIdentical(state.Moments, momentsBefore);
            Assert.That(state.Step, Is.Zero);
            Assert.That(nextState.Step, Is.EqualTo(1));
            Assert.That(TensorAssert.MaxDifference(next["w"], parameters["w"]), Is.GreaterThan(0));
            Assert.That(next.Tensors.Any(t => t.requires_grad), Is.False);
        });
    }

    [Test]
    public void Update_Outside_A_Dispose_Scope_Is_Refused_With_What_To_Do()
    {
        var parameters = Point();
        var optimizer = new Sgd(0.1);

        Assert.That(() => optimizer.Update(parameters, optimizer.Init(parameters), parameters),
            Throws.InvalidOperationException.With.Message.Contains("NewDisposeScope"));
        parameters.Dispose();
    }

    [Test]
    public void Update_Frees_Its_Temporaries_And_Leaves_Only_The_New_Trees_In_The_Callers_Scope()
    {
        using var outer = NewDisposeScope();
        var parameters = Point();
        var optimizer = new Adam(0.1);
        var state = optimizer.Init(parameters);
        var grads = Diff.Grad(Quadratic)(parameters);

        using var step = NewDisposeScope();
        var (next, nextState) = optimizer.Update(grads, state, parameters);

        Assert.That(step.DisposablesCount, Is.EqualTo(next.Count + nextState.Moments.Count));
    }

    [Test]
    public void Step_Leaves_Only_The_Loss_And_The_New_Trees_In_The_Callers_Scope()
    {
        using var outer = NewDisposeScope();
        var parameters = Point();
        var optimizer = new Sgd(0.25, Momentum: 0.5);
        var state = optimizer.Init(parameters);

        using var scope = NewDisposeScope();
        var (loss, next, nextState) = optimizer.Step(Quadratic, parameters, state);
        var tensorsLeft = scope.DisposablesCount;

        Assert.Multiple(() =>
        {
            Assert.That(loss.item<double>(), Is.EqualTo(1 + 4 + 0.25).Within(1e-12));
            TensorAssert.Close(next["w"], tensor(new[] { 0.5, -1.0 }), 1e-12, "w − 0.25 · 2w");
            Assert.That(tensorsLeft, Is.EqualTo(1 + next.Count + nextState.Moments.Count));
        });
    }

    [Test]
    public void Clipped_Optimizer_Clips_The_Gradient_Before_The_Update()
    {
        using var scope = NewDisposeScope();
        var parameters = Params.Of(("w", tensor(new[] { 3.0, 4.0 })));
        var optimizer = new Sgd(1.0).ClippedByGlobalNorm(1.0);

        var (next, _) = optimizer.Update(parameters, optimizer.Init(parameters), parameters);

        TensorAssert.Close(next["w"], tensor(new[] { 3.0 - 0.6, 4.0 - 0.8 }), 1e-6, "w − g / ‖g‖");
    }

    [Test]
    public void An_Optimizer_Can_Be_Made_From_Any_Chain_Of_Transforms()
    {
        using var scope = NewDisposeScope();
        var parameters = Point();
        var grads = Diff.Grad(Quadratic)(parameters);
        var handMade = Optimizer.From(new ScaleByAdam().Then(new ScaleByLearningRate(0.1)));
        var adam = new Adam(0.1);

        var (ours, _) = handMade.Update(grads, handMade.Init(parameters), parameters);
        var (theirs, _) = adam.Update(grads, adam.Init(parameters), parameters);

        TensorAssert.BitIdentical(ours, theirs);
    }
}
