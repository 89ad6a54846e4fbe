namespace Mnist.Functional.Explain;

/// <summary>Which number of the model's output an attribution explains for the target class.</summary>
public enum ScoreKind
{
    /// <summary>
    /// The model's own output for the class, before any softmax: its logit, or its log-probability for a model that ends
    /// in <c>LogSoftmax</c> (the zoo's <c>pytorch-cnn</c>). The default, as in Captum, whose attributions explain whatever
    /// the forward function returns; a logit depends on the target class alone, while a probability also falls when any
    /// other class rises.
    /// </summary>
    Logit,

    /// <summary>The softmax probability of the class, in [0, 1]: <c>softmax(outputs)[target]</c>. It saturates near 1, so its gradients vanish on digits the model is sure of.</summary>
    Probability,
}
