using Mnist.Functional.Layers;

namespace Mnist.Functional.Models;

/// <summary>A model of the zoo: its name, what it is, the network, and the recipe it trains best with.</summary>
/// <param name="Name">The name used on the command line, such as <c>pytorch-cnn</c>.</param>
/// <param name="Description">Where the architecture comes from and what it is.</param>
/// <param name="Network">The network: <c>x: [B, 1, 28, 28] float32 -> [B, 10]</c> logits or log-probabilities.</param>
/// <param name="Recipe">The recommended optimizer, schedule, batch size and epochs.</param>
public sealed record ZooModel(string Name, string Description, Layer Network, Recipe Recipe);
