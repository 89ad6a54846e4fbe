using System.Text;
using Mnist.Functional.Evaluation;

namespace Mnist.Functional.Reports;

/// <summary>Test digits as HTML tiles: the sample grid with predicted and actual labels, and the gallery of confident mistakes.</summary>
internal static class DigitTiles
{
    /// <summary>Pixels a 28-pixel digit is drawn at in the grid (scaled without smoothing).</summary>
    private const int GridScale = 2;

    /// <summary>Pixels a digit is drawn at in the mistakes gallery.</summary>
    private const int GalleryScale = 3;

    /// <summary>
    /// The first <paramref name="count"/> test digits, each labelled with its prediction; a wrong one has a
    /// red frame and shows the actual class too.
    /// </summary>
    public static string SampleGrid(Predictions predictions, DigitImages images, int count)
    {
        var html = new StringBuilder("<div class=\"digit-grid\">");
        foreach (var index in Enumerable.Range(0, Math.Min(count, predictions.Count)))
        {
            var (actual, predicted) = (predictions.Labels[index], predictions.Predicted[index]);
            var (actualName, predictedName) = (predictions.ClassNames[actual], predictions.ClassNames[predicted]);
            var right = actual == predicted;
            html.Append($"<figure class=\"digit {(right ? "right" : "wrong")}\" data-index=\"{index}\" data-actual=\"{Html.Text(actualName)}\" data-predicted=\"{Html.Text(predictedName)}\">")
                .Append(Image(images, index, GridScale, $"Test image {index}: predicted {predictedName}, actual {actualName}"))
                .Append("<figcaption>")
                .Append($"<span class=\"predicted\">{Html.Text(predictedName)}</span>")
                .Append(right ? "" : $"<span class=\"actual\">actual {Html.Text(actualName)}</span>")
                .Append("</figcaption></figure>");
        }
        return html.Append("</div>").ToString();
    }

    /// <summary>
    /// The mistakes the model was surest of, each with its most probable classes as bars and, with <paramref name="maps"/>,
    /// where the model looked for the class it predicted and for the true class beside the digit.
    /// </summary>
    public static string MistakeGallery(Predictions predictions, DigitImages images, IReadOnlyList<Mistake> mistakes, MistakeMaps? maps = null)
    {
        if (mistakes.Count == 0) return "<p class=\"note\">The model classified every test image correctly.</p>";
        var html = new StringBuilder($"<p class=\"note\">The {mistakes.Count} wrong predictions the model was surest of, with its {mistakes[0].Top.Count} most probable classes (the actual class in green when it is among them).</p>");
        if (maps is not null)
            html.Append($"<p class=\"note\">Beside each digit, where the model looked for the class it predicted and for the actual class: {Html.Text(maps.Method)}, over the digit's pixels. Red pixels raised that class's score, blue ones lowered it; each map has its own colour scale (<code>mnist explain</code> gives the numbers).</p>");
        html.Append(maps is null ? "<div class=\"mistakes\">" : "<div class=\"mistakes explained\">");
        foreach (var mistake in mistakes)
        {
            var (actualName, predictedName) = (predictions.ClassNames[mistake.Actual], predictions.ClassNames[mistake.Predicted]);
            var description = $"Test image {mistake.Index}: predicted {predictedName}, actual {actualName}";
            html.Append($"<figure class=\"mistake\" data-index=\"{mistake.Index}\" data-actual=\"{Html.Text(actualName)}\" data-predicted=\"{Html.Text(predictedName)}\">");
            if (maps?.Maps.GetValueOrDefault(mistake.Index) is { } map)
                html.Append("<div class=\"views\">")
                    .Append(View(Image(images, mistake.Index, GalleryScale, description), "the digit"))
                    .Append(View(MapImage(images, mistake.Index, map.Predicted, "predicted", $"Where the model looked for {predictedName}, the class it predicted, in test image {mistake.Index}"), $"for {predictedName}"))
                    .Append(View(MapImage(images, mistake.Index, map.Actual, "actual", $"Where the model looked for {actualName}, the actual class, in test image {mistake.Index}"), $"for {actualName}"))
                    .Append("</div>");
            else
                html.Append(Image(images, mistake.Index, GalleryScale, description));
            html.Append("<figcaption>")
                .Append($"<div class=\"verdict\"><span class=\"predicted\">{Html.Text(predictedName)}</span> <span class=\"actual\">actual {Html.Text(actualName)}</span></div>")
                .Append("<ol class=\"top\">");
            foreach (var (classIndex, probability) in mistake.Top)
            {
                var name = predictions.ClassNames[classIndex];
                var kind = classIndex == mistake.Actual ? " class=\"is-actual\"" : classIndex == mistake.Predicted ? " class=\"is-predicted\"" : "";
                html.Append($"<li{kind}><span class=\"name\">{Html.Text(name)}</span>")
                    .Append($"<span class=\"bar\"><span style=\"width:{ReportFormat.Fixed(probability * 100, 1)}%\"></span></span>")
                    .Append($"<span class=\"p\">{ReportFormat.Percent(probability, 1)}</span></li>");
            }
            html.Append($"</ol><div class=\"index\">test #{mistake.Index}</div></figcaption></figure>");
        }
        return html.Append("</div>").ToString();
    }

    private static string View(string image, string label) => $"<div class=\"view\">{image}<span>{Html.Text(label)}</span></div>";

    private static string MapImage(DigitImages images, int index, float[] map, string role, string description) =>
        $"<img class=\"map\" data-class=\"{role}\" src=\"{HeatmapPng.ToDataUri(images.Width, images.Height, images[index].ToArray(), map)}\" width=\"{images.Width * GalleryScale}\" height=\"{images.Height * GalleryScale}\" alt=\"{Html.Text(description)}\">";

    private static string Image(DigitImages images, int index, int scale, string description) =>
        $"<img src=\"{GreyPng.ToDataUri(images[index], images.Width, images.Height)}\" width=\"{images.Width * scale}\" height=\"{images.Height * scale}\" alt=\"{Html.Text(description)}\">";
}
