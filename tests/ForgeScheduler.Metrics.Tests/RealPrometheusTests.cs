using System.Globalization;
using ForgeScheduler.Metrics.Tests.Support;
using ForgeScheduler.Solver.Optimisation;

namespace ForgeScheduler.Metrics.Tests;

/// <summary>A short plant day fed through <see cref="IForgeTelemetry"/> of a Kestrel app wired like
/// <c>forge serve</c>, scraped every second by a real Prometheus. The calls go in two halves with a
/// scrape between them, so counters rise inside the rate() windows the dashboards use.</summary>
public sealed class PlantDayOnPrometheus : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public PlantDayFeed Feed { get; } = new();
    public TelemetryHost Host { get; private set; } = null!;
    public PrometheusServer Prometheus { get; private set; } = null!;
    public double PostedJoules { get; private set; }

    public string EnergySum => $"sum(forge_actual_energy_joules_total{{plant=\"{Feed.Plant.Id}\"}})";

    public async Task InitializeAsync()
    {
        Host = await TelemetryHost.StartAsync();
        Prometheus = await PrometheusServer.StartAsync(Host.Target);
        await Prometheus.WaitForAsync($"up{{job=\"{PrometheusServer.Job}\"}} == 1", r => r.Count == 1, Patience);

        var t = Host.Telemetry;
        using var http = new HttpClient { BaseAddress = Host.Address };
        var halves = Feed.Calls.Select((c, i) => (c, i)).GroupBy(x => x.i % 2, x => x.c).Select(g => g.ToList()).ToList();

        t.OrdersCounted(Feed.Plant.Id, Feed.Book.Orders.Count);
        t.SchedulePublished(Feed.Plant, 1, Feed.Planned, Feed.Baseline);
        await Post(halves[0], http);
        t.RescheduleFinished(Feed.Plant.Id, 0.4, 0.08, SolverStatus.Feasible);
        await Prometheus.WaitForAsync(EnergySum, r => Near(r, PostedJoules), Patience);

        t.SchedulePublished(Feed.Plant, 2, Feed.Planned, Feed.Baseline);
        await Post(halves[1], http);
        t.RescheduleFinished(Feed.Plant.Id, 2.5, 0.02, SolverStatus.Optimal);
        t.RescheduleFinished(Feed.Plant.Id, 0.1, null, SolverStatus.FellBack);
        await Prometheus.WaitForAsync(EnergySum, r => Near(r, PostedJoules), Patience);
    }

    private async Task Post(IReadOnlyList<(double EnergyKwh, Action<IForgeTelemetry> Call)> calls, HttpClient http)
    {
        foreach (var (kwh, call) in calls)
        {
            call(Host.Telemetry);
            PostedJoules += kwh * PrometheusTelemetry.JoulesPerKwh;
        }
        for (var i = 0; i < 3; i++) (await http.GetAsync("/api/v1/ping")).EnsureSuccessStatusCode();
        await http.GetAsync("/api/v1/broken");
    }

    public static bool Near(IReadOnlyList<QueryResult> r, double expected) =>
        r.Count == 1 && Math.Abs(r[0].Value - expected) <= 1e-9 * Math.Max(1, Math.Abs(expected));

    public async Task DisposeAsync()
    {
        if (Prometheus is not null) await Prometheus.DisposeAsync();
        if (Host is not null) await Host.DisposeAsync();
    }
}

public sealed class RealPrometheusTests(PlantDayOnPrometheus day) : IClassFixture<PlantDayOnPrometheus>
{
    [Fact]
    public async Task Every_panel_query_of_both_dashboards_returns_numbers_from_prometheus()
    {
        var targets = Dashboards.Targets(day.Feed.Plant.Id);
        Assert.True(targets.Count >= 30, $"only {targets.Count} targets");
        var problems = new List<string>();
        foreach (var t in targets)
        {
            var result = await day.Prometheus.QueryAsync(t.Expr);
            if (result.Count == 0) problems.Add($"{t.Dashboard} / {t.Panel} / {t.RefId}: no data: {t.Expr}");
            else if (result.All(r => double.IsNaN(r.Value))) problems.Add($"{t.Dashboard} / {t.Panel} / {t.RefId}: NaN: {t.Expr}");
        }
        Assert.Empty(problems);
    }

    [Fact]
    public async Task Actual_energy_in_prometheus_equals_the_metered_energy_of_the_events_posted()
    {
        var metered = day.Feed.Calls.Sum(c => c.EnergyKwh);
        Assert.True(metered > 1000, $"a plant day meters more than {metered} kWh");
        var result = await day.Prometheus.QueryAsync(day.EnergySum);
        Assert.Single(result);
        Assert.Equal(metered * 3.6e6, result[0].Value, metered * 3.6e6 * 1e-12);
    }

    [Fact]
    public async Task Planned_and_baseline_intensities_arrive_as_the_kpi_calculator_computed_them()
    {
        var result = await day.Prometheus.QueryAsync(
            $"forge_schedule_energy_joules_per_tonne{{plant=\"{day.Feed.Plant.Id}\"}} / 3.6e6");
        var byScenario = result.ToDictionary(r => r.Labels["scenario"], r => r.Value);
        Assert.Equal(day.Feed.Planned.EnergyKwhPerT, byScenario["planned"], 9);
        Assert.Equal(day.Feed.Baseline.EnergyKwhPerT, byScenario["baseline"], 9);
    }

    [Fact]
    public async Task Promtool_check_metrics_accepts_the_whole_scrape()
    {
        using var http = new HttpClient { BaseAddress = day.Host.Address };
        var scrape = await http.GetStringAsync("/metrics");
        Assert.Contains("forge_actual_energy_joules_total", scrape);
        Assert.Contains("http_request_duration_seconds", scrape);

        var (exit, output) = await PrometheusServer.RunPromtoolAsync(scrape, "check", "metrics");
        Assert.True(exit == 0, output);
    }

    [Fact]
    public async Task Tonnes_finished_are_the_orders_whose_heat_treatment_was_reported()
    {
        var expected = day.Feed.Day.Events
            .Where(e => e.Type == "operation_finished" && e.EnergyKwh is not null
                        && e.Step == 2 * day.Feed.Book.Find(e.Order!)!.Heats.Count + 1)
            .Sum(e => day.Feed.Book.Find(e.Order!)!.MassTonnes);
        var result = await day.Prometheus.QueryAsync($"sum(forge_actual_tonnes_total{{plant=\"{day.Feed.Plant.Id}\"}})");
        Assert.Equal(expected, result.Single().Value, 9);
        Assert.True(expected > 0, expected.ToString(CultureInfo.InvariantCulture));
    }
}
