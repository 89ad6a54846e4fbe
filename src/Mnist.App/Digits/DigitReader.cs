using Mnist.Functional.Evaluation;
using Mnist.Functional.Images;
using Mnist.Functional.Native;
using Mnist.Functional.Runs;
using static TorchSharp.torch;

namespace Mnist.App.Digits;

/// <summary>Reads prepared digits (of the model's image size, 28×28 for MNIST's) with a trained model. It only reads the model's tensors, so requests on several threads may share one model.</summary>
public static class DigitReader
{
    /// <summary>The class probabilities of each digit in <paramref name="digits"/>.</summary>
    public static ClassProbabilities Read(TrainedModel trained, IReadOnlyList<GreyImage> digits)
    {
        using var threads = IntraOpThreads.Use(null);
        using var scope = NewDisposeScope();
        var images = DigitImage.Stack(digits, trained.Dataset.Image);
        return Evaluator.Probabilities(trained.Network, trained.Variables, images, trained.Dataset.ClassNames, preprocess: trained.Preprocessing);
    }
}
