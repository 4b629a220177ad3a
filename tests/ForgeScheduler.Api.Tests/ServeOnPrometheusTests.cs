using System.Net;
using System.Text.Json.Nodes;
using ForgeScheduler.Formats;
using ForgeScheduler.Mes.Simulation;
using ForgeScheduler.Metrics.Tests.Support;
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

        // The plan and the baseline are there too, for the saving to show.
        var tonnes = await prometheus.QueryAsync($"forge_schedule_tonnes{{plant=\"{plantId}\"}}");
        Assert.Equal(["baseline", "planned"], tonnes.Select(r => r.Labels["scenario"]).Order(StringComparer.Ordinal).ToArray());
        Assert.All(tonnes, r => Assert.Equal(book.Orders.Sum(o => o.MassTonnes), r.Value, 6));
        var events = await prometheus.QueryAsync($"sum(forge_events_received_total{{plant=\"{plantId}\"}})");
        Assert.Equal(day.Events.Count, events.Single().Value, 0);
    }
}
