using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using ForgeScheduler.Formats;
using ForgeScheduler.Mes.B2mml;
using static ForgeScheduler.Api.Tests.Reference;

namespace ForgeScheduler.Api.Tests;

public sealed class MemoryHostFixture : IAsyncLifetime
{
    public ApiTestHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await ApiTestHost.StartAsync();
        await PutPlantAsync(Host.Client);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    /// <summary>The reference plant under another id, so a test has a plant of its own.</summary>
    public async Task<string> PutPlantCopyAsync(string id)
    {
        var node = JsonNode.Parse(PlantJson, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!;
        node["id"] = id;
        using var response = await Host.Client.PutAsync($"api/v1/plants/{id}", Json(node.ToJsonString()));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return id;
    }

    /// <summary>A plant copy with the first <paramref name="orders"/> reference orders and a first schedule version.</summary>
    public async Task<(string Plant, string ETag)> PlantWithScheduleAsync(string id, int orders)
    {
        await PutPlantCopyAsync(id);
        var book = FirstOrders(orders) with { Plant = id };
        using var posted = await PostAsync(Host.Client, $"api/v1/plants/{id}/orders", BookJson(book));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        using var planned = await PostAsync(Host.Client, $"api/v1/plants/{id}/reschedule", "");
        Assert.True(planned.IsSuccessStatusCode, await planned.Content.ReadAsStringAsync());
        return (id, planned.Headers.ETag!.Tag);
    }
}

public sealed class ServiceTests(MemoryHostFixture fixture) : IClassFixture<MemoryHostFixture>
{
    private HttpClient Client => fixture.Host.Client;

    [Fact]
    public async Task MetricsExposeThePlannedAndBaselineKpisOfTheCurrentSchedule()
    {
        var (plant, _) = await fixture.PlantWithScheduleAsync("metrics-plant", 4);
        using var kpis = await Client.GetAsync($"api/v1/plants/{plant}/kpis");
        Assert.True(kpis.IsSuccessStatusCode);

        var scrape = await Client.GetStringAsync("metrics");

        // The planned and the baseline tonnes of this plant are both exported, and agree (same orders).
        var planned = Sample(scrape, "forge_schedule_tonnes", plant, "planned");
        var baseline = Sample(scrape, "forge_schedule_tonnes", plant, "baseline");
        var expected = Day.Orders.Take(4).Sum(o => o.MassTonnes);
        Assert.Equal(expected, planned, 6);
        Assert.Equal(expected, baseline, 6);
        Assert.Contains($"forge_schedule_version{{plant=\"{plant}\"}}", scrape, StringComparison.Ordinal);

        // Savings by lever, from the solver worker that made the plan: six levers adding up to the
        // difference of the baseline's and the plan's CO2.
        var levers = scrape.Split('\n').Where(l => l.StartsWith("forge_schedule_co2_saved_grams{", StringComparison.Ordinal)
            && l.Contains($"plant=\"{plant}\"", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, levers.Count);
        var saved = levers.Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        var difference = Sample(scrape, "forge_schedule_co2_grams", plant, "baseline") - Sample(scrape, "forge_schedule_co2_grams", plant, "planned");
        Assert.Equal(difference, saved, 0);
    }

    private static double Sample(string scrape, string family, string plant, string scenario)
    {
        var line = scrape.Split('\n').Single(l => l.StartsWith(family + "{", StringComparison.Ordinal)
            && l.Contains($"plant=\"{plant}\"", StringComparison.Ordinal) && l.Contains($"scenario=\"{scenario}\"", StringComparison.Ordinal));
        return double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task OrderRoundTripKeepsTheOrderAndRepeatsAreNoOps()
    {
        var order = Day.Orders[0] with { Id = "RT-1" };
        using var first = await PostAsync(Client, "api/v1/plants/ref-forge/orders", OrderJson(order));
        var inserted = await ReadAsync<OrdersResponse>(first);
        Assert.Equal((1, 0, 0), (inserted.Inserted, inserted.Updated, inserted.Unchanged));

        var book = await Client.GetFromJsonAsyncSnake<OrderBookDocument>("api/v1/plants/ref-forge/orders");
        var stored = Assert.Single(book.Orders!, o => o.Id == "RT-1");
        Assert.Equal(order.MassTonnes, stored.MassT);
        Assert.Equal(order.Due, stored.Due);
        Assert.Equal(order.Heats.Count, stored.Heats!.Count);

        using var again = await PostAsync(Client, "api/v1/plants/ref-forge/orders", OrderJson(order));
        Assert.Equal(1, (await ReadAsync<OrdersResponse>(again)).Unchanged);

        using var changed = await PostAsync(Client, "api/v1/plants/ref-forge/orders", OrderJson(order with { MassTonnes = order.MassTonnes + 0.5 }));
        Assert.Equal(1, (await ReadAsync<OrdersResponse>(changed)).Updated);

        using var cancelled = await Client.DeleteAsync("api/v1/plants/ref-forge/orders/RT-1");
        Assert.Equal(HttpStatusCode.NoContent, cancelled.StatusCode);
        using var cancelledAgain = await Client.DeleteAsync("api/v1/plants/ref-forge/orders/RT-1");
        Assert.Equal(HttpStatusCode.NotFound, cancelledAgain.StatusCode);
    }

    [Fact]
    public async Task SameIdempotencyKeyAndBodyGetsTheFirstAnswerAndAnotherBodyIsAConflict()
    {
        var order = Day.Orders[1] with { Id = "IK-1" };
        var key = ("Idempotency-Key", "key-" + Guid.NewGuid().ToString("N"));
        using var first = await PostAsync(Client, "api/v1/plants/ref-forge/orders", OrderJson(order), key);
        using var retry = await PostAsync(Client, "api/v1/plants/ref-forge/orders", OrderJson(order), key);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        // Without the key the repeat would say "unchanged"; with it the client gets the first answer again.
        Assert.Equal(1, (await ReadAsync<OrdersResponse>(first)).Inserted);
        Assert.Equal(1, (await ReadAsync<OrdersResponse>(retry)).Inserted);

        using var other = await PostAsync(Client, "api/v1/plants/ref-forge/orders", OrderJson(order with { Weight = 3 }), key);
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        await AssertProblemAsync(other, 409, "Idempotency-Key");
    }

    [Fact]
    public async Task StaleIfMatchIsRefusedWith412AndTheCurrentETagIsAccepted()
    {
        var (plant, etag) = await fixture.PlantWithScheduleAsync("etag-plant", 3);
        Assert.Equal("\"1\"", etag);
        var order = Day.Orders[5] with { Id = "EM-1" };
        using var stale = await PostAsync(Client, $"api/v1/plants/{plant}/orders", OrderJson(order), ("If-Match", "\"0\""));
        await AssertProblemAsync(stale, 412, "If-Match");
        using var current = await PostAsync(Client, $"api/v1/plants/{plant}/orders", OrderJson(order), ("If-Match", etag));
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/plants/{plant}/schedule");
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(etag));
        using var notModified = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public async Task ScheduleComesAsB2mmlWithOneSegmentPerOperationWhenXmlIsAccepted()
    {
        var (plant, _) = await fixture.PlantWithScheduleAsync("b2mml-plant", 3);
        var json = JsonNode.Parse(await Client.GetStringAsync($"api/v1/plants/{plant}/schedule"))!;
        var operations = json["operations"]!.AsArray();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/plants/{plant}/schedule");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/xml"));
        using var response = await Client.SendAsync(request);
        Assert.Equal("application/xml", response.Content.Headers.ContentType!.MediaType);
        var xml = XDocument.Parse(await response.Content.ReadAsStringAsync());
        XNamespace b2 = "http://www.mesa.org/xml/B2MML";
        Assert.Equal(b2 + "ProductionSchedule", xml.Root!.Name);
        Assert.Equal(3, xml.Root.Elements(b2 + "ProductionRequest").Count());
        Assert.Equal(operations.Count, xml.Descendants(b2 + "SegmentRequirement").Count());

        var kpis = JsonNode.Parse(await Client.GetStringAsync($"api/v1/plants/{plant}/kpis"))!;
        Assert.Equal(1, kpis["version"]!.GetValue<int>());
        Assert.True(kpis["baseline"]!["energy_kwh"]!.GetValue<double>() > 0);
        Assert.Equal(json["kpis"]!["energy_kwh"]!.GetValue<double>(), kpis["planned"]!["energy_kwh"]!.GetValue<double>(), 6);
    }

    public static TheoryData<string, string, string, int, string> BadRequests => new()
    {
        // name, path, body, status, field the problem must name
        { "broken JSON", "api/v1/plants/ref-forge/orders", "{\"orders\": [ {\"id\": \"X\" ", 400, "body" },
        { "missing heats", "api/v1/plants/ref-forge/orders", "{\"id\":\"X\",\"mass_t\":3,\"diameter_m\":0.4,\"release\":\"2026-11-26T06:00:00+08:00\",\"due\":\"2026-11-28T06:00:00+08:00\",\"heat_treatment\":\"normalise-890\"}", 422, "order.heats" },
        { "mass as text with a unit", "api/v1/plants/ref-forge/orders", "{\"id\":\"X\",\"mass_t\":\"3100 kg\"}", 422, "mass_t" },
        { "unknown plant", "api/v1/plants/no-such-plant/orders", "{\"id\":\"X\"}", 404, "plant" },
        { "unknown event type", "api/v1/plants/ref-forge/events", "{\"events\":[{\"type\":\"furnace_exploded\",\"at\":\"2026-11-26T06:00:00+08:00\"}]}", 422, "events[0].type" },
        { "unknown resource", "api/v1/plants/ref-forge/events", "{\"events\":[{\"type\":\"resource_down\",\"at\":\"2026-11-26T06:00:00+08:00\",\"resource\":\"HF-99\"}]}", 422, "events[0].resource" },
        { "operation of an unknown order", "api/v1/plants/ref-forge/events", "{\"events\":[{\"type\":\"operation_started\",\"at\":\"2026-11-26T07:00:00+08:00\",\"order\":\"NO-SUCH-ORDER\",\"step\":1,\"resource\":\"HF-G1\"}]}", 422, "events[0].order" },
        { "bad kind of down", "api/v1/plants/ref-forge/events", "{\"events\":[{\"type\":\"resource_down\",\"at\":\"2026-11-26T07:00:00+08:00\",\"resource\":\"HF-G1\",\"kind\":\"broken\"}]}", 422, "events[0].kind" },
        { "plant without grid", "api/v1/plants/ref-forge", "{\"id\":\"ref-forge\",\"electric_power_cap_kw\":5000}", 422, "grid" },
        { "unknown furnace hot at start", "api/v1/plants/ref-forge/orders",
            "{\"plant\":\"ref-forge\",\"furnaces_hot_at_start\":[\"HF-G2\",\"HF-99\"],\"orders\":[{\"id\":\"X\",\"mass_t\":3,\"diameter_m\":0.4,\"release\":\"2026-11-26T06:00:00+08:00\",\"due\":\"2026-11-28T06:00:00+08:00\",\"heats\":[{\"forge_temp_c\":1200,\"press_min\":30,\"min_force_mn\":10,\"finish_temp_c\":850}],\"heat_treatment\":\"normalise-890\"}]}",
            422, "furnaces_hot_at_start[1]" },
    };

    [Fact]
    public async Task APvProfileOfTheWrongLengthIsProblemDetailsNamingTheField()
    {
        var plant = JsonNode.Parse(File.ReadAllText(Reference.PlantPath), documentOptions: new System.Text.Json.JsonDocumentOptions
        {
            CommentHandling = System.Text.Json.JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        })!;
        plant["grid"]!["onsite_pv_surplus_kw"] = new JsonArray(100, 200, 300);
        using var request = new HttpRequestMessage(HttpMethod.Put, "api/v1/plants/ref-forge") { Content = Json(plant.ToJsonString()) };
        using var response = await Client.SendAsync(request);
        await AssertProblemAsync(response, 422, "grid.onsite_pv_surplus_kw");
    }

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task BadInputIsProblemDetailsNamingTheFieldNeverA500(string name, string path, string body, int status, string field)
    {
        using var request = new HttpRequestMessage(path.EndsWith("/ref-forge", StringComparison.Ordinal) ? HttpMethod.Put : HttpMethod.Post, path)
        {
            Content = Json(body),
        };
        using var response = await Client.SendAsync(request);
        Assert.True(status == (int)response.StatusCode, $"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        await AssertProblemAsync(response, status, field);
    }

    [Fact]
    public async Task BrokenJsonNamesLineAndColumn()
    {
        using var response = await PostAsync(Client, "api/v1/plants/ref-forge/orders", "{\n  \"id\": \"X\",\n  \"mass_t\": 3,,\n}");
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains("line 3, column", problem["errors"]!["body"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task B2mmlOrderInPoundsIsRefusedNamingTheUnit()
    {
        var xml = B2mmlOrders.Write(FirstOrders(1)).Replace(">t</UnitOfMeasure>", ">lb</UnitOfMeasure>", StringComparison.Ordinal);
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/plants/ref-forge/orders")
        {
            Content = new StringContent(xml, System.Text.Encoding.UTF8, "application/xml"),
        };
        using var response = await Client.SendAsync(request);
        var problem = await AssertProblemAsync(response, 422, null);
        Assert.Contains("lb", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadyWhenSiloAndStoreAnswerAndOpenApiListsTheRoutes()
    {
        using var ready = await Client.GetAsync("health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
        var openApi = JsonNode.Parse(await Client.GetStringAsync("openapi/v1.json"))!;
        var paths = openApi["paths"]!.AsObject().Select(p => p.Key).ToHashSet();
        foreach (var route in new[] { "/api/v1/plants", "/api/v1/plants/{plant}", "/api/v1/plants/{plant}/orders", "/api/v1/plants/{plant}/orders/{id}",
                     "/api/v1/plants/{plant}/events", "/api/v1/plants/{plant}/reschedule", "/api/v1/plants/{plant}/schedule", "/api/v1/plants/{plant}/kpis" })
            Assert.Contains(route, paths);
        var page = await Client.GetStringAsync("");
        Assert.Contains("/api/v1/plants/", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SimulatorDrivesAShortDayWithoutAnErrorAnswer()
    {
        await fixture.PutPlantCopyAsync("sim-plant");
        var plant = Plant with { Id = "sim-plant" };
        var book = FirstOrders(4) with { Plant = "sim-plant" };
        var clock = new Mes.Simulation.FakePlantClock(book.PlanStart);
        var settings = new SimulatorSettings
        {
            Seed = 7,
            PostPlant = false,
            MaxReschedules = 2,
            // Certain disruptions, so the reschedule-after-disruption path is taken.
            Options = new Mes.Simulation.SimulationOptions { RushOrderProbability = 1.0, FurnaceTripProbability = 0 },
        };
        var summary = await new MesSimulatorClient(Client, clock, settings).RunAsync(plant, book, CancellationToken.None);
        Assert.True(summary.Ok, string.Join("\n", summary.Failures));
        // One rush per simulated plan (the first plan and the one replan allowed); the first one triggers the replan.
        Assert.InRange(summary.EventsByType["order_added"], 1, 2);
        Assert.Equal(2, summary.Reschedules);
        Assert.True(summary.EventsByType["operation_finished"] >= 4 * 3, $"finished {summary.EventsByType["operation_finished"]}");
        // The plant clock was paced by the events, in time order.
        Assert.Equal(clock.Waits.Order().ToList(), clock.Waits.ToList());
        var orders = await Client.GetFromJsonAsyncSnake<OrderBookDocument>("api/v1/plants/sim-plant/orders");
        Assert.Contains(orders.Orders!, o => o.Id!.StartsWith("RUSH-", StringComparison.Ordinal));
    }

    internal static async Task<JsonNode> AssertProblemAsync(HttpResponseMessage response, int status, string? field)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(status, problem["status"]!.GetValue<int>());
        if (field is not null) Assert.True(problem["errors"]?[field] is not null, $"no errors[{field}] in {problem.ToJsonString()}");
        return problem;
    }
}

internal static class HttpJson
{
    public static async Task<T> GetFromJsonAsyncSnake<T>(this HttpClient client, string path) =>
        JsonSerializer.Deserialize<T>(await client.GetStringAsync(path), JsonFiles.Options)!;
}
