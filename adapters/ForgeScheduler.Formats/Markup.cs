using System.Globalization;

namespace ForgeScheduler.Formats;

/// <summary>Small helpers for writing SVG/HTML text: invariant numbers and escaped text.</summary>
internal static class Markup
{
    public static string N(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    public static string N0(double v) => v.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Escapes text for HTML/SVG content and quoted attributes. Only the five markup
    /// characters: the page is UTF-8, so °, ÷ and · stay readable in the source.</summary>
    public static string E(string text) => text
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("\"", "&quot;", StringComparison.Ordinal)
        .Replace("'", "&#39;", StringComparison.Ordinal);
}
