using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using ForgeScheduler.Formats;

namespace ForgeScheduler.Mes.B2mml;

/// <summary>Reading B2MML with errors that name the source, an XPath-like element path and the line
/// (docs/b2mml.md). Elements are matched by local name in the B2MML namespace or in no namespace, so
/// documents from MES systems that drop the namespace still load.</summary>
internal sealed partial class B2mmlReader(string source)
{
    public string Source => source;

    /// <summary>No B2MML document nests deeper than this; a deeper one is an attack or a broken export.</summary>
    public const int MaxDepth = 64;

    // A DTD can define entities that expand a kilobyte into megabytes, or fetch files: B2MML needs none.
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 0,
        MaxCharactersInDocument = 64L * 1024 * 1024,
    };

    public XDocument Load(string xml)
    {
        try
        {
            // Depth first, in a streaming pass, so a 100,000-deep document is refused before any tree is built.
            using (var scan = XmlReader.Create(new StringReader(xml), Settings))
            {
                while (scan.Read())
                    if (scan.Depth > MaxDepth)
                    {
                        var info = (IXmlLineInfo)scan;
                        throw new ForgeInputException(source, $"line {info.LineNumber}, column {info.LinePosition}", $"elements are nested more than {MaxDepth} deep");
                    }
            }
            using var reader = XmlReader.Create(new StringReader(xml), Settings);
            return XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException e) when (e.Message.Contains("DTD", StringComparison.Ordinal))
        {
            // XmlReader reports a prohibited DTD at line 0; the planner needs the line of the DOCTYPE.
            var at = xml.IndexOf("<!DOCTYPE", StringComparison.OrdinalIgnoreCase);
            var line = at < 0 ? 1 : xml.AsSpan(0, at).Count('\n') + 1;
            throw new ForgeInputException(source, $"line {line}", "a DTD (<!DOCTYPE …>) is not accepted in B2MML: remove it (entities and external references are never expanded)");
        }
        catch (XmlException e)
        {
            throw new ForgeInputException(source, $"line {e.LineNumber}, column {e.LinePosition}", TrimPosition(e.Message));
        }
    }

    public static bool IsB2mml(XName name, string localName) =>
        name.LocalName == localName && (name.Namespace == B2mmlNames.Namespace || name.Namespace == XNamespace.None);

    public static XElement? Child(XElement parent, string localName) =>
        parent.Elements().FirstOrDefault(e => IsB2mml(e.Name, localName));

    public static IEnumerable<XElement> Children(XElement parent, params string[] localNames) =>
        parent.Elements().Where(e => localNames.Any(n => IsB2mml(e.Name, n)));

    public XElement Required(XElement parent, string localName) =>
        Child(parent, localName) ?? throw Error(parent, $"needs a <{localName}> element");

    /// <summary>The trimmed text of a leaf element; empty text is an error.</summary>
    public string Text(XElement element)
    {
        var text = element.Value.Trim();
        return text.Length > 0 ? text : throw Error(element, "must not be empty");
    }

    public string RequiredText(XElement parent, string localName) => Text(Required(parent, localName));

    public string? OptionalText(XElement parent, string localName) =>
        Child(parent, localName) is { } e && e.Value.Trim() is { Length: > 0 } text ? text : null;

    public double Number(XElement element, string text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
            return value;
        throw Error(element, $"'{text}' is not a number");
    }

    /// <summary>An xs:dateTime with a UTC offset or Z; without one the instant would depend on
    /// whose clock wrote it, so it is refused.</summary>
    public DateTimeOffset Time(XElement element)
    {
        var text = Text(element);
        if (!OffsetSuffix().IsMatch(text))
            throw Error(element, $"'{text}' needs a UTC offset (e.g. 2026-11-26T06:00:00+08:00 or …Z)");
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)) return at;
        throw Error(element, $"'{text}' is not an ISO-8601 date and time");
    }

    public DateTimeOffset RequiredTime(XElement parent, string localName) => Time(Required(parent, localName));

    public ForgeInputException Error(XElement element, string problem) => new(source, Where(element), problem);

    /// <summary>"/ProductionSchedule/ProductionRequest[3]/SegmentRequirement[2] (line 41)".</summary>
    public static string Where(XElement element)
    {
        var line = ((IXmlLineInfo)element).HasLineInfo() ? $" (line {((IXmlLineInfo)element).LineNumber})" : "";
        return Path(element) + line;
    }

    public static string Path(XElement element)
    {
        var parts = new List<string>();
        for (var e = element; e is not null; e = e.Parent)
        {
            var name = e.Name.LocalName;
            if (e.Parent is { } parent)
            {
                var same = parent.Elements().Where(s => s.Name == e.Name).ToList();
                if (same.Count > 1) name += $"[{same.IndexOf(e) + 1}]";
            }
            parts.Add(name);
        }
        parts.Reverse();
        return "/" + string.Join("/", parts);
    }

    private static string TrimPosition(string message)
    {
        // XmlException repeats "Line 3, position 7." at the end; we already said where.
        var cut = message.IndexOf(" Line ", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    [GeneratedRegex(@"(Z|[+-]\d\d:\d\d)$")]
    private static partial Regex OffsetSuffix();
}

public static class B2mmlNames
{
    public static readonly XNamespace Namespace = "http://www.mesa.org/xml/B2MML";

    public const string Heat = "heat";
    public const string Forge = "forge";
    public const string HeatTreat = "heat_treat";

    internal static XName N(string localName) => Namespace + localName;
}
