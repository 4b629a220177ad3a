using System.Text.Json.Nodes;

namespace ForgeScheduler.Store.Tests;

/// <summary>
/// What every <see cref="IPlantStore"/> must do. Runs once per implementation (the subclasses), so the
/// in-memory default and PostgreSQL cannot drift apart. Documents are compared as JSON, not text:
/// jsonb gives back its own normal form.
/// </summary>
public abstract class PlantStoreBehaviour : IAsyncLifetime
{
    protected const string Plant = "forge-north";
    protected const string PlantJson = """{"plant": "forge-north", "furnaces": [{"id": "F1", "capacity_t": 60}]}""";

    private IPlantStore? _store;

    protected IPlantStore Store => _store ?? throw new InvalidOperationException("store not created");

    protected abstract Task<IPlantStore> CreateStoreAsync();

    public virtual async Task InitializeAsync()
    {
        _store = await CreateStoreAsync();
        await Store.UpsertPlantAsync(Plant, PlantJson);
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected static string OrderJson(string id, double massT) =>
        $$"""{"id": "{{id}}", "product": "shaft", "mass_t": {{massT}}, "due": "2026-01-07T06:00:00+00:00"}""";

    protected static void SameJson(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"expected {expected}\nactual   {actual}");

    [Fact]
    public async Task PlantUpsertIsInsertedThenUnchangedThenUpdated()
    {
        Assert.Equal(UpsertOutcome.Inserted, await Store.UpsertPlantAsync("forge-south", """{"a": 1, "b": 2}"""));
        // Same document with other key order and spacing: no change.
        Assert.Equal(UpsertOutcome.Unchanged, await Store.UpsertPlantAsync("forge-south", """{ "b": 2, "a": 1 }"""));
        Assert.Equal(UpsertOutcome.Updated, await Store.UpsertPlantAsync("forge-south", """{"a": 1, "b": 3}"""));

        var plant = await Store.GetPlantAsync("forge-south");
        Assert.NotNull(plant);
        Assert.Equal(2, plant.Revision);
        SameJson("""{"a": 1, "b": 3}""", plant.PlantJson);
        Assert.Equal(["forge-north", "forge-south"], (await Store.ListPlantsAsync()).Select(p => p.PlantId));
        Assert.Null(await Store.GetPlantAsync("forge-east"));
    }

    [Fact]
    public async Task OrderUpsertIsInsertedThenUnchangedForSameHashThenUpdatedForNewHash()
    {
        var first = OrderJson("O-1", 12.5);
        var changed = OrderJson("O-1", 14);

        Assert.Equal(UpsertOutcome.Inserted, await Store.UpsertOrderAsync(Plant, "O-1", first, ContentHash.Of(first)));
        Assert.Equal(UpsertOutcome.Unchanged, await Store.UpsertOrderAsync(Plant, "O-1", first, ContentHash.Of(first)));
        Assert.Equal(UpsertOutcome.Updated, await Store.UpsertOrderAsync(Plant, "O-1", changed, ContentHash.Of(changed)));

        var order = Assert.Single(await Store.ListOrdersAsync(Plant));
        Assert.Equal("O-1", order.OrderId);
        Assert.Equal(2, order.Revision);
        Assert.Equal(ContentHash.Of(changed), order.ContentHash);
        SameJson(changed, order.OrderJson);
    }

    [Fact]
    public async Task CancelledOrderLeavesTheOrderBookAndComesBackWhenSentAgain()
    {
        foreach (var id in new[] { "O-2", "O-1", "O-3" })
            await Store.UpsertOrderAsync(Plant, id, OrderJson(id, 5), ContentHash.Of(OrderJson(id, 5)));

        Assert.True(await Store.CancelOrderAsync(Plant, "O-2"));
        Assert.False(await Store.CancelOrderAsync(Plant, "O-2"));
        Assert.False(await Store.CancelOrderAsync(Plant, "O-9"));
        Assert.Equal(["O-1", "O-3"], (await Store.ListOrdersAsync(Plant)).Select(o => o.OrderId));

        // The MES sending a cancelled order again re-opens it, even unchanged.
        Assert.Equal(UpsertOutcome.Updated, await Store.UpsertOrderAsync(Plant, "O-2", OrderJson("O-2", 5), ContentHash.Of(OrderJson("O-2", 5))));
        Assert.Equal(["O-1", "O-2", "O-3"], (await Store.ListOrdersAsync(Plant)).Select(o => o.OrderId));
    }

    [Fact]
    public async Task OrdersOfOnePlantAreNotInAnothersBook()
    {
        await Store.UpsertPlantAsync("forge-south", "{}");
        await Store.UpsertOrderAsync(Plant, "O-1", OrderJson("O-1", 5), "h1");
        await Store.UpsertOrderAsync("forge-south", "O-1", OrderJson("O-1", 7), "h2");

        Assert.Equal("h1", Assert.Single(await Store.ListOrdersAsync(Plant)).ContentHash);
        Assert.Equal("h2", Assert.Single(await Store.ListOrdersAsync("forge-south")).ContentHash);
        Assert.Empty(await Store.ListOrdersAsync("forge-east"));
    }

    [Fact]
    public async Task WritesForAPlantNeverStoredThrowUnknownPlant()
    {
        const string unknown = "forge-east";
        Assert.Equal(unknown, (await Assert.ThrowsAsync<UnknownPlantException>(
            () => Store.UpsertOrderAsync(unknown, "O-1", OrderJson("O-1", 5), "h"))).PlantId);
        await Assert.ThrowsAsync<UnknownPlantException>(() => Store.AppendEventAsync(unknown, "{}"));
        await Assert.ThrowsAsync<UnknownPlantException>(() => Store.AppendEventAsync(unknown, "{}", "k1"));
        await Assert.ThrowsAsync<UnknownPlantException>(() => Store.SaveScheduleVersionAsync(unknown, 1, "baseline", "{}", "{}"));
        await Assert.ThrowsAsync<UnknownPlantException>(() => Store.AppendKpiHistoryAsync(unknown, null, "actual", "{}"));
    }

    [Fact]
    public async Task DocumentsThatAreNotJsonAreRejectedBeforeStoring()
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => Store.UpsertOrderAsync(Plant, "O-1", "{\"id\": ", "h"));
        Assert.Equal("orderJson", e.ParamName);
        await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendEventAsync(Plant, "not json"));
        Assert.Empty(await Store.ListOrdersAsync(Plant));
        Assert.Empty(await Store.ListEventsAsync(Plant));
    }

    [Fact]
    public async Task EventsGetGaplessIncreasingSequenceNumbersPerPlant()
    {
        await Store.UpsertPlantAsync("forge-south", "{}");
        var a = await Store.AppendEventAsync(Plant, """{"type": "operation_started", "op": 1}""");
        var b = await Store.AppendEventAsync(Plant, """{"type": "operation_finished", "op": 1}""");
        var other = await Store.AppendEventAsync("forge-south", """{"type": "furnace_trip"}""");
        var c = await Store.AppendEventAsync(Plant, """{"type": "operation_started", "op": 2}""");

        Assert.Equal([1L, 2L, 3L], new[] { a, b, c }.Select(e => e.Sequence));
        Assert.Equal(1, other.Sequence);
        Assert.False(a.AlreadyRecorded);

        var after1 = await Store.ListEventsAsync(Plant, afterSequence: 1);
        Assert.Equal([2L, 3L], after1.Select(e => e.Sequence));
        SameJson("""{"type": "operation_finished", "op": 1}""", after1[0].EventJson);
        Assert.Equal([1L, 2L], (await Store.ListEventsAsync(Plant, afterSequence: 0, limit: 2)).Select(e => e.Sequence));
        Assert.Empty(await Store.ListEventsAsync(Plant, afterSequence: 3));
    }

    [Fact]
    public async Task ConcurrentEventAppendsEachGetTheirOwnSequenceNumber()
    {
        var appends = Enumerable.Range(0, 24)
            .Select(i => Task.Run(() => Store.AppendEventAsync(Plant, $$"""{"n": {{i}}}""")));
        var sequences = (await Task.WhenAll(appends)).Select(e => e.Sequence).Order().ToArray();

        Assert.Equal(Enumerable.Range(1, 24).Select(i => (long)i), sequences);
        Assert.Equal(24, (await Store.ListEventsAsync(Plant)).Count);
    }

    [Fact]
    public async Task RetriedEventWithTheSameKeyKeepsItsFirstSequenceNumber()
    {
        await Store.AppendEventAsync(Plant, """{"n": 0}""");
        var first = await Store.AppendEventAsync(Plant, """{"type": "late_heat", "minutes": 30}""", "mes-77");
        var retry = await Store.AppendEventAsync(Plant, """{ "minutes": 30, "type": "late_heat" }""", "mes-77");

        Assert.Equal(new AppendedEvent(2, AlreadyRecorded: false), first);
        Assert.Equal(new AppendedEvent(2, AlreadyRecorded: true), retry);
        var conflict = await Assert.ThrowsAsync<IdempotencyConflictException>(
            () => Store.AppendEventAsync(Plant, """{"type": "late_heat", "minutes": 45}""", "mes-77"));
        Assert.Equal("mes-77", conflict.Key);

        var events = await Store.ListEventsAsync(Plant);
        Assert.Equal(2, events.Count);
        Assert.Equal("mes-77", events[1].IdempotencyKey);
        Assert.Equal(3, (await Store.AppendEventAsync(Plant, """{"n": 3}""")).Sequence);
    }

    [Fact]
    public async Task ScheduleVersionsAreWrittenOnceAndLatestIsTheHighest()
    {
        await Store.SaveScheduleVersionAsync(Plant, 1, "baseline", """{"operations": [1]}""", """{"makespan_h": 30}""");
        await Store.SaveScheduleVersionAsync(Plant, 2, "cpsat", """{"operations": [1, 2]}""", """{"makespan_h": 26.5}""");

        var latest = await Store.GetScheduleAsync(Plant);
        Assert.NotNull(latest);
        Assert.Equal(2, latest.Version);
        Assert.Equal("cpsat", latest.Method);
        SameJson("""{"makespan_h": 26.5}""", latest.KpisJson);
        var v1 = await Store.GetScheduleAsync(Plant, 1);
        Assert.NotNull(v1);
        SameJson("""{"operations": [1]}""", v1.ScheduleJson);
        Assert.Null(await Store.GetScheduleAsync(Plant, 3));
        Assert.Null(await Store.GetScheduleAsync("forge-east"));

        var conflict = await Assert.ThrowsAsync<ScheduleVersionConflictException>(
            () => Store.SaveScheduleVersionAsync(Plant, 2, "cpsat", """{"operations": []}""", "{}"));
        Assert.Equal(2, conflict.Version);
        SameJson("""{"operations": [1, 2]}""", (await Store.GetScheduleAsync(Plant, 2))!.ScheduleJson);
        Assert.Equal([2, 1], (await Store.ListScheduleVersionsAsync(Plant)).Select(s => s.Version));
        Assert.Equal([2], (await Store.ListScheduleVersionsAsync(Plant, limit: 1)).Select(s => s.Version));
    }

    [Fact]
    public async Task IdempotencyKeyReplaysTheFirstResponseAndRefusesAnotherRequest()
    {
        var recorded = await Store.TryRecordIdempotencyKeyAsync(Plant, "req-1", "hash-a", """{"outcome": "inserted"}""");
        var replayed = await Store.TryRecordIdempotencyKeyAsync(Plant, "req-1", "hash-a", """{"outcome": "unchanged"}""");
        var conflict = await Store.TryRecordIdempotencyKeyAsync(Plant, "req-1", "hash-b", """{"outcome": "updated"}""");

        Assert.Equal(IdempotencyOutcome.Recorded, recorded.Outcome);
        Assert.Equal(IdempotencyOutcome.Replayed, replayed.Outcome);
        SameJson("""{"outcome": "inserted"}""", replayed.ResponseJson!);
        Assert.Equal(new IdempotencyResult(IdempotencyOutcome.Conflict, null), conflict);
        // Keys are per plant: the same key elsewhere is a new request.
        Assert.Equal(IdempotencyOutcome.Recorded,
            (await Store.TryRecordIdempotencyKeyAsync("forge-south", "req-1", "hash-b", "{}")).Outcome);

        var stored = await Store.GetIdempotencyKeyAsync(Plant, "req-1");
        Assert.NotNull(stored);
        Assert.Equal("hash-a", stored.RequestHash);
        Assert.Null(await Store.GetIdempotencyKeyAsync(Plant, "req-2"));
    }

    [Fact]
    public async Task PurgeForgetsOnlyKeysOlderThanTheCutoff()
    {
        await Store.TryRecordIdempotencyKeyAsync(Plant, "req-1", "h", "{}");
        var recordedAt = (await Store.GetIdempotencyKeyAsync(Plant, "req-1"))!.CreatedAt;

        Assert.Equal(0, await Store.PurgeIdempotencyKeysAsync(recordedAt.AddMinutes(-1)));
        Assert.Equal(1, await Store.PurgeIdempotencyKeysAsync(recordedAt.AddMinutes(1)));
        Assert.Null(await Store.GetIdempotencyKeyAsync(Plant, "req-1"));
    }

    [Fact]
    public async Task KpiHistoryListsSnapshotsOldestFirst()
    {
        await Store.UpsertPlantAsync("forge-south", "{}");
        var planned = await Store.AppendKpiHistoryAsync(Plant, 1, "planned", """{"energy_kwh_per_t": 512.5}""");
        await Store.AppendKpiHistoryAsync("forge-south", null, "actual", "{}");
        var actual = await Store.AppendKpiHistoryAsync(Plant, null, "actual", """{"energy_kwh_per_t": 530}""");

        Assert.True(actual > planned);
        var history = await Store.ListKpiHistoryAsync(Plant);
        Assert.Equal([planned, actual], history.Select(h => h.Sequence));
        Assert.Equal(1, history[0].ScheduleVersion);
        Assert.Null(history[1].ScheduleVersion);
        Assert.Equal("actual", history[1].Source);
        SameJson("""{"energy_kwh_per_t": 530}""", history[1].KpisJson);
        Assert.Equal([actual], (await Store.ListKpiHistoryAsync(Plant, afterSequence: planned)).Select(h => h.Sequence));
    }

    [Fact]
    public async Task BenchStoresEveryOrderItTimes()
    {
        var result = await StoreBench.UpsertsPerSecondAsync(Store, 40, concurrency: 4);

        Assert.Equal(40, result.Count);
        Assert.True(result.UpsertsPerSecond > 0);
        Assert.InRange(result.P50Milliseconds, 0, result.P99Milliseconds);
        Assert.Equal(40, (await Store.ListOrdersAsync("bench")).Count);
    }
}
