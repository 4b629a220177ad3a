using ForgeScheduler.Metrics.Tests.Support;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using ForgeScheduler.Formats;
using ForgeScheduler.Store.Tests;
using Xunit.Abstractions;
using static ForgeScheduler.Api.Tests.Reference;

namespace ForgeScheduler.Api.Tests;

[Collection(PostgresCollection.Name)]
public sealed class PostgresServiceTests(PostgresServer server, ITestOutputHelper output)
{
    private ForgeApiOptions OnDatabase(string connection) => new() { Store = StoreKind.Postgres, Connection = connection };

    [Fact]
    public async Task RestartOnTheSameDatabaseLosesNothing()
    {
        var connection = await server.CreateDatabaseAsync();
        string scheduleBefore;
        string etagBefore;
        await using (var first = await ApiTestHost.StartAsync(OnDatabase(connection)))
        {
            await PutPlantAsync(first.Client);
            using var orders = await PostAsync(first.Client, "api/v1/plants/ref-forge/orders", BookJson(FirstOrders(3)));
            Assert.Equal(HttpStatusCode.OK, orders.StatusCode);
            using var cancel = await first.Client.DeleteAsync($"api/v1/plants/ref-forge/orders/{Day.Orders[2].Id}");
            Assert.Equal(HttpStatusCode.NoContent, cancel.StatusCode);
            using var planned = await PostAsync(first.Client, "api/v1/plants/ref-forge/reschedule", "");
            Assert.Equal(HttpStatusCode.OK, planned.StatusCode);
            var rush = Day.Orders[3] with { Id = "RUSH-1", Weight = 5 };
            var events = new JsonObject
            {
                ["events"] = new JsonArray(new JsonObject
                {
                    ["type"] = "rush_order",
                    ["at"] = Day.PlanStart.AddHours(1).ToString("O"),
                    ["order"] = JsonNode.Parse(OrderJson(rush)),
                }),
            };
            using var posted = await PostAsync(first.Client, "api/v1/plants/ref-forge/events", events.ToJsonString());
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
            using var schedule = await first.Client.GetAsync("api/v1/plants/ref-forge/schedule?version=1");
            scheduleBefore = await schedule.Content.ReadAsStringAsync();
            etagBefore = schedule.Headers.ETag!.Tag;
        }

        await using var second = await ApiTestHost.StartAsync(OnDatabase(connection));
        var book = await second.Client.GetFromJsonAsyncSnake<OrderBookDocument>("api/v1/plants/ref-forge/orders");
        Assert.Equal(new[] { Day.Orders[0].Id, Day.Orders[1].Id, "RUSH-1" }.Order(StringComparer.Ordinal), book.Orders!.Select(o => o.Id!));
        using var again = await second.Client.GetAsync("api/v1/plants/ref-forge/schedule?version=1");
        Assert.Equal(etagBefore, again.Headers.ETag!.Tag);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(scheduleBefore), JsonNode.Parse(await again.Content.ReadAsStringAsync())));
        // The rebuilt grain plans the stored book, and numbering continues after the stored versions.
        using var replanned = await PostAsync(second.Client, "api/v1/plants/ref-forge/reschedule", "");
        var result = await ReadAsync<RescheduleResponse>(replanned);
        Assert.True(result.Version >= 2, $"version {result.Version}");
        var operations = JsonNode.Parse(await second.Client.GetStringAsync("api/v1/plants/ref-forge/schedule"))!["operations"]!.AsArray();
        Assert.Contains(operations, o => o!["order"]!.GetValue<string>() == "RUSH-1");
        Assert.DoesNotContain(operations, o => o!["order"]!.GetValue<string>() == Day.Orders[2].Id);
        using var ready = await second.Client.GetAsync("health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task WritesNeedTheApiKeyWhenOneIsConfigured()
    {
        var connection = await server.CreateDatabaseAsync();
        await using var host = await ApiTestHost.StartAsync(OnDatabase(connection) with { ApiKey = "s3cret" });
        using var without = await host.Client.PutAsync("api/v1/plants/ref-forge", Json(PlantJson));
        await ServiceTests.AssertProblemAsync(without, 401, "X-Api-Key");
        using var request = new HttpRequestMessage(HttpMethod.Put, "api/v1/plants/ref-forge") { Content = Json(PlantJson) };
        request.Headers.Add("X-Api-Key", "s3cret");
        using var with = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, with.StatusCode);
        // Reads stay open.
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("api/v1/plants")).StatusCode);
    }

    [Fact]
    public void WithoutAKeyTheServiceRefusesToListenBeyondLoopback()
    {
        var e = Assert.Throws<ForgeInputException>(() => ForgeApiHost.CheckBinding(new ForgeApiOptions { Urls = "http://0.0.0.0:5080" }));
        Assert.Contains("--api-key", e.Message, StringComparison.Ordinal);
        ForgeApiHost.CheckBinding(new ForgeApiOptions { Urls = "http://127.0.0.1:5080;http://localhost:5081" });
        ForgeApiHost.CheckBinding(new ForgeApiOptions { Urls = "http://0.0.0.0:5080", ApiKey = "k" });
    }

    /// <summary>Not a timed test: measures for docs/api.md. Run with FORGE_API_BENCH=1 (see docs/api.md).</summary>
    [BenchmarkFact]
    public async Task BenchFigureForTheReport()
    {
        var count = int.Parse(Environment.GetEnvironmentVariable("FORGE_API_BENCH_COUNT") ?? "2000", System.Globalization.CultureInfo.InvariantCulture);
        var writers = 8;
        var connection = await server.CreateDatabaseAsync();
        await using var host = await ApiTestHost.StartAsync(OnDatabase(connection));
        await PutPlantAsync(host.Client);
        var template = Day.Orders[0];
        var latencies = new double[count];
        var next = -1;
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var body = OrderJson(template with { Id = $"B-{i:D6}" });
                var t = Stopwatch.StartNew();
                using var r = await PostAsync(host.Client, "api/v1/plants/ref-forge/orders", body);
                latencies[i] = t.Elapsed.TotalMilliseconds;
                Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            }
        }));
        wall.Stop();
        Array.Sort(latencies);
        output.WriteLine($"order upserts over HTTP, PostgreSQL, {writers} writers: {count / wall.Elapsed.TotalSeconds:F0}/s, " +
                         $"p50 {latencies[count / 2]:F1} ms, p99 {latencies[(int)(count * 0.99)]:F1} ms");

        // Reschedule of the reference day (30 orders) on its own plant, end to end over HTTP.
        var node = JsonNode.Parse(PlantJson, documentOptions: new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!;
        node["id"] = "ref-day";
        Assert.True((await host.Client.PutAsync("api/v1/plants/ref-day", Json(node.ToJsonString()))).IsSuccessStatusCode);
        using var day = await PostAsync(host.Client, "api/v1/plants/ref-day/orders", BookJson(Day with { Plant = "ref-day" }));
        Assert.Equal(HttpStatusCode.OK, day.StatusCode);
        var times = new List<double>();
        for (var k = 0; k < 10; k++)
        {
            var t = Stopwatch.StartNew();
            using var r = await PostAsync(host.Client, "api/v1/plants/ref-day/reschedule", "");
            times.Add(t.Elapsed.TotalSeconds);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }
        times.Sort();
        output.WriteLine($"reschedule of the reference day (30 orders, solver limit {host.Options.Planning.TimeLimitSeconds} s): " +
                         $"p50 {times[4]:F2} s, p95 {times[9]:F2} s (10 requests)");
    }
}
