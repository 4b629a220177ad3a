using System.Globalization;
using System.Xml.Linq;
using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Formats;
using ForgeScheduler.Reports;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Store;
using Microsoft.AspNetCore.Http.HttpResults;
using static ForgeScheduler.Reports.Html;

namespace ForgeScheduler.Api;

/// <summary><c>GET /</c>: the planner's page, rendered on the server by the same Gantt renderer as
/// gantt.html (adapters/ForgeScheduler.Reports): the current version's Gantt with what changed since
/// the previous one, the KPI table against the best dispatch rule with the limit, savings by lever,
/// late orders and the version history in plant local time. A small script polls the schedule's ETag
/// (<c>?poll=</c> milliseconds, default 5000) and, on a new version, swaps in <c>GET /?part=live</c>
/// without reloading the page.</summary>
public static class PlannerPage
{
    public const int DefaultPollMs = 5000;

    public static IEndpointRouteBuilder MapPlannerPage(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/", Page).WithName("PlannerPage").ExcludeFromDescription();
        return routes;
    }

    public static async Task<ContentHttpResult> Page(string? plant, string? part, int? poll, IPlantStore store, IGrainFactory grains, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var ids = (await store.ListPlantsAsync(cancellationToken)).Select(p => p.PlantId).OrderBy(p => p, StringComparer.Ordinal).ToList();
        var chosen = plant is not null && ids.Contains(plant) ? plant : ids.FirstOrDefault();
        var live = chosen is null
            ? H("div", A("id", "live"), A("data-etag", ""), H("p", Cls("empty"), "No plant yet: PUT /api/v1/plants/{id} (docs/api.md)."))
            : await LiveAsync(chosen, grains, clock);
        if (part == "live") return TypedResults.Content(live.ToString(SaveOptions.DisableFormatting), "text/html; charset=utf-8");

        var pollMs = poll is > 0 ? poll.Value : DefaultPollMs;
        var html = H("html", A("lang", "en"),
            H("head", H("meta", A("charset", "utf-8")), H("meta", A("name", "viewport"), A("content", "width=device-width, initial-scale=1")),
                H("title", chosen is null ? "Forge planner" : $"Forge planner — {chosen}"), RawText("style", "@@STYLE@@")),
            H("body", A("data-plant", chosen ?? ""), A("data-poll", pollMs.ToString(CultureInfo.InvariantCulture)), A("data-poll-starts", "0"), A("data-polls", "0"),
                H("div", Cls("live-bar"),
                    H("b", "Forge planner"), " plant ",
                    H("select", A("id", "plant"), ids.Select(id => H("option", id == chosen ? A("selected", "selected") : null, id))),
                    " ", H("span", A("id", "status"), Cls("muted"), "")),
                live,
                RawText("script", "@@SCRIPT@@")));
        return TypedResults.Content(Document(html, ("@@STYLE@@", GanttPage.Css + LiveCss), ("@@SCRIPT@@", GanttPage.Script + LiveScript)),
            "text/html; charset=utf-8");
    }

    private static async Task<XElement> LiveAsync(string plantId, IGrainFactory grains, TimeProvider clock)
    {
        // Everything from the plant grain, the system of record: the version in force, the one before, the history.
        var grain = grains.Grain(plantId);
        var stored = await grain.GetSchedule();
        var plant = stored is null ? null : await grains.PlantAsync(plantId);
        // Every published version carries the solver worker's report (planned KPIs, the best rule, the
        // levers): the page only reads it.
        if (stored?.Report is null || plant is null)
            return H("div", A("id", "live"), A("data-etag", ""), A("data-version", "0"),
                H("p", Cls("empty"), $"Plant {plantId} has no schedule yet: POST /api/v1/plants/{plantId}/reschedule."));
        var version = stored.Version;
        var book = await grains.BookAsync(plantId);
        var schedule = stored.Schedule;
        var kpis = stored.Report;
        var previous = version > 1 ? await grain.GetSchedule(version - 1) : null;
        var previousSchedule = previous?.Schedule;
        var versions = (await grain.GetVersions()).OrderByDescending(v => v.Version).Take(50).ToList();
        var now = clock.GetUtcNow();
        var label = $"version {version} ({schedule.Method})";
        var baselineLabel = kpis.BaselineRule is { } rule ? $"baseline ({rule})" : "baseline";
        var page = new GanttPage
        {
            Plant = plant,
            Orders = book,
            Title = $"Plant {plant.Id}: {label}",
            // The clock is the live page's "now"; what has started by then is marked frozen.
            Schedules = [new GanttSchedule("method", label, schedule) { Previous = previousSchedule, Now = now, FreezeMinutes = 0 }],
            Kpis = kpis.Planned,
            BaselineKpis = kpis.Baseline,
            BaselineLabel = baselineLabel,
            Limit = kpis.Limit,
            // The solver worker's split, against the very book it planned.
            Levers = kpis.Levers,
        };
        string Local(DateTimeOffset t) => TimeAxis.ToPlantTime(plant.TimeZone, t).ToString("dd MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture);
        var offset = TimeAxis.ToPlantTime(plant.TimeZone, now).Offset;
        var zone = $"UTC{(offset < TimeSpan.Zero ? "-" : "+")}{offset:hh\\:mm}";
        return H("div", A("id", "live"), A("data-etag", ApiProblems.ETagOf(version)), A("data-version", version.ToString(CultureInfo.InvariantCulture)),
            H("p", Cls("version"), H("b", label),
                string.Create(CultureInfo.InvariantCulture,
                    $" · published {Local(stored.CreatedAt)} ({zone}) · solver {stored.SolverStatus.Text} in {stored.SolveSeconds:0.0} s · {stored.OrderCount:N0} orders")),
            page.Content(),
            H("section", Cls("history"), H("h2", $"Version history (plant local time, {zone})"),
                H("table", A("id", "history"),
                    H("thead", H("tr", H("th", "version"), H("th", "method"), H("th", "saved"), H("th", "solver"), H("th", "changed"), H("th", "moved"),
                        H("th", "reassigned"), H("th", "added"), H("th", "removed"), H("th", "energy kWh"), H("th", "CO2 kg"), H("th", "late orders"))),
                    H("tbody", versions.Select(v =>
                    {
                        var k = v.Report;
                        string Num(double? x) => x is { } y ? N0(y) : "";
                        return H("tr", A("data-version", v.Version.ToString(CultureInfo.InvariantCulture)),
                            H("td", Cls("num"), v.Version.ToString(CultureInfo.InvariantCulture)), H("td", v.Method), H("td", Local(v.CreatedAt)),
                            H("td", v.SolverStatus.Text), H("td", Cls("num"), Num(v.Diff.Changed)), H("td", Cls("num"), Num(v.Diff.Moved)),
                            H("td", Cls("num"), Num(v.Diff.Reassigned)), H("td", Cls("num"), Num(v.Diff.Added)), H("td", Cls("num"), Num(v.Diff.Removed)),
                            H("td", Cls("num"), Num(k?.Planned.EnergyKwh)), H("td", Cls("num"), Num(k?.Planned.Co2Kg)),
                            H("td", Cls("num" + (k?.Planned.LateOrders > 0 ? " late" : "")), Num(k?.Planned.LateOrders)));
                    })))));
    }

    private const string LiveCss = """
        .live-bar{position:sticky;top:0;background:#fff;padding:4px 0;border-bottom:1px solid #ddd;z-index:1}
        .muted{color:#777}.version{margin:8px 0 0}.empty{color:#777}
        td.late{color:#c00;font-weight:600}
        """;

    // Polls the schedule's ETag; on a new version swaps #live for the server's fresh rendering (no
    // reload, so the chosen zoom and scroll stay). body[data-poll-starts] and body[data-polls] count started and finished
    // polls (one at a time), so a test can tell "within one poll".
    private const string LiveScript = """
        (function () {
          var body = document.body, plant = body.getAttribute('data-plant'), every = Number(body.getAttribute('data-poll')) || 5000;
          var status = document.getElementById('status');
          document.getElementById('plant').addEventListener('change', function (e) { location.search = '?plant=' + encodeURIComponent(e.target.value); });
          function done(text) {
            status.textContent = text;
            body.setAttribute('data-polls', String(Number(body.getAttribute('data-polls')) + 1));
            setTimeout(poll, every);
          }
          async function poll() {
            body.setAttribute('data-poll-starts', String(Number(body.getAttribute('data-poll-starts')) + 1));
            if (!plant) { done('no plant yet'); return; }
            var live = document.getElementById('live'), etag = live.getAttribute('data-etag');
            try {
              var r = await fetch('/api/v1/plants/' + encodeURIComponent(plant) + '/schedule', { headers: etag ? { 'If-None-Match': etag } : {}, cache: 'no-store' });
              if (r.status === 304) { done('up to date ' + new Date().toLocaleTimeString()); return; }
              if (!r.ok) { done('no schedule yet'); return; }
              var fresh = await fetch('/?part=live&plant=' + encodeURIComponent(plant), { cache: 'no-store' });
              var holder = document.createElement('div');
              holder.innerHTML = await fresh.text();
              live.replaceWith(holder.firstElementChild);
              window.forgeGantt.ready();
              done('new version ' + document.getElementById('live').getAttribute('data-version') + ' at ' + new Date().toLocaleTimeString());
            } catch (e) { done('cannot reach the service: ' + e.message); }
          }
          // One poll at a time: the next starts when this one is done.
          setTimeout(poll, every);
        })();
        """;
}
