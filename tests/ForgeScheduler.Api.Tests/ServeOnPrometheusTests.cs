using System.Net;
using System.Text.Json.Nodes;
using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Formats;
using ForgeScheduler.Mes.Simulation;
using ForgeScheduler.Metrics.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Dashboards = ForgeScheduler.Metrics.Tests.Support.Dashboards;
using static ForgeScheduler.Api.Tests.Reference;

namespace ForgeScheduler.Api.Tests;

/// <summary>A real Prometheus scrapes the real <c>forge serve</c> while a plant day of shop-floor
/// events is posted to it over HTTP: what plant management sees is what the floor metered.</summary>
public sealed class ServeOnPrometheusTests(MemoryHostFixture fixture) : IClassFixture<MemoryHostFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task ActualEnergyInPrometheusEqualsTheMeteredEnergyOfThePostedEvents()
    {
        var (plantId, _) = await fixture.PlantWithScheduleAsync("prom-plant", 4);
        var client = fixture.Host.Client;
        var schedule = ScheduleFile.Parse(await client.GetStringAsync($"api/v1/plants/{plantId}/schedule"), "schedule");
        var plant = Plant with { Id = plantId };
        var book = FirstOrders(4) with { Plant = plantId };

        await using var prometheus = await PrometheusServer.StartAsync(client.BaseAddress!.Authority);
        await prometheus.WaitForAsync($"up{{job=\"{PrometheusServer.Job}\"}} == 1", r => r.Count == 1, Patience);

        // The floor plays the plan (no disruptions) and meters every operation; post each event as a MES would.
        var day = new PlantDaySimulator(plant, book, new Random(3), SimulationOptions.NoDisruptions).Simulate(schedule);
        double meteredKwh = 0;
        foreach (var e in day.Events)
        {
            var node = SimulatedEventsJson.ToNode(e);
            if (node["energy_kwh"] is { } kwh) meteredKwh += kwh.GetValue<double>();
            var body = new JsonObject { ["events"] = new JsonArray(node) }.ToJsonString();
            using var response = await PostAsync(client, $"api/v1/plants/{plantId}/events", body);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        }
        Assert.True(meteredKwh > 0);

        // 1 kWh = 3.6 MJ; Prometheus holds exactly what was metered, by resource and carrier.
        var expectedJoules = meteredKwh * 3.6e6;
        var energy = await prometheus.WaitForAsync($"sum(forge_actual_energy_joules_total{{plant=\"{plantId}\"}})",
            r => r.Count == 1 && Math.Abs(r[0].Value - expectedJoules) <= 1e-6 * expectedJoules, Patience);
        Assert.Equal(expectedJoules, energy[0].Value, expectedJoules * 1e-6);

        // The figures are the resource grains': every furnace's and press's metered energy, as its grain
        // recorded it, is what Prometheus has for that resource (the API no longer computes them).
        var grains = fixture.Host.App.Services.GetRequiredService<IGrainFactory>();
        var byResource = (await prometheus.QueryAsync($"sum by (resource) (forge_actual_energy_joules_total{{plant=\"{plantId}\"}})"))
            .ToDictionary(r => r.Labels["resource"], r => r.Value, StringComparer.Ordinal);
        var metered = 0;
        foreach (var id in plant.Furnaces.Select(f => f.Id).Concat(plant.Presses.Select(p => p.Id)))
        {
            IResourceGrain grain = plant.FindFurnace(id) is null
                ? grains.GetGrain<IPressGrain>(ResourceKeys.Of(plantId, id))
                : grains.GetGrain<IFurnaceGrain>(ResourceKeys.Of(plantId, id));
            var kwh = (await grain.GetState()).MeteredEnergyKwhByCarrier.Values.Sum();
            if (kwh == 0) continue;
            metered++;
            Assert.Equal(kwh * 3.6e6, byResource[id], kwh * 3.6e6 * 1e-9);
        }
        Assert.Equal(byResource.Count, metered);
        // Tonnes once per piece: each order whose first heat finished counts its mass once as heating charge.
        var heated = day.Events.Select(SimulatedEventsJson.ToNode)
            .Where(n => n["type"]!.GetValue<string>() == "operation_finished" && n["step"]!.GetValue<int>() == 1)
            .Select(n => n["order"]!.GetValue<string>()).Distinct(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(heated);
        var heatingTonnes = await prometheus.WaitForAsync($"sum(forge_actual_heating_charge_tonnes_total{{plant=\"{plantId}\"}})",
            r => r.Count == 1, Patience);
        Assert.Equal(book.Orders.Where(o => heated.Contains(o.Id)).Sum(o => o.MassTonnes), heatingTonnes[0].Value, 6);

        // The plan and the baseline are there too, for the saving to show.
        var tonnes = await prometheus.QueryAsync($"forge_schedule_tonnes{{plant=\"{plantId}\"}}");
        Assert.Equal(["baseline", "planned"], tonnes.Select(r => r.Labels["scenario"]).Order(StringComparer.Ordinal).ToArray());
        Assert.All(tonnes, r => Assert.Equal(book.Orders.Sum(o => o.MassTonnes), r.Value, 6));
        var events = await prometheus.QueryAsync($"sum(forge_events_received_total{{plant=\"{plantId}\"}})");
        Assert.Equal(day.Events.Count, events.Single().Value, 0);
    }

    [Fact]
    public async Task EveryPanelQueryOfBothDashboardsReturnsANumberWhileSimulatePlaysADay()
    {
        var plantId = await fixture.PutPlantCopyAsync("panels-plant");
        var client = fixture.Host.Client;
        await using var prometheus = await PrometheusServer.StartAsync(client.BaseAddress!.Authority);
        await prometheus.WaitForAsync($"up{{job=\"{PrometheusServer.Job}\"}} == 1", r => r.Count == 1, Patience);

        // forge simulate's player: the book, a schedule, then the day's events with a rush order and replans.
        // Ten orders: CP-SAT (deterministic budget) beats the baseline on them, so the first version reports
        // a gap for the solver-gap panel (a plan kept from the baseline has none to report).
        var book = FirstOrders(10) with { Plant = plantId };
        var simulator = new MesSimulatorClient(client, new FakePlantClock(book.PlanStart), new SimulatorSettings
        {
            Seed = 11,
            PostPlant = false,
            MaxReschedules = 2,
            Options = new SimulationOptions { RushOrderProbability = 1.0, FurnaceTripProbability = 0 },
        });
        var day = await simulator.RunAsync(Plant with { Id = plantId }, book, CancellationToken.None);
        Assert.True(day.Ok, string.Join("\n", day.Failures));
        // The panels read what happened on the floor: tonnes finished, heat-treated, hot charged.
        await prometheus.WaitForAsync($"sum(forge_actual_tonnes_total{{plant=\"{plantId}\"}}) > 0", r => r.Count == 1, Patience);
        await prometheus.WaitForAsync($"forge_schedule_version{{plant=\"{plantId}\"}} >= {day.LastVersion}", r => r.Count == 1, Patience);

        var targets = Dashboards.Targets(plantId);
        Assert.True(targets.Count >= 30, $"only {targets.Count} targets");
        // increase() over a counter needs two scrapes that saw it change: a ratio of two increases is 0/0
        // until Prometheus has scraped once more after the floor's last report. So each panel is asked
        // again (within the patience) until it gives a number; what never does is a problem.
        var problems = new List<string>();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var pending = targets.ToList();
        while (true)
        {
            problems.Clear();
            var still = new List<DashboardTarget>();
            foreach (var t in pending)
            {
                var result = await prometheus.QueryAsync(t.Expr);
                if (result.Count == 0) problems.Add($"{t.Dashboard} / {t.Panel} / {t.RefId}: no data: {t.Expr}");
                else if (result.All(r => !double.IsFinite(r.Value))) problems.Add($"{t.Dashboard} / {t.Panel} / {t.RefId}: {result[0].Value}: {t.Expr}");
                else continue;
                still.Add(t);
            }
            pending = still;
            if (pending.Count == 0 || waited.Elapsed > Patience) break;
            await Task.Delay(500);
        }
        var statuses = await client.GetStringAsync($"api/v1/plants/{plantId}/schedule/versions");
        Assert.True(problems.Count == 0, string.Join("\n", problems) + "\n" + statuses);
    }
}
