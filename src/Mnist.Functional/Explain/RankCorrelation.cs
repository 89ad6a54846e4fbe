using static TorchSharp.torch;

namespace Mnist.Functional.Explain;

/// <summary>Spearman's rank correlation between two maps of each sample, as Adebayo et al. (2018, "Sanity Checks for Saliency Maps") compare maps.</summary>
public static class RankCorrelation
{
    /// <summary>
    /// Spearman's ρ between <c>first[b]</c> and <c>second[b]</c> for every sample b: the Pearson correlation of the
    /// elements' ranks, tied elements sharing their mean rank. <c>[N, ...], [N, ...] -> [N]</c> in [−1, 1]; 0 where a
    /// map is constant or fewer than two elements are compared (the ranks say nothing).
    /// </summary>
    /// <param name="first">The first maps, <c>[N, ...]</c>.</param>
    /// <param name="second">The second maps, the same shape.</param>
    /// <param name="where">
    /// Which elements to compare, a boolean tensor of the same shape; all of them when <see langword="null"/>. On MNIST,
    /// methods that multiply by the input (gradient × input, integrated gradients from black, occlusion with black) give
    /// exactly 0 on the background, most of the image, whatever the model: over every pixel their ranks agree there by
    /// construction, so compare them on the ink (<c>inputs &gt; 0</c>).
    /// </param>
    /// <exception cref="ArgumentException">The tensors do not all have the same shape, or have no batch dimension.</exception>
    public static double[] Spearman(Tensor first, Tensor second, Tensor? where = null)
    {
        if (!first.shape.SequenceEqual(second.shape) || first.shape.Length < 2 || (where is not null && !where.shape.SequenceEqual(first.shape)))
            throw new ArgumentException($"Rank correlation needs two batches of maps of one shape, [N, ...], and a selection of that shape if any, not {Tensors.Shapes.Format(first.shape)}, {Tensors.Shapes.Format(second.shape)}{(where is null ? "" : " and " + Tensors.Shapes.Format(where.shape))}.", nameof(second));
        var (a, b) = (Rows(first), Rows(second));
        var selected = where is null ? null : Rows(where.to(float64));
        return [.. Enumerable.Range(0, a.Length).Select(row =>
        {
            var keep = selected?[row];
            double[] Kept(double[] values) => keep is null ? values : [.. values.Where((_, i) => keep[i] != 0)];
            return Pearson(Ranks(Kept(a[row])), Ranks(Kept(b[row])));
        })];
    }

    private static double[][] Rows(Tensor maps)
    {
        using var scope = NewDisposeScope();
        var flat = maps.detach().to(float64).flatten(1).contiguous();
        var values = flat.data<double>().ToArray();
        var width = (int)flat.shape[1];
        return [.. Enumerable.Range(0, (int)flat.shape[0]).Select(row => values.AsSpan(row * width, width).ToArray())];
    }

    // Fractional ranks from 1: a run of equal values gets the mean of the ranks it spans.
    private static double[] Ranks(double[] values)
    {
        var order = Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Length];
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]]) end++;
            var shared = (start + end) / 2.0 + 1;
            for (var k = start; k <= end; k++) ranks[order[k]] = shared;
            start = end + 1;
        }
        return ranks;
    }

    private static double Pearson(double[] x, double[] y)
    {
        if (x.Length < 2) return 0;
        var (meanX, meanY) = (x.Average(), y.Average());
        double covariance = 0, varianceX = 0, varianceY = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var (dx, dy) = (x[i] - meanX, y[i] - meanY);
            covariance += dx * dy;
            varianceX += dx * dx;
            varianceY += dy * dy;
        }
        return varianceX == 0 || varianceY == 0 ? 0 : covariance / Math.Sqrt(varianceX * varianceY);
    }
}
