using System.Diagnostics;
using ForgeScheduler.Formats;
using ForgeScheduler.Metrics.Tests.Support;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Optimisation;
using Prometheus;
using Xunit.Abstractions;

namespace ForgeScheduler.Metrics.Tests;

/// <summary>Pins the number of series per plant to the formula in docs/metrics.md (4R + P + S + T + 59); and,
/// as a benchmark run on purpose (FORGE_BENCH=1), times a scrape of 20 plants × 20 resources (issue 7's
/// target: ≤ 50 ms), reported, not asserted.</summary>
public sealed class ScrapeBenchmarkTests(ITestOutputHelper output)
{
    private static readonly string[] EventTypes =
        ["resource_down", "resource_up", "operation_started", "operation_finished", "order_added", "order_cancelled"];
    private static readonly SolverStatus[] Statuses = [SolverStatus.Optimal, SolverStatus.Feasible, SolverStatus.FellBack];

    /// <summary>The reference plant (8 heating, 8 heat-treatment furnaces, 3 presses) plus one press: 20 resources.</summary>
    public static Plant TwentyResourcePlant(string id)
    {
        var reference = PlantFile.Load(RepositoryFiles.ReferencePlant);
        return reference with { Id = id, Presses = [.. reference.Presses, reference.Presses[^1] with { Id = "P-200" }] };
    }

    /// <summary>Everything a busy day touches, for every plant: schedule, each resource metered, every
    /// event type, several reschedule outcomes.</summary>
    internal static void FillPlants(IForgeTelemetry telemetry, int plants)
    {
        var at = PlantDayFeed.PlanStart.AddHours(5);
        for (var p = 1; p <= plants; p++)
        {
            var plant = TwentyResourcePlant($"plant-{p:00}");
            var kpis = PrometheusTelemetryTests.Kpis(1000, 10, 1, 1);
            telemetry.SchedulePublished(plant, 1, kpis, kpis);
            telemetry.OrdersCounted(plant.Id, 30);
            foreach (var f in plant.HeatingFurnaces) telemetry.OperationFinished(plant, f.Id, f.Carrier, OperationKind.Heat, 900, 10, 500, at);
            foreach (var f in plant.HeatTreatmentFurnaces) telemetry.OperationFinished(plant, f.Id, f.Carrier, OperationKind.HeatTreat, 700, 10, 350, at);
            foreach (var press in plant.Presses) telemetry.OperationFinished(plant, press.Id, Carrier.Electric, OperationKind.Forge, 100, 10, 1150, at);
            foreach (var type in EventTypes) telemetry.EventReceived(plant.Id, type);
            foreach (var status in Statuses) telemetry.RescheduleFinished(plant.Id, 1.5, 0.01, status);
            telemetry.ScheduleChanged(plant.Id, 3, 2, 1, 1, 1);
        }
    }

    [BenchmarkFact]
    public async Task A_scrape_of_twenty_plants_with_twenty_resources_is_timed()
    {
        var registry = Prometheus.Metrics.NewCustomRegistry();
        FillPlants(new PrometheusTelemetry(registry), 20);

        for (var i = 0; i < 5; i++) await Exposition.ScrapeAsync(registry); // JIT and buffers
        var times = new List<double>();
        var bytes = 0;
        for (var i = 0; i < 30; i++)
        {
            var clock = Stopwatch.StartNew();
            using var stream = new MemoryStream();
            await registry.CollectAndExportAsTextAsync(stream);
            times.Add(clock.Elapsed.TotalMilliseconds);
            bytes = (int)stream.Length;
        }
        times.Sort();
        var median = times[times.Count / 2];
        output.WriteLine($"scrape of 20 plants x 20 resources: median {median:0.00} ms, max {times[^1]:0.00} ms, {bytes} bytes (target 50 ms)");
        Assert.True(bytes > 0);
    }

    [Fact]
    public async Task Series_per_plant_follow_the_documented_formula()
    {
        var registry = Prometheus.Metrics.NewCustomRegistry();
        FillPlants(new PrometheusTelemetry(registry), 2);

        var samples = Exposition.Parse(await Exposition.ScrapeAsync(registry));
        // R = 20 resources, P = 4 presses, S = 3 statuses, T = 6 event types: 4·20 + 4 + 3 + 6 + 59 = 152.
        Assert.Equal(152, samples.Count(s => s.Labels.GetValueOrDefault("plant") == "plant-01"));
        Assert.Equal(2 * 152, samples.Count);
    }
}
