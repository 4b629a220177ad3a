using System.Text;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Kpis;
using static ForgeScheduler.Formats.Markup;

namespace ForgeScheduler.Formats;

/// <summary>gantt.html: one self-contained page (inline SVG, CSS and a little JS, nothing fetched) with a
/// lane per resource, a bar per operation, hot charges and hot transfers marked, heat-treatment
/// batches outlined, downtime hatched, late orders outlined in red, the hourly energy and CO2 profile
/// and the KPI table; with a baseline, a toggle switches the charts between the two schedules.</summary>
public static class GanttHtml
{
    public static string Render(Plant plant, OrderBook orders, Schedule schedule, KpiReport kpis,
        Schedule? baseline = null, KpiReport? baselineKpis = null)
    {
        var schedules = baseline is null ? new[] { schedule } : [schedule, baseline];
        var window = GanttWindow.For(plant, orders, schedules);
        var main = GanttData.Create(plant, orders, schedule, window, "method");
        var other = baseline is null ? null : GanttData.Create(plant, orders, baseline, window, "baseline");

        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        sb.Append($"<title>{E($"{plant.Id} — {Label(schedule)} schedule")}</title>");
        sb.Append("<style>").Append(Css).Append("</style></head>\n<body>");
        sb.Append($"<header><h1>{E($"Plant {plant.Id}: {Label(schedule)} schedule")}</h1>");
        sb.Append($"<p>{E($"Plan start {window.LocalText(orders.PlanStart)} · {orders.Orders.Count} orders · {schedule.Operations.Count} operations · times in plant local time ({plant.TimeZone})")}</p>");
        sb.Append("</header>\n");
        if (other is not null)
        {
            sb.Append("<nav class=\"toggle\">")
              .Append($"<button type=\"button\" data-show=\"method\" class=\"active\">{E(Label(schedule))}</button>")
              .Append($"<button type=\"button\" data-show=\"baseline\">{E(Label(baseline!))}</button></nav>\n");
        }
        AppendSection(sb, main);
        if (other is not null) AppendSection(sb, other);
        AppendKpis(sb, Label(schedule), kpis, baseline is null ? null : Label(baseline), baselineKpis);
        sb.Append(Legend);
        sb.Append("<script>").Append(Script).Append("</script>\n</body></html>\n");
        return sb.ToString();
    }

    public static void Write(string path, Plant plant, OrderBook orders, Schedule schedule, KpiReport kpis,
        Schedule? baseline = null, KpiReport? baselineKpis = null)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        File.WriteAllText(path, Render(plant, orders, schedule, kpis, baseline, baselineKpis));
    }

    /// <summary>The method, and for the baseline the dispatch rule that won (baseline v2).</summary>
    public static string Label(Schedule schedule) => schedule.Rule is null ? schedule.Method : $"{schedule.Method} ({schedule.Rule})";

    private static void AppendSection(StringBuilder sb, GanttData d)
    {
        sb.Append($"<section class=\"schedule\" data-role=\"{d.Role}\" data-method=\"{E(d.Schedule.Method)}\">");
        sb.Append($"<h2>{E($"{Label(d.Schedule)}: {d.Schedule.Operations.Count} operations")}</h2>");
        if (d.LateHours.Count > 0)
        {
            var late = string.Join(", ", d.LateHours.OrderByDescending(l => l.Value).Select(l => $"{l.Key} ({l.Value:0.#} h)"));
            sb.Append($"<p class=\"late-list\">{E($"Late orders: {late}")}</p>");
        }
        else sb.Append("<p class=\"on-time\">All orders on time.</p>");
        sb.Append("<div class=\"scroll\">");
        GanttChart.Append(sb, d);
        GanttEnergyChart.Append(sb, d);
        sb.Append("</div></section>\n");
    }

    private static void AppendKpis(StringBuilder sb, string method, KpiReport kpis, string? baselineMethod, KpiReport? baselineKpis)
    {
        sb.Append("<section class=\"kpis\"><h2>KPIs</h2><table class=\"kpis\"><thead><tr><th>KPI</th><th>unit</th>");
        if (baselineKpis is not null) sb.Append($"<th>{E(baselineMethod ?? "baseline")}</th>");
        sb.Append($"<th>{E(method)}</th>");
        if (baselineKpis is not null) sb.Append($"<th>{E($"{method} ÷ {baselineMethod ?? "baseline"}")}</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var row in KpiTable.Rows(baselineKpis ?? kpis, kpis))
        {
            sb.Append($"<tr data-kpi=\"{row.Key}\"><td>{E(row.Label)}</td><td>{E(row.Unit)}</td>");
            if (baselineKpis is not null) sb.Append($"<td class=\"num\">{E(KpiTable.FormatValue(row, row.Baseline))}</td>");
            sb.Append($"<td class=\"num\">{E(KpiTable.FormatValue(row, row.Method))}</td>");
            if (baselineKpis is not null) sb.Append($"<td class=\"num\">{E(KpiTable.FormatRatio(row.Ratio))}</td>");
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table></section>\n");
    }

    private const string Legend = """
        <footer class="legend">
        <svg width="14" height="12"><rect width="14" height="10" y="1" rx="2" fill="hsl(0,55%,62%)" stroke="#e8590c" stroke-width="2"/></svg> hot charge / hot transfer (flame)
        <svg width="14" height="12"><rect width="14" height="10" y="1" rx="2" fill="hsl(137,55%,62%)" stroke="#c00" stroke-width="1.5" stroke-dasharray="3 2"/></svg> late order
        <svg width="14" height="12"><rect width="14" height="12" fill="none" stroke="#444" stroke-dasharray="4 2"/></svg> heat-treatment charge
        <svg width="14" height="12"><rect width="14" height="12" fill="#bbb"/><line x1="0" y1="12" x2="12" y2="0" stroke="#777" stroke-width="3"/></svg> downtime
        <svg width="14" height="12"><rect width="14" height="12" fill="#5b8bd0"/></svg> gas
        <svg width="14" height="12"><rect width="14" height="12" fill="#69b869"/></svg> electric
        <svg width="14" height="12"><rect width="14" height="12" fill="#777"/></svg> CO2
        · Colour = order; hover a bar for details and to pick out the whole order.
        </footer>

        """;

    private const string Css = """
        body{font:13px system-ui,sans-serif;margin:16px;color:#222}
        h1{font-size:18px;margin:0 0 4px}h2{font-size:15px;margin:14px 0 4px}
        .scroll{overflow-x:auto}
        .toggle button{font:inherit;padding:4px 12px;margin-right:4px;border:1px solid #888;background:#f4f4f4;cursor:pointer}
        .toggle button.active{background:#333;color:#fff}
        .lane-bg{fill:#fff}.lane-bg.odd{fill:#f7f7f9}
        .lane-label{font-size:12px;font-weight:600}.lane-kind{font-weight:400;fill:#777;font-size:10px}
        .tick{stroke:#ddd}.tick.midnight{stroke:#999}.tick-label{font-size:10px;fill:#555}.tick-date{font-size:11px;font-weight:600;fill:#333}
        rect.op{stroke:#333;stroke-width:.5}
        rect.op.hot-charge,rect.op.hot-transfer{stroke:#e8590c;stroke-width:2}
        rect.op.late{stroke:#c00;stroke-width:1.5;stroke-dasharray:3 2}
        rect.op.dim{opacity:.25}
        rect.batch{fill:none;stroke:#444;stroke-dasharray:4 2}
        .flame{fill:#e8590c;pointer-events:none}
        .energy-gas{fill:#5b8bd0}.energy-electric{fill:#69b869}.co2{fill:#777}
        .baseline-rule{stroke:#999}.chart-label{font-size:11px;fill:#555}
        .late-list{color:#c00}.on-time{color:#2b8a3e}
        table.kpis{border-collapse:collapse}table.kpis td,table.kpis th{border:1px solid #ccc;padding:3px 8px}
        td.num{text-align:right;font-variant-numeric:tabular-nums}
        .legend{margin-top:12px;color:#555}.legend svg{vertical-align:middle;margin-left:8px}
        """;

    // Toggle between the schedules; hovering a bar picks out every operation of its order. The body
    // gets data-ready = number of visible operations, so a headless browser can tell the script ran.
    private const string Script = """
        (function () {
          var sections = document.querySelectorAll('section.schedule');
          var buttons = document.querySelectorAll('nav.toggle button[data-show]');
          function show(role) {
            sections.forEach(function (s) { s.hidden = s.getAttribute('data-role') !== role; });
            buttons.forEach(function (b) { b.classList.toggle('active', b.getAttribute('data-show') === role); });
          }
          buttons.forEach(function (b) { b.addEventListener('click', function () { show(b.getAttribute('data-show')); }); });
          var ops = document.querySelectorAll('rect.op');
          ops.forEach(function (r) {
            r.addEventListener('mouseenter', function () {
              var order = r.getAttribute('data-order');
              ops.forEach(function (x) { x.classList.toggle('dim', x.getAttribute('data-order') !== order); });
            });
            r.addEventListener('mouseleave', function () { ops.forEach(function (x) { x.classList.remove('dim'); }); });
          });
          show('method');
          document.body.setAttribute('data-ready', String(document.querySelectorAll('section.schedule:not([hidden]) rect.op').length));
        })();
        """;
}
