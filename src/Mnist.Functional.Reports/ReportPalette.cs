namespace Mnist.Functional.Reports;

/// <summary>The report's colours, shared by its charts and its style sheet so that a split has one colour everywhere.</summary>
public static class ReportPalette
{
    /// <summary>The training split.</summary>
    public const string Train = "#2563eb";

    /// <summary>The validation split.</summary>
    public const string Validation = "#d97706";

    /// <summary>The test split.</summary>
    public const string Test = "#059669";

    /// <summary>A wrong prediction.</summary>
    public const string Wrong = "#dc2626";

    /// <summary>Body text.</summary>
    public const string Ink = "#1f2937";

    /// <summary>Secondary text: captions, axis labels.</summary>
    public const string Muted = "#6b7280";

    /// <summary>Lines between table rows and around cards; chart grid lines.</summary>
    public const string Rule = "#e5e7eb";

    /// <summary>The confusion matrix's colour scale, from an empty cell to the fullest; it turns light blue almost at once, so a single mistake among a thousand hits still shows.</summary>
    public static IReadOnlyList<(double Stop, string Color)> HeatScale { get; } = [(0.0, "#f8fafc"), (0.001, "#dbeafe"), (0.3, "#60a5fa"), (1.0, "#1e3a8a")];

    /// <summary>The font stack: the platform's own sans-serif faces, so the page needs no font files.</summary>
    public const string FontStack = "system-ui, -apple-system, \"Segoe UI\", Roboto, \"Noto Sans\", \"DejaVu Sans\", sans-serif";
}
