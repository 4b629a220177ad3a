using System.Net;
using System.Text.Json.Nodes;
using ForgeScheduler.Formats;
using ForgeScheduler.Store.Tests;
using Xunit.Abstractions;
using static ForgeScheduler.Api.Tests.Reference;

namespace ForgeScheduler.Api.Tests;

/// <summary>Issue 15's data-integrity half over real HTTP on a real PostgreSQL: concurrent retries with one
/// Idempotency-Key, concurrent If-Match reschedules, all-or-nothing batches, a PostgreSQL restart under
/// writers. Bounded loops, loopback only; figures go to the test output (docs/reliability.md).</summary>
[Collection(PostgresCollection.Name)]
public sealed class ReliabilityTests(PostgresServer server, ITestOutputHelper output)
{
    private ForgeApiOptions OnDatabase(string connection) => new() { Store = StoreKind.Postgres, Connection = connection };

    [Fact]
    public async Task EightConcurrentPostsWithOneKeyApplyExactlyOne()
    {
        await using var host = await ApiTestHost.StartAsync(OnDatabase(await server.CreateDatabaseAsync()));
        await PutPlantAsync(host.Client);
        const string orders = "api/v1/plants/ref-forge/orders";

        // One key, eight different bodies, all at once: one is applied, seven are told the key is taken.
        var different = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            PostAsync(host.Client, orders, OrderJson(Day.Orders[i] with { Id = $"KEY-{i}" }), ("Idempotency-Key", "mes-race-1"))));
        var statuses = different.Select(r => (int)r.StatusCode).ToList();
        Assert.Equal(1, statuses.Count(s => s == 200));
        Assert.Equal(7, statuses.Count(s => s == 409));
        foreach (var conflict in different.Where(r => r.StatusCode == HttpStatusCode.Conflict))
            await ServiceTests.AssertProblemAsync(conflict, 409, "Idempotency-Key");
        var stored = (await host.Client.GetFromJsonAsyncSnake<OrderBookDocument>(orders)).Orders!.Count(o => o.Id!.StartsWith("KEY-", StringComparison.Ordinal));
        Assert.Equal(1, stored);

        // One key, one body, eight times at once: one copy, eight times the same answer.
        var body = OrderJson(Day.Orders[10] with { Id = "SAME-1" });
        var same = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostAsync(host.Client, orders, body, ("Idempotency-Key", "mes-race-2"))));
        Assert.All(same, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var answers = await Task.WhenAll(same.Select(r => r.Content.ReadAsStringAsync()));
        Assert.Single(answers.Distinct());
        Assert.Equal(1, (await ReadAsync<OrdersResponse>(same[0])).Inserted);

        // One event body eight times with one key: logged once.
        var events = new JsonObject
        {
            ["events"] = new JsonArray(new JsonObject { ["type"] = "resource_up", ["at"] = Day.PlanStart.AddHours(1).ToString("O"), ["resource"] = Plant.Presses[0].Id }),
        }.ToJsonString();
        var posted = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostAsync(host.Client, "api/v1/plants/ref-forge/events", events, ("Idempotency-Key", "floor-race-1"))));
        Assert.All(posted, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var status = JsonNode.Parse(await host.Client.GetStringAsync("api/v1/plants/ref-forge/status"))!;
        Assert.Equal(1, status["last_event_sequence"]!.GetValue<long>());
        output.WriteLine($"key race: 8 posts, different bodies → {statuses.Count(s => s == 200)} applied, {statuses.Count(s => s == 409)} × 409, {stored} stored; " +
                         $"same body → {same.Length} × 200, 1 stored; same events 8× → {status["last_event_sequence"]} logged");
        foreach (var r in different.Concat(same).Concat(posted)) r.Dispose();
    }

    [Fact]
    public async Task FourConcurrentReschedulesWithIfMatchOneMakeOnlyVersionTwo()
    {
        await using var host = await ApiTestHost.StartAsync(OnDatabase(await server.CreateDatabaseAsync()));
        await PutPlantAsync(host.Client);
        using (var posted = await PostAsync(host.Client, "api/v1/plants/ref-forge/orders", BookJson(FirstOrders(4))))
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        using (var first = await PostAsync(host.Client, "api/v1/plants/ref-forge/reschedule", ""))
            Assert.Equal("\"1\"", first.Headers.ETag!.Tag);

        var tries = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            PostAsync(host.Client, "api/v1/plants/ref-forge/reschedule", "", ("If-Match", "\"1\""))));

        var statuses = tries.Select(r => (int)r.StatusCode).ToList();
        Assert.Equal(1, statuses.Count(s => s == 200));
        Assert.Equal(3, statuses.Count(s => s == 412));
        Assert.Equal(2, (await ReadAsync<RescheduleResponse>(tries.Single(r => r.IsSuccessStatusCode))).Version);
        foreach (var stale in tries.Where(r => r.StatusCode == HttpStatusCode.PreconditionFailed))
            await ServiceTests.AssertProblemAsync(stale, 412, "If-Match");
        var versions = JsonNode.Parse(await host.Client.GetStringAsync("api/v1/plants/ref-forge/schedule/versions"))!.AsArray();
        Assert.Equal([2, 1], versions.Select(v => v!["version"]!.GetValue<int>()));
        output.WriteLine($"If-Match race: 4 reschedules with If-Match \"1\" → {statuses.Count(s => s == 200)} × 200 (version 2), {statuses.Count(s => s == 412)} × 412; versions {versions.Count}");
        foreach (var r in tries) r.Dispose();
    }

    [Fact]
    public async Task EightConcurrentConditionalWritesOnOneVersionApplyExactlyOne()
    {
        await using var host = await ApiTestHost.StartAsync(OnDatabase(await server.CreateDatabaseAsync()));
        await PutPlantAsync(host.Client);
        const string orders = "api/v1/plants/ref-forge/orders";
        using (var posted = await PostAsync(host.Client, orders, BookJson(FirstOrders(4))))
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        using (var first = await PostAsync(host.Client, "api/v1/plants/ref-forge/reschedule", ""))
            Assert.Equal("\"1\"", first.Headers.ETag!.Tag);

        // Eight clients decided on version 1, each adding its own order: the plant grain checks If-Match and
        // claims the version in its own turn, so one is applied and seven are told the plant has changed.
        // (Checked by the API before the grain call, as it was, all eight were applied.)
        var upserts = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            PostAsync(host.Client, orders, OrderJson(Day.Orders[10 + i] with { Id = $"IFM-{i}" }), ("If-Match", "\"1\""))));
        var upsertStatuses = upserts.Select(r => (int)r.StatusCode).ToList();
        Assert.Equal(1, upsertStatuses.Count(s => s == 200));
        Assert.Equal(7, upsertStatuses.Count(s => s == 412));
        foreach (var refused in upserts.Where(r => r.StatusCode == HttpStatusCode.PreconditionFailed))
        {
            Assert.Equal("\"1\"", refused.Headers.ETag!.Tag);
            await ServiceTests.AssertProblemAsync(refused, 412, "If-Match");
        }
        var stored = (await host.Client.GetFromJsonAsyncSnake<OrderBookDocument>(orders)).Orders!.Count(o => o.Id!.StartsWith("IFM-", StringComparison.Ordinal));
        Assert.Equal(1, stored);

        // The next version, then eight event batches on it, each a rush order of its own: one is logged.
        using (var second = await PostAsync(host.Client, "api/v1/plants/ref-forge/reschedule", ""))
            Assert.Equal("\"2\"", second.Headers.ETag!.Tag);
        var events = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
        {
            var rush = JsonNode.Parse(OrderJson(Day.Orders[20 + i] with { Id = $"IFE-{i}" }))!;
            var body = new JsonObject
            {
                ["events"] = new JsonArray(new JsonObject { ["type"] = "rush_order", ["at"] = Day.PlanStart.AddHours(1).ToString("O"), ["order"] = rush }),
            }.ToJsonString();
            return PostAsync(host.Client, "api/v1/plants/ref-forge/events", body, ("If-Match", "\"2\""));
        }));
        var eventStatuses = events.Select(r => (int)r.StatusCode).ToList();
        Assert.Equal(1, eventStatuses.Count(s => s == 200));
        Assert.Equal(7, eventStatuses.Count(s => s == 412));
        foreach (var refused in events.Where(r => r.StatusCode == HttpStatusCode.PreconditionFailed))
            await ServiceTests.AssertProblemAsync(refused, 412, "If-Match");
        var status = JsonNode.Parse(await host.Client.GetStringAsync("api/v1/plants/ref-forge/status"))!;
        Assert.Equal(1, status["last_event_sequence"]!.GetValue<long>());
        output.WriteLine($"conditional-write race: 8 upserts with If-Match \"1\" → {upsertStatuses.Count(s => s == 200)} × 200, {upsertStatuses.Count(s => s == 412)} × 412, {stored} stored; " +
                         $"8 event posts with If-Match \"2\" → {eventStatuses.Count(s => s == 200)} × 200, {eventStatuses.Count(s => s == 412)} × 412, {status["last_event_sequence"]} logged");
        foreach (var r in upserts.Concat(events)) r.Dispose();
    }

    [Fact]
    public async Task ABatchWithOneBadElementStoresNothing()
    {
        await using var host = await ApiTestHost.StartAsync(OnDatabase(await server.CreateDatabaseAsync()));
        await PutPlantAsync(host.Client);
        var good = Day.Orders[0] with { Id = "GOOD-1" };
        var bad = Day.Orders[1] with { Id = "BAD-1", Heats = [] };

        using var orders = await PostAsync(host.Client, "api/v1/plants/ref-forge/orders", BookJson(Day with { Orders = [good, bad] }));
        await ServiceTests.AssertProblemAsync(orders, 422, null);

        var rush = JsonNode.Parse(OrderJson(good with { Id = "RUSH-OK" }))!;
        var events = new JsonObject
        {
            ["events"] = new JsonArray(
                new JsonObject { ["type"] = "rush_order", ["at"] = Day.PlanStart.AddHours(1).ToString("O"), ["order"] = rush },
                new JsonObject { ["type"] = "resource_down", ["at"] = Day.PlanStart.AddHours(1).ToString("O"), ["resource"] = "NO-SUCH-FURNACE" }),
        }.ToJsonString();
        using var mixed = await PostAsync(host.Client, "api/v1/plants/ref-forge/events", events);
        await ServiceTests.AssertProblemAsync(mixed, 422, null);
        var endOfTime = new JsonObject
        {
            ["events"] = new JsonArray(new JsonObject { ["type"] = "resource_down", ["at"] = "9999-12-31T00:00:00+00:00", ["resource"] = Plant.Presses[0].Id }),
        }.ToJsonString();
        using var far = await PostAsync(host.Client, "api/v1/plants/ref-forge/events", endOfTime);
        Assert.Equal(422, (int)far.StatusCode);

        var book = await host.Client.GetFromJsonAsyncSnake<OrderBookDocument>("api/v1/plants/ref-forge/orders");
        Assert.Empty(book.Orders!);
        var status = JsonNode.Parse(await host.Client.GetStringAsync("api/v1/plants/ref-forge/status"))!;
        Assert.Equal(0, status["last_event_sequence"]!.GetValue<long>());
        Assert.Empty(status["down_resources"]!.AsArray());
    }

    [Fact]
    public async Task APostgresRestartUnderFourWritersLosesNoAcknowledgedOrderAndSchedulesEachOnce()
    {
        await using var host = await ApiTestHost.StartAsync(OnDatabase(await server.CreateDatabaseAsync()));
        await PutPlantAsync(host.Client);
        // 16 orders keep the check's first solve short on a loaded 2-core machine (docs/reliability.md).
        var writers = new AcknowledgedWriters(host.Client, "ref-forge", writers: 4, ordersEach: 4, seed: 15);

        var run = writers.RunAsync();
        await writers.AcknowledgedAtLeastAsync(5);
        await server.RestartAsync();
        await run;

        var figures = await IntegrityCheck.AssertEveryAcknowledgedOrderIsStoredAndScheduledOnceAsync(host.Client, "ref-forge", writers.Acknowledged);
        output.WriteLine($"PostgreSQL restart under 4 writers: {figures}, {writers.Retries} retries");
    }
}
