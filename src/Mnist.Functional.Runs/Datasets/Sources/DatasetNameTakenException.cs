namespace Mnist.Functional.Datasets.Sources;

/// <summary>
/// A dataset is to be added under a name the registry already holds, and not to replace it (<see cref="AddRequest.Replace"/>).
/// The message names the dataset and where it was added from; a host adds how its user asks for a replacement.
/// </summary>
/// <param name="earlier">The dataset already added under that name.</param>
public sealed class DatasetNameTakenException(DatasetInfo earlier)
    : ArgumentException($"A dataset called '{earlier.Id}' is already added (from {earlier.AddedFrom}): choose another name, or replace it.")
{
    /// <summary>The dataset already added under the name.</summary>
    public DatasetInfo Earlier { get; } = earlier;
}
