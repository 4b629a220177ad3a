using System.Globalization;
using System.Xml.Linq;

namespace ForgeScheduler.Reports;

/// <summary>Builds HTML and SVG as a document model (XElement), so escaping is the serializer's job and
/// never a string concatenation's. Elements that HTML does not allow to self-close get an empty text
/// node, so they serialize as &lt;div&gt;&lt;/div&gt; rather than &lt;div/&gt;.</summary>
public static class Html
{
    public static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static readonly HashSet<string> Void = ["meta", "br", "hr", "img", "input", "link"];

    /// <summary>An HTML element; null content is skipped.</summary>
    public static XElement H(string name, params object?[] content)
    {
        var e = new XElement(name, content.Where(c => c is not null));
        if (e.IsEmpty && !Void.Contains(name)) e.Add("");
        return e;
    }

    /// <summary>An SVG element (self-closing is fine inside SVG).</summary>
    public static XElement S(string name, params object?[] content) => new(Svg + name, content.Where(c => c is not null));

    public static XAttribute A(string name, string value) => new(name, value);

    public static XAttribute A(string name, double value) => new(name, N(value));

    public static XAttribute? Cls(string? value) => string.IsNullOrEmpty(value) ? null : new XAttribute("class", value);

    /// <summary>Invariant number with at most two decimals (SVG coordinates).</summary>
    public static string N(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>Thousands separators, as a planner reads figures.</summary>
    public static string N0(double v) => v.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Script and style are raw text in HTML: the serializer would escape "&amp;&amp;" and "&lt;", so they
    /// go into the tree as a placeholder and are put in after serializing.</summary>
    public static XElement RawText(string name, string placeholder) => new(name, placeholder);

    /// <summary>The page as text: doctype plus the serialized element tree, placeholders replaced by
    /// their raw script or style text.</summary>
    public static string Document(XElement html, params (string Placeholder, string Text)[] raw)
    {
        var text = html.ToString(SaveOptions.DisableFormatting);
        foreach (var (placeholder, value) in raw) text = text.Replace(placeholder, value, StringComparison.Ordinal);
        return "<!DOCTYPE html>\n" + text + "\n";
    }
}
