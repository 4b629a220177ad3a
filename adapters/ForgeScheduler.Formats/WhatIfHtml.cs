using System.Globalization;
using System.Text;
using ForgeScheduler.Solver.WhatIf;
using static ForgeScheduler.Formats.Markup;

namespace ForgeScheduler.Formats;

/// <summary>One row of the what-if comparison: as is, electrified, and the change.</summary>
public sealed record WhatIfRow(string Key, string Label, string Unit, int Decimals, double AsIs, double Electrified)
{
    public double Change => Electrified - AsIs;

    public string Format(double value) =>
        value.ToString("N" + Decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>The change, and as a percentage only where the base is big enough for one to mean
    /// something: from a base under a twentieth of the new value (an electric share of 0.002 going to
    /// 0.07) a percentage reads +3249.8 %, so the absolute change stands alone.</summary>
    public string FormatChange() =>
        (Change > 0 ? "+" : "") + Format(Change) + (PercentMeaningful ? $" ({(Change / AsIs > 0 ? "+" : "")}{(Change / AsIs).ToString("0.0%", CultureInfo.InvariantCulture)})" : "");

    public bool PercentMeaningful => AsIs != 0 && Math.Abs(AsIs) >= 0.05 * Math.Max(Math.Abs(AsIs), Math.Abs(Electrified));
}

/// <summary>whatif.html: one self-contained page (inline SVG and CSS, nothing fetched) with CO2 per tonne
/// of both schedules against a flat grid factor, the break-even and the plant's grid marked, and the
/// comparison table. Also the rows the terminal table prints, so both say the same.</summary>
public static class WhatIfHtml
{
    public static IReadOnlyList<WhatIfRow> Rows(ElectrificationResult r)
    {
        var (a, e) = (r.AsIs.Figures, r.Electrified.Figures);
        return
        [
            new("co2_kg_per_t", "CO2 intensity", "kg/t", 1, a.Co2KgPerT, e.Co2KgPerT),
            new("cost_per_t", "Energy cost", "currency/t", 1, a.CostPerT, e.CostPerT),
            new("energy_kwh_per_t", "Energy intensity", "kWh/t", 1, a.EnergyKwhPerT, e.EnergyKwhPerT),
            new("gas_kwh_per_t", "Gas bought", "kWh/t", 1, a.GasKwhPerT, e.GasKwhPerT),
            new("electric_kwh_per_t", "Electricity", "kWh/t", 1, a.ElectricKwhPerT, e.ElectricKwhPerT),
            new("electric_share", "Electric share", "of furnace energy", 3, a.ElectricShare, e.ElectricShare),
            new("peak_electric_kw", "Electric power peak", "kW", 0, a.PeakElectricKw, e.PeakElectricKw),
            new("weighted_tardiness_h", "Weighted tardiness", "h", 1, r.AsIs.Kpis.WeightedTardinessH, r.Electrified.Kpis.WeightedTardinessH),
        ];
    }

    public static string Render(ElectrificationResult r)
    {
        var plant = r.AsIs.Plant;
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        sb.Append($"<title>{E($"{plant.Id} — {r.ChangeText}: what if")}</title>");
        sb.Append("<style>").Append(Css).Append("</style></head>\n<body>\n");
        sb.Append($"<header><h1>{E($"Plant {plant.Id}: what if — {r.ChangeText}?")}</h1>");
        sb.Append($"<p class=\"verdict\">{E(r.BreakEvenText())}</p>");
        sb.Append($"<p>{E(string.Create(CultureInfo.InvariantCulture, $"At the grid of this study (average {r.StudyGridFactor:0.000} kgCO2/kWh) CO2 goes from {r.AsIs.Figures.Co2KgPerT:0.0} to {r.Electrified.Figures.Co2KgPerT:0.0} kg/t."))}</p>");
        sb.Append($"<p class=\"saving\">{E(r.SavingText())}</p>");
        foreach (var caveat in r.Caveats()) sb.Append($"<p class=\"caveat\">{E(caveat)}</p>");
        sb.Append("</header>\n");
        AppendChart(sb, r);
        AppendTable(sb, r);
        AppendConversions(sb, r);
        AppendNotes(sb, r);
        AppendSweep(sb, r);
        sb.Append("<p class=\"method\">The sweep re-prices the two fixed schedules with a flat grid factor; it does not re-optimise at each factor (docs/whatif.md).</p>\n");
        sb.Append("</body></html>\n");
        return sb.ToString();
    }

    public static void Write(string path, ElectrificationResult result)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        File.WriteAllText(path, Render(result));
    }

    private const double Width = 760, Height = 380, Left = 64, Right = 24, Top = 24, Bottom = 48;

    private static void AppendChart(StringBuilder sb, ElectrificationResult r)
    {
        var sweep = r.Sweep.OrderBy(p => p.GridFactor).ToList();
        if (sweep.Count < 2) return;
        var markers = new List<(double G, string Label, string Css)>
        {
            (r.PlantGridFactor, $"plant grid avg {N3(r.PlantGridFactor)}", "plant-grid"),
        };
        if (Math.Abs(r.StudyGridFactor - r.PlantGridFactor) > 1e-9) markers.Add((r.StudyGridFactor, $"study grid {N3(r.StudyGridFactor)}", "study-grid"));
        if (r.BreakEvenGridFactor is { } be) markers.Add((be, $"break-even {N3(be)}", "break-even"));

        var x0 = Math.Min(sweep[0].GridFactor, markers.Min(m => m.G));
        var x1 = Math.Max(sweep[^1].GridFactor, markers.Max(m => m.G));
        var values = sweep.SelectMany(p => new[] { p.AsIsCo2KgPerT, p.ElectrifiedCo2KgPerT }).ToList();
        var (y0, y1, yStep) = NiceRange(values.Min(), values.Max());
        double X(double g) => Left + (g - x0) / (x1 - x0) * (Width - Left - Right);
        double Y(double v) => Height - Bottom - (v - y0) / (y1 - y0) * (Height - Top - Bottom);

        sb.Append("<section class=\"chart\"><h2>CO2 per tonne against the grid factor</h2>");
        sb.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{N(Width)}\" height=\"{N(Height)}\" viewBox=\"0 0 {N(Width)} {N(Height)}\" role=\"img\" aria-label=\"CO2 per tonne against grid factor\">");
        for (var v = y0; v <= y1 + yStep / 2; v += yStep)
        {
            sb.Append($"<line class=\"grid\" x1=\"{N(Left)}\" x2=\"{N(Width - Right)}\" y1=\"{N(Y(v))}\" y2=\"{N(Y(v))}\"/>");
            sb.Append($"<text class=\"axis\" x=\"{N(Left - 6)}\" y=\"{N(Y(v) + 4)}\" text-anchor=\"end\">{N(v)}</text>");
        }
        for (var i = 0; ; i++)
        {
            var g = Math.Round(Math.Ceiling(x0 / 0.1 - 1e-9) * 0.1 + i * 0.1, 10);
            if (g > x1 + 1e-9) break;
            sb.Append($"<line class=\"grid\" x1=\"{N(X(g))}\" x2=\"{N(X(g))}\" y1=\"{N(Top)}\" y2=\"{N(Height - Bottom)}\"/>");
            sb.Append($"<text class=\"axis\" x=\"{N(X(g))}\" y=\"{N(Height - Bottom + 16)}\" text-anchor=\"middle\">{g.ToString("0.0", CultureInfo.InvariantCulture)}</text>");
        }
        sb.Append($"<text class=\"axis-title\" x=\"{N((Left + Width - Right) / 2)}\" y=\"{N(Height - 10)}\" text-anchor=\"middle\">grid factor (kgCO2/kWh, flat)</text>");
        sb.Append($"<text class=\"axis-title\" transform=\"translate(16 {N((Top + Height - Bottom) / 2)}) rotate(-90)\" text-anchor=\"middle\">kgCO2 per tonne</text>");

        foreach (var m in markers)
            sb.Append($"<line class=\"marker {m.Css}\" x1=\"{N(X(m.G))}\" x2=\"{N(X(m.G))}\" y1=\"{N(Top)}\" y2=\"{N(Height - Bottom)}\"/>");
        // Labels stacked at the top so two close markers do not print over each other.
        foreach (var ((g, label, css), i) in markers.OrderBy(m => m.G).Select((m, i) => (m, i)))
            sb.Append($"<text class=\"marker-label {css}\" x=\"{N(X(g) + 4)}\" y=\"{N(Top + 12 + 13 * i)}\">{E(label)}</text>");

        AppendSeries(sb, sweep, p => p.AsIsCo2KgPerT, "as-is", ElectrificationStudy.AsIsName, X, Y);
        AppendSeries(sb, sweep, p => p.ElectrifiedCo2KgPerT, "electrified", r.ChangeName, X, Y);
        sb.Append("</svg>");
        sb.Append($"<p class=\"legend\"><span class=\"key as-is\"></span> as is <span class=\"key electrified\"></span> {E(r.ChangeName)} " +
                  "<span class=\"key break-even\"></span> break-even <span class=\"key plant-grid\"></span> plant's grid (average)</p>");
        sb.Append("</section>\n");
    }

    private static void AppendSeries(StringBuilder sb, IReadOnlyList<SweepPoint> sweep, Func<SweepPoint, double> value, string css, string name,
        Func<double, double> x, Func<double, double> y)
    {
        var points = string.Join(' ', sweep.Select(p => $"{N(x(p.GridFactor))},{N(y(value(p)))}"));
        sb.Append($"<polyline class=\"series {css}\" points=\"{points}\"/>");
        foreach (var p in sweep)
            sb.Append($"<circle class=\"dot {css}\" cx=\"{N(x(p.GridFactor))}\" cy=\"{N(y(value(p)))}\" r=\"3\"><title>{E($"{name}: {value(p):0.0} kg/t at {p.GridFactor:0.00}")}</title></circle>");
    }

    private static void AppendTable(StringBuilder sb, ElectrificationResult r)
    {
        sb.Append($"<section><h2>{E($"As is and {r.ChangeName}, at the study's grid")}</h2><table class=\"kpis\"><thead><tr><th>KPI</th><th>unit</th>" +
                  $"<th>as is</th><th>{E(r.ChangeName)}</th><th>change</th></tr></thead><tbody>");
        foreach (var row in Rows(r))
            sb.Append($"<tr data-key=\"{row.Key}\"><td>{E(row.Label)}</td><td>{E(row.Unit)}</td><td class=\"num\">{row.Format(row.AsIs)}</td>" +
                      $"<td class=\"num\">{row.Format(row.Electrified)}</td><td class=\"num\">{E(row.FormatChange())}</td></tr>");
        sb.Append("</tbody></table>");
        sb.Append($"<p>{E($"Contracted electric power cap: {N0(r.AsIs.Plant.ElectricPowerCapKw)} kW.")}</p></section>\n");
    }

    private static void AppendConversions(StringBuilder sb, ElectrificationResult r)
    {
        AppendRetrofits(sb, r);
        if (r.Converted.Count == 0) return;
        sb.Append("<section><h2>Furnaces turned electric</h2><table class=\"kpis\"><thead><tr><th>furnace</th><th>capacity t</th>" +
                  "<th>efficiency</th><th>holding kW</th><th>restart kWh</th><th>max power kW</th><th>scaled from</th></tr></thead><tbody>");
        foreach (var c in r.Converted)
        {
            var from = c.Template.IsDefault ? "defaults (no electric furnace in the plant)" : string.Join(", ", c.Template.SourceFurnaces);
            sb.Append($"<tr><td>{E(c.Gas.Id)}</td><td class=\"num\">{N(c.Gas.CapacityTonnes)}</td>" +
                      $"<td class=\"num\">{N(c.Gas.Efficiency)} → {N(c.Electric.Efficiency)}</td>" +
                      $"<td class=\"num\">{N0(c.Gas.HoldingKw)} → {N0(c.Electric.HoldingKw)}</td>" +
                      $"<td class=\"num\">{N0(c.Gas.RestartKwh)} → {N0(c.Electric.RestartKwh)}</td>" +
                      $"<td class=\"num\">{N0(c.Electric.MaxPowerKw)}</td><td>{E(from)}</td></tr>");
        }
        sb.Append("</tbody></table></section>\n");
    }

    private static void AppendRetrofits(StringBuilder sb, ElectrificationResult r)
    {
        if (r.Retrofitted.Count == 0) return;
        sb.Append("<section><h2>Furnaces retrofitted</h2><table class=\"kpis retrofits\"><thead><tr><th>furnace</th><th>carrier</th>" +
                  "<th>efficiency</th><th>holding kW</th><th>restart kWh</th></tr></thead><tbody>");
        foreach (var x in r.Retrofitted)
            sb.Append($"<tr><td>{E(x.Before.Id)}</td><td>{(x.Before.Carrier == ForgeScheduler.Solver.Domain.Carrier.Electric ? "electric" : "gas")}</td>" +
                      $"<td class=\"num\">{N(x.Before.Efficiency)} → {N(x.After.Efficiency)}</td>" +
                      $"<td class=\"num\">{N0(x.Before.HoldingKw)} → {N0(x.After.HoldingKw)}</td>" +
                      $"<td class=\"num\">{N0(x.Before.RestartKwh)} → {N0(x.After.RestartKwh)}</td></tr>");
        sb.Append("</tbody></table></section>\n");
    }

    private static void AppendNotes(StringBuilder sb, ElectrificationResult r)
    {
        var notes = r.AsIs.Notes.Select(n => $"as is: {n}").Concat(r.Electrified.Notes.Select(n => $"{r.ChangeName}: {n}")).ToList();
        if (notes.Count == 0) return;
        sb.Append("<section><h2>Solver notes</h2><ul>");
        foreach (var n in notes) sb.Append($"<li>{E(n)}</li>");
        sb.Append("</ul></section>\n");
    }

    private static void AppendSweep(StringBuilder sb, ElectrificationResult r)
    {
        sb.Append("<details><summary>Sweep points</summary><table class=\"kpis sweep\"><thead><tr><th>grid factor</th><th>as is kg/t</th>" +
                  $"<th>{E(r.ChangeName)} kg/t</th><th>difference kg/t</th></tr></thead><tbody>");
        foreach (var p in r.Sweep)
            sb.Append($"<tr><td class=\"num\">{p.GridFactor.ToString("0.00", CultureInfo.InvariantCulture)}</td><td class=\"num\">{N1(p.AsIsCo2KgPerT)}</td>" +
                      $"<td class=\"num\">{N1(p.ElectrifiedCo2KgPerT)}</td><td class=\"num\">{N1(p.DifferenceKgPerT)}</td></tr>");
        sb.Append("</tbody></table></details>\n");
    }

    /// <summary>Axis range with round ticks (1, 2 or 5 × a power of ten), about five of them.</summary>
    internal static (double Min, double Max, double Step) NiceRange(double min, double max)
    {
        if (max - min < 1e-9) { min -= 1; max += 1; }
        var raw = (max - min) / 5;
        var power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1.0, 2.0, 5.0, 10.0 }.Select(m => m * power).First(s => s >= raw);
        return (Math.Floor(min / step) * step, Math.Ceiling(max / step) * step, step);
    }

    private static string N1(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);

    private static string N3(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);

    private const string Css = """
        body{font:13px system-ui,sans-serif;margin:16px;color:#222;max-width:900px}
        h1{font-size:18px;margin:0 0 4px}h2{font-size:15px;margin:16px 0 6px}
        .verdict{font-size:15px;font-weight:600}
        line.grid{stroke:#e4e4e4}.axis{font-size:11px;fill:#555}.axis-title{font-size:12px;fill:#333}
        polyline.series{fill:none;stroke-width:2.5}
        .as-is{stroke:#5b8bd0}.electrified{stroke:#e8590c}
        circle.dot.as-is{fill:#5b8bd0}circle.dot.electrified{fill:#e8590c}circle.dot{stroke:none}
        line.marker{stroke-width:1.5;stroke-dasharray:5 3}
        line.break-even{stroke:#2b8a3e}line.plant-grid{stroke:#555}line.study-grid{stroke:#9c36b5}
        .marker-label{font-size:11px}.marker-label.break-even{fill:#2b8a3e}.marker-label.plant-grid{fill:#555}.marker-label.study-grid{fill:#9c36b5}
        .legend .key{display:inline-block;width:18px;height:3px;vertical-align:middle;margin-left:10px}
        .key.as-is{background:#5b8bd0}.key.electrified{background:#e8590c}.key.break-even{background:#2b8a3e}.key.plant-grid{background:#555}
        table.kpis{border-collapse:collapse;margin-bottom:8px}table.kpis td,table.kpis th{border:1px solid #ccc;padding:3px 8px}
        td.num{text-align:right;font-variant-numeric:tabular-nums}
        .method{color:#555}.caveat{color:#8a4b00}.saving{font-weight:600}
        """;
}
