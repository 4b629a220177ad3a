using System.Xml.Linq;

namespace ForgeScheduler.Mes.B2mml;

/// <summary>A quantity kind with the unit we store and the units a MES may send, each with its
/// conversion to ours. An absent UnitOfMeasure means our unit; any unit not listed is an error, never
/// a guess (a mass in pounds read as tonnes would wreck a schedule quietly).</summary>
internal sealed record UnitKind(string Name, string Unit, IReadOnlyDictionary<string, Func<double, double>> Accepted)
{
    public static readonly UnitKind Mass = new("mass", "t", new Dictionary<string, Func<double, double>>
    {
        ["t"] = v => v, ["tonne"] = v => v, ["kg"] = v => v / 1000.0,
    });

    public static readonly UnitKind Length = new("length", "m", new Dictionary<string, Func<double, double>>
    {
        ["m"] = v => v, ["mm"] = v => v / 1000.0, ["cm"] = v => v / 100.0,
    });

    public static readonly UnitKind Temperature = new("temperature", "C", new Dictionary<string, Func<double, double>>
    {
        ["C"] = v => v, ["°C"] = v => v, ["degC"] = v => v, ["Cel"] = v => v, ["K"] = v => v - 273.15,
    });

    public static readonly UnitKind Minutes = new("duration", "min", new Dictionary<string, Func<double, double>>
    {
        ["min"] = v => v, ["h"] = v => v * 60.0, ["s"] = v => v / 60.0,
    });

    public static readonly UnitKind Hours = new("duration", "h", new Dictionary<string, Func<double, double>>
    {
        ["h"] = v => v, ["min"] = v => v / 60.0,
    });

    public static readonly UnitKind Force = new("force", "MN", new Dictionary<string, Func<double, double>>
    {
        ["MN"] = v => v, ["kN"] = v => v / 1000.0,
    });

    public static readonly UnitKind Ratio = new("number", "", new Dictionary<string, Func<double, double>>
    {
        [""] = v => v,
    });

    public double Convert(B2mmlReader reader, XElement where, double value, string? unit)
    {
        var u = unit?.Trim() ?? "";
        if (u.Length == 0) return value;
        if (Accepted.TryGetValue(u, out var convert)) return convert(value);
        var listed = string.Join(", ", Accepted.Keys.Where(k => k.Length > 0).Select(k => $"'{k}'"));
        throw reader.Error(where, listed.Length == 0
            ? $"unit '{u}' given for a plain number; leave UnitOfMeasure empty"
            : $"unknown unit '{u}' for a {Name}; use one of {listed}");
    }
}
