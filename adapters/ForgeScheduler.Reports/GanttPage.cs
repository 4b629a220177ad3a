using System.Globalization;
using System.Xml.Linq;
using ForgeScheduler.Formats;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Kpis;
using ForgeScheduler.Solver.Optimisation;
using static ForgeScheduler.Reports.Html;

namespace ForgeScheduler.Reports;

/// <summary>A Gantt page: gantt.html of <c>forge schedule</c> and <c>forge reschedule</c>, the charts of
/// whatif.html and the planner's live page all come from here. The first schedule is shown; with more,
/// buttons switch between them (the baseline, the previous version). Self-contained: inline SVG, CSS
/// and a little JS, nothing fetched.</summary>
public sealed record GanttPage
{
    public required Plant Plant { get; init; }
    public required OrderBook Orders { get; init; }
    public required string Title { get; init; }
    public required IReadOnlyList<GanttSchedule> Schedules { get; init; }
    public required KpiReport Kpis { get; init; }
    public KpiReport? BaselineKpis { get; init; }
    public string? BaselineLabel { get; init; }
    public EnergyLimit? Limit { get; init; }
    /// <summary>The CO2 and energy difference against the baseline split by lever (docs/kpis.md).</summary>
    public LeverSavings? Levers { get; init; }
    /// <summary>Id of the content element (several pages' content on one page need different ids).</summary>
    public string ContentId { get; init; } = "content";

    /// <summary>The method, and for the baseline the dispatch rule that won (baseline v2).</summary>
    public static string Label(Schedule schedule) => schedule.Rule is null ? schedule.Method : $"{schedule.Method} ({schedule.Rule})";

    public string Render() => Document(H("html", A("lang", "en"),
        H("head", H("meta", A("charset", "utf-8")), H("meta", A("name", "viewport"), A("content", "width=device-width, initial-scale=1")),
            H("title", Title), RawText("style", "@@STYLE@@")),
        H("body", Content(), RawText("script", "@@SCRIPT@@"))), ("@@STYLE@@", Css), ("@@SCRIPT@@", Script));

    public void Write(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        File.WriteAllText(path, Render());
    }

    /// <summary>Everything inside the body but the script: what the live page swaps on a new version.</summary>
    public XElement Content()
    {
        var axis = TimeAxis.For(Plant, Orders, Schedules.SelectMany(s => s.Previous is null ? [s.Schedule] : new[] { s.Schedule, s.Previous }),
            Schedules.Select(s => s.Now).FirstOrDefault(n => n is not null));
        var colours = new OrderColours(Orders.Orders.Select(o => o.Id));
        var data = Schedules.Select(s => GanttData.Create(Plant, Orders, s, axis, colours)).ToList();
        var main = Schedules[0].Schedule;
        var content = H("div", A("id", ContentId), Cls("gantt-page"), A("data-plant", Plant.Id),
            H("header",
                H("h1", Title),
                H("p", Cls("sub"), string.Create(CultureInfo.InvariantCulture,
                    $"Plan start {axis.LocalText(Orders.PlanStart)} · {Orders.Orders.Count:N0} orders · {main.Operations.Count:N0} operations · times in plant local time ({Plant.TimeZone}, UTC{axis.OffsetText(Orders.PlanStart)})"))),
            Legend(colours),
            H("nav", Cls("controls"),
                data.Count > 1 ? H("span", Cls("toggle"), data.Select((d, i) => H("button", A("type", "button"), A("data-show", d.Role), Cls(i == 0 ? "active" : null), d.Input.Label))) : null,
                H("span", Cls("zoom"), "zoom ", new[] { 1, 2, 4, 8 }.Select(z => H("button", A("type", "button"), A("data-zoom", z.ToString(CultureInfo.InvariantCulture)), Cls(z == 1 ? "active" : null), $"{z}×")))),
            data.Select(Section),
            KpiSection(),
            Levers is null ? null : LeverSection(Levers));
        return content;
    }

    private static XElement Legend(OrderColours colours) =>
        H("section", Cls("legend"),
            H("div", Cls("symbols"),
                Swatch("op hot-charge", "hsl(0,55%,62%)", " hot charge / hot transfer"),
                Swatch("op late", "hsl(137,55%,62%)", " late order"),
                Swatch("op violation", "#fcc", " breaks a rule (rule id beside it)"),
                Swatch("batch", "none", " heat-treatment charge"),
                Swatch("downtime", "#bbb", " downtime"),
                Swatch("mark-frozen", "#1c4f9c", " frozen"),
                Swatch("ghost", "none", " where a moved / reassigned operation was"),
                Swatch("now", "#d00", " now"),
                Swatch("energy-gas", "#5b8bd0", " gas"),
                Swatch("energy-electric", "#69b869", " electric"),
                Swatch("pv", "#f7e27a", " PV surplus"),
                Swatch("tariff", "#b07000", " tariff"),
                Swatch("grid-factor", "#333", " grid CO2 factor"),
                Swatch("co2", "#999", " CO2")),
            H("div", Cls("orders"), H("span", Cls("legend-title"), "Orders: "),
                colours.Orders.Select(o => H("span", Cls("order-key"), A("data-order", o),
                    H("i", A("style", $"background:{colours.Of(o)}"), ""), o))));

    private static XElement Swatch(string cls, string fill, string label) =>
        H("span", Cls("key"), H("i", Cls("sw sw-" + cls.Replace(' ', '-')), A("style", $"background:{fill}"), ""), label);

    private static XElement Section(GanttData d, int index)
    {
        var late = d.LateHours.OrderByDescending(l => l.Value).Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Key} ({l.Value:0.#} h)")).ToList();
        return H("section", Cls("schedule"), A("data-role", d.Role), A("data-method", d.Schedule.Method), index == 0 ? null : A("hidden", "hidden"),
            H("h2", string.Create(CultureInfo.InvariantCulture, $"{d.Input.Label}: {d.Schedule.Operations.Count:N0} operations")),
            late.Count > 0 ? H("p", Cls("late-list"), "Late orders: " + string.Join(", ", late)) : H("p", Cls("on-time"), "Late orders: none — all orders on time."),
            d.Violations.Count == 0 ? H("p", Cls("valid"), "Valid: passes every validator rule.")
                : H("div", Cls("violations"), H("p", $"Breaks {d.Violations.Count:N0} rule(s):"),
                    H("ul", d.Violations.Select(v => H("li", H("b", v.Rule), " " + v.Message + (v.Order is null ? "" : $" (order {v.Order}{(v.Step is null ? "" : $" step {v.Step}")})"))))),
            d.Diff is null ? null : DiffPanel(d),
            H("div", Cls("chart"), GanttSvg.Build(d)));
    }

    /// <summary>What changed against the previous version: the solver's ScheduleDiff, one row per change.</summary>
    private static XElement DiffPanel(GanttData d)
    {
        var diff = d.Diff!;
        var ax = d.Axis;
        string T(DateTimeOffset? t) => t is { } v ? ax.LocalText(v) : "—";
        return H("details", Cls("diff"), A("open", "open"),
            H("summary", string.Create(CultureInfo.InvariantCulture,
                $"Changes: {diff.Changed} changed ({diff.Moved} moved, {diff.Reassigned} reassigned), {diff.Added} added, {diff.Removed} removed, {diff.Interrupted} interrupted, {diff.Unchanged} unchanged")),
            diff.Changes.Count == 0 ? null : H("table", Cls("diff"),
                H("thead", H("tr", H("th", "order"), H("th", "step"), H("th", "change"), H("th", "resource"), H("th", "start"), H("th", "shift"))),
                H("tbody", diff.Changes.OrderBy(c => c.NewStart ?? c.OldStart).Select(c => H("tr",
                    H("td", c.Order), H("td", Cls("num"), c.Step.ToString(CultureInfo.InvariantCulture)),
                    H("td", string.Join(", ", new[] { c.Moved ? "moved" : null, c.Reassigned ? "reassigned" : null, c.Added ? "added" : null, c.Removed ? "removed" : null, c.Interrupted ? "interrupted" : null }.Where(x => x is not null))),
                    H("td", c.OldResource == c.NewResource ? c.NewResource ?? "" : $"{c.OldResource ?? "—"} → {c.NewResource ?? "—"}"),
                    H("td", $"{T(c.OldStart)} → {T(c.NewStart)}"),
                    H("td", Cls("num"), c.Moved ? string.Create(CultureInfo.InvariantCulture, $"{c.ShiftMinutes:+#,0;-#,0} min") : ""))))));
    }

    private XElement KpiSection()
    {
        var method = Label(Schedules[0].Schedule);
        var baseline = BaselineLabel ?? "baseline";
        var hasBase = BaselineKpis is not null;
        return H("section", Cls("kpis"), H("h2", "KPIs"),
            H("table", Cls("kpis"),
                H("thead", H("tr", H("th", "KPI"), H("th", "unit"),
                    hasBase ? H("th", baseline) : null, H("th", method),
                    hasBase ? H("th", $"{method} ÷ {baseline}") : null,
                    Limit is null ? null : H("th", "limit"))),
                H("tbody", KpiTable.Rows(BaselineKpis ?? Kpis, Kpis).Select(row => H("tr", A("data-kpi", row.Key),
                    H("td", row.Label), H("td", row.Unit),
                    hasBase ? H("td", Cls("num"), KpiTable.FormatValue(row, row.Baseline)) : null,
                    H("td", Cls("num"), KpiTable.FormatValue(row, row.Method)),
                    hasBase ? H("td", Cls("num"), KpiTable.FormatRatio(row.Ratio)) : null,
                    Limit is null ? null : H("td", Cls("num"), LimitOf(row) is { } l ? KpiTable.FormatValue(row, l) : "—"))))),
            Limit is null ? null : H("p", Cls("note"), "limit: what no schedule can beat (every piece as hot as it can be, unavoidable furnace hours, best furnace and hour, the PV surplus); docs/kpis.md."));
    }

    private double? LimitOf(KpiRow row) => Limit is null ? null : row.Key switch
    {
        "tonnes" => Limit.Tonnes,
        "energy_kwh" => Limit.EnergyKwh,
        "energy_kwh_per_t" => Limit.EnergyKwhPerT,
        "co2_kg" => Limit.Co2Kg,
        "co2_kg_per_t" => Limit.Co2KgPerT,
        _ => null,
    };

    private XElement LeverSection(LeverSavings levers) =>
        H("section", Cls("levers"), H("h2", $"Why this plan is better: savings against {BaselineLabel ?? "the baseline"} by lever"),
            H("table", Cls("levers"),
                H("thead", H("tr", H("th", "lever"), H("th", "CO2 saved kg"), H("th", "energy saved kWh"))),
                H("tbody", levers.Levers.Select(l => H("tr", A("data-lever", l.Key), H("td", l.Label),
                    H("td", Cls("num" + (Math.Round(l.Co2SavedKg) < 0 ? " worse" : "")), Whole(l.Co2SavedKg)),
                    H("td", Cls("num" + (Math.Round(l.EnergySavedKwh) < 0 ? " worse" : "")), Whole(l.EnergySavedKwh))))),
                H("tfoot", H("tr", A("data-lever", "total"), H("th", "total"), H("th", Cls("num"), Whole(levers.Co2SavedKg)), H("th", Cls("num"), Whole(levers.EnergySavedKwh))))),
            H("p", Cls("note"), "Each lever re-costs one difference between the two schedules at a time; the levers add up to the total (docs/kpis.md). Negative: the plan spends more on that lever."));

    /// <summary>Whole units with separators; a value that rounds to zero prints "0", not "-0".</summary>
    private static string Whole(double v) => N0(Math.Round(v) == 0 ? 0 : v);

    public const string Css = """
        body{font:13px system-ui,sans-serif;margin:12px 16px;color:#222}
        h1{font-size:18px;margin:0 0 4px}h2{font-size:15px;margin:12px 0 4px}
        .sub{margin:0 0 6px;color:#444}
        .legend{border:1px solid #ddd;border-radius:4px;padding:4px 8px;margin:6px 0;font-size:12px;color:#333}
        .legend .symbols,.legend .orders{display:flex;flex-wrap:wrap;gap:2px 10px;align-items:center}
        .legend .orders{margin-top:4px}.legend-title{font-weight:600}
        .legend i{display:inline-block;width:14px;height:10px;vertical-align:middle;border:1px solid #555;margin-right:3px}
        .key{white-space:nowrap}.order-key{cursor:pointer;white-space:nowrap}.order-key.active{font-weight:700;text-decoration:underline}
        .sw-batch,.sw-ghost{border-style:dashed!important}.sw-op-hot-charge{border-color:#e8590c!important;border-width:2px!important}
        .sw-op-late{border:1.5px dashed #c00!important}.sw-op-violation{border:2px solid #d00!important}
        .sw-downtime{background:repeating-linear-gradient(45deg,#eee 0 3px,#999 3px 5px)!important}
        .sw-now{width:3px!important;border:0!important}.sw-mark-frozen{height:4px!important;border:0!important}
        .sw-tariff,.sw-grid-factor{height:2px!important;border:0!important}
        .controls{margin:6px 0}.controls button{font:inherit;padding:2px 10px;margin-right:3px;border:1px solid #888;background:#f4f4f4;cursor:pointer}
        .controls button.active{background:#333;color:#fff}.zoom{margin-left:16px}
        .chart{overflow-x:auto;max-width:100%}
        svg.gantt{display:block;width:100%;height:auto}
        .lane-bg{fill:#fff}.lane-bg.odd{fill:#f6f6f8}
        .lane-label{font-size:11px;font-weight:600}.lane-label.violation{fill:#d00}.lane-kind{font-weight:400;fill:#777;font-size:9px}
        .tick{stroke:#e2e2e2}.tick.midnight{stroke:#999}.tick-label{font-size:10px;fill:#555}.tick-date{font-size:11px;font-weight:600;fill:#333}
        .tick-zone{font-size:10px;fill:#555}.lanes-end{stroke:#bbb}
        rect.op{stroke:#333;stroke-width:.5}
        rect.op.hot-charge,rect.op.hot-transfer{stroke:#e8590c;stroke-width:2}
        rect.op.late{stroke:#c00;stroke-width:1.5;stroke-dasharray:3 2}
        rect.op.violation{stroke:#d00;stroke-width:2.5;stroke-dasharray:none}
        rect.op.moved,rect.op.reassigned{stroke:#000;stroke-width:1.5}
        rect.op.interrupted{opacity:.55}
        .dim rect.op:not(.pick),.dim text.bar-label:not(.pick){opacity:.2}
        rect.batch{fill:none;stroke:#444;stroke-dasharray:4 2}
        rect.ghost{fill:none;stroke:#000;stroke-width:1;stroke-dasharray:2 2}
        .mark-frozen{fill:#1c4f9c;pointer-events:none}
        .bar-label{font-size:9px;pointer-events:none}
        .rule-id{font-size:9px;fill:#d00;font-weight:700}
        .flame{fill:#e8590c;pointer-events:none}
        .now line{stroke:#d00;stroke-width:1.5}.now text{fill:#d00;font-size:10px;font-weight:600}
        .energy-gas{fill:#5b8bd0}.energy-electric{fill:#69b869}.co2{fill:#999}.pv{fill:#f7e27a;opacity:.7}
        .tariff{fill:none;stroke:#b07000;stroke-width:1.2;stroke-dasharray:4 2}.grid-factor{fill:none;stroke:#333;stroke-width:1.2}
        .baseline-rule{stroke:#999}.chart-label{font-size:10px;fill:#555}
        .late-list,.violations{color:#c00}.violations ul{margin:2px 0}.on-time,.valid{color:#2b8a3e;margin:2px 0}
        table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px}
        td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}td.worse{color:#c00}
        .note{color:#666;font-size:12px}
        details.diff{margin:4px 0}details.diff table{font-size:12px}
        """;

    // Toggle between schedules, zoom, and pick out an order (hover a bar or click its key). Delegated
    // from the document, so content the live page swaps in works without re-binding. The body gets
    // data-ready = number of visible operations, so a headless browser can tell the script ran.
    public const string Script = """
        (function () {
          function show(role) {
            document.querySelectorAll('section.schedule').forEach(function (s) { s.hidden = s.getAttribute('data-role') !== role; });
            document.querySelectorAll('button[data-show]').forEach(function (b) { b.classList.toggle('active', b.getAttribute('data-show') === role); });
            ready();
          }
          function zoom(z) {
            document.querySelectorAll('svg.gantt').forEach(function (s) { s.style.width = (100 * z) + '%'; });
            document.querySelectorAll('button[data-zoom]').forEach(function (b) { b.classList.toggle('active', b.getAttribute('data-zoom') === String(z)); });
          }
          function pick(order) {
            document.querySelectorAll('svg.gantt').forEach(function (s) { s.classList.toggle('dim', !!order); });
            document.querySelectorAll('[data-order]').forEach(function (x) { x.classList.toggle('pick', !!order && x.getAttribute('data-order') === order); });
            document.querySelectorAll('.order-key').forEach(function (x) { x.classList.toggle('active', !!order && x.getAttribute('data-order') === order); });
          }
          function ready() {
            document.body.setAttribute('data-ready', String(document.querySelectorAll('section.schedule:not([hidden]) rect.op').length));
          }
          var picked = null;
          document.addEventListener('click', function (e) {
            var b = e.target.closest('button[data-show]'); if (b) { show(b.getAttribute('data-show')); return; }
            var z = e.target.closest('button[data-zoom]'); if (z) { zoom(Number(z.getAttribute('data-zoom'))); return; }
            var k = e.target.closest('.order-key'); if (k) { var o = k.getAttribute('data-order'); picked = picked === o ? null : o; pick(picked); }
          });
          document.addEventListener('mouseover', function (e) { var r = e.target.closest && e.target.closest('rect.op'); if (r && !picked) pick(r.getAttribute('data-order')); });
          document.addEventListener('mouseout', function (e) { var r = e.target.closest && e.target.closest('rect.op'); if (r && !picked) pick(null); });
          window.forgeGantt = { ready: ready, zoom: zoom };
          ready();
        })();
        """;
}
