namespace Mnist.Functional.Robustness;

/// <summary>The attack adversarial training trains against; <see cref="AdversarialTraining.Name"/> gives each its name.</summary>
public enum AdversarialMethod
{
    /// <summary>
    /// <c>fgsm-rs</c>: FGSM from a uniform random point of the L∞ ball, one step of α then the projection back (Wong, Rice
    /// &amp; Kolter 2020, "Fast is better than free: revisiting adversarial training", ICLR): the price of one more
    /// gradient per step.
    /// </summary>
    FgsmRandomStart,

    /// <summary>
    /// <c>pgd</c>: PGD under L∞ from a uniform random start, <see cref="AdversarialTraining.Steps"/> steps of α (Madry et al.
    /// 2018): the price of that many more gradients per step.
    /// </summary>
    Pgd,
}
