using System.Xml.Linq;

namespace ForgeScheduler.Mes.B2mml;

/// <summary>The ID/Value parameters of one element (<c>ProductionParameter</c> or
/// <c>SegmentParameter</c>; both names are accepted wherever parameters may stand). A Value is either
/// <c>&lt;Value&gt;&lt;ValueString&gt;…&lt;/ValueString&gt;&lt;UnitOfMeasure&gt;…&lt;/UnitOfMeasure&gt;&lt;/Value&gt;</c>
/// as in B2MML or plain text <c>&lt;Value&gt;…&lt;/Value&gt;</c>. Parameters we do not know are ignored:
/// MES documents carry many of their own.</summary>
internal sealed class B2mmlParameters
{
    private readonly B2mmlReader _reader;
    private readonly Dictionary<string, XElement> _byId = new(StringComparer.Ordinal);

    public B2mmlParameters(B2mmlReader reader, params XElement?[] owners)
    {
        _reader = reader;
        foreach (var owner in owners)
        {
            if (owner is null) continue;
            foreach (var p in B2mmlReader.Children(owner, "ProductionParameter", "SegmentParameter"))
            {
                var id = reader.RequiredText(p, "ID");
                // The first owner wins (the request before its first segment), but one owner must not say it twice.
                if (_byId.TryGetValue(id, out var earlier))
                {
                    if (earlier.Parent == p.Parent) throw reader.Error(p, $"parameter '{id}' is given twice");
                    continue;
                }
                _byId[id] = p;
            }
        }
    }

    public string? Text(string id) => _byId.TryGetValue(id, out var p) ? Value(p).Text : null;

    public string RequiredText(string id, XElement owner) =>
        Text(id) ?? throw _reader.Error(owner, $"needs a parameter with ID '{id}'");

    public double? Number(string id, UnitKind kind)
    {
        if (!_byId.TryGetValue(id, out var p)) return null;
        var (text, unit, valueElement) = Value(p);
        return kind.Convert(_reader, valueElement, _reader.Number(valueElement, text), unit);
    }

    public double RequiredNumber(string id, UnitKind kind, XElement owner) =>
        Number(id, kind) ?? throw _reader.Error(owner, $"needs a parameter with ID '{id}'");

    private (string Text, string? Unit, XElement Element) Value(XElement parameter)
    {
        var value = _reader.Required(parameter, "Value");
        if (B2mmlReader.Child(value, "ValueString") is { } valueString)
            return (_reader.Text(valueString), _reader.OptionalText(value, "UnitOfMeasure"), valueString);
        if (value.HasElements) throw _reader.Error(value, "needs a <ValueString> element");
        return (_reader.Text(value), _reader.OptionalText(parameter, "UnitOfMeasure"), value);
    }

    /// <summary>A parameter as we write it: B2MML's ValueString/DataType/UnitOfMeasure.</summary>
    public static XElement Write(string elementName, string id, string value, string dataType, string unit)
    {
        var v = new XElement(B2mmlNames.N("Value"),
            new XElement(B2mmlNames.N("ValueString"), value),
            new XElement(B2mmlNames.N("DataType"), dataType));
        if (unit.Length > 0) v.Add(new XElement(B2mmlNames.N("UnitOfMeasure"), unit));
        return new XElement(B2mmlNames.N(elementName), new XElement(B2mmlNames.N("ID"), id), v);
    }
}
