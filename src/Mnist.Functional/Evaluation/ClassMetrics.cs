namespace Mnist.Functional.Evaluation;

/// <summary>How well one class is recognised.</summary>
/// <param name="Class">The class index.</param>
/// <param name="Name">The class name, such as <c>7</c> or <c>Sneaker</c>.</param>
/// <param name="Precision">TP / (TP + FP): of the samples predicted as this class, the fraction that are; 0 when none were predicted.</param>
/// <param name="Recall">TP / (TP + FN): of the samples of this class, the fraction found; 0 when there are none.</param>
/// <param name="F1">2PR / (P + R), the harmonic mean of precision and recall; 0 when both are 0.</param>
/// <param name="Support">How many samples truly belong to this class.</param>
public sealed record ClassMetrics(int Class, string Name, double Precision, double Recall, double F1, long Support);
