using Npgsql;
using Xunit.Abstractions;

namespace ForgeScheduler.Store.Tests;

/// <summary>The shared behaviour on a real PostgreSQL, plus what only a database can show: restarts.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresPlantStoreTests(PostgresServer server, ITestOutputHelper output) : PlantStoreBehaviour
{
    private string _connectionString = "";
    private NpgsqlDataSource? _dataSource;

    protected override async Task<IPlantStore> CreateStoreAsync()
    {
        _connectionString = await server.CreateDatabaseAsync();
        _dataSource = NpgsqlDataSource.Create(_connectionString);
        await StoreMigrations.ApplyAsync(_dataSource);
        return new PostgresPlantStore(_dataSource);
    }

    public override async Task DisposeAsync()
    {
        if (_dataSource is not null)
            await _dataSource.DisposeAsync();
    }

    [Fact]
    public async Task EverythingAcknowledgedSurvivesARestartOnTheSameDatabase()
    {
        await Store.UpsertOrderAsync(Plant, "O-1", OrderJson("O-1", 8), "h1");
        await Store.UpsertOrderAsync(Plant, "O-2", OrderJson("O-2", 9), "h2");
        await Store.CancelOrderAsync(Plant, "O-2");
        await Store.AppendEventAsync(Plant, """{"type": "operation_started"}""");
        await Store.AppendEventAsync(Plant, """{"type": "operation_finished"}""", "mes-1");
        await Store.SaveScheduleVersionAsync(Plant, 1, "cpsat", """{"operations": [7]}""", "{}");
        await Store.TryRecordIdempotencyKeyAsync(Plant, "req-1", "hash-a", """{"version": 1}""");

        // A restart: the old process's pool is gone, a new one connects to the same database.
        await _dataSource!.DisposeAsync();
        await using var reopened = NpgsqlDataSource.Create(_connectionString);
        Assert.Empty(await StoreMigrations.ApplyAsync(reopened));
        var store = new PostgresPlantStore(reopened);

        SameJson(PlantJson, (await store.GetPlantAsync(Plant))!.PlantJson);
        Assert.Equal("h1", Assert.Single(await store.ListOrdersAsync(Plant)).ContentHash);
        Assert.Equal(UpsertOutcome.Unchanged, await store.UpsertOrderAsync(Plant, "O-1", OrderJson("O-1", 8), "h1"));
        Assert.Equal([1L, 2L], (await store.ListEventsAsync(Plant)).Select(e => e.Sequence));
        Assert.Equal(new AppendedEvent(2, AlreadyRecorded: true), await store.AppendEventAsync(Plant, """{"type": "operation_finished"}""", "mes-1"));
        Assert.Equal(3, (await store.AppendEventAsync(Plant, """{"type": "furnace_trip"}""")).Sequence);
        Assert.Equal(1, (await store.GetScheduleAsync(Plant))!.Version);
        Assert.Equal(IdempotencyOutcome.Replayed, (await store.TryRecordIdempotencyKeyAsync(Plant, "req-1", "hash-a", "{}")).Outcome);
    }

    [Fact]
    public async Task BenchFigureForTheReport()
    {
        // Not a timed test: it prints the figure. FORGE_STORE_BENCH_COUNT=2000 for the README number.
        var count = int.TryParse(Environment.GetEnvironmentVariable("FORGE_STORE_BENCH_COUNT"), out var n) ? n : 100;
        foreach (var concurrency in new[] { 1, 8 })
        {
            var r = await StoreBench.UpsertsPerSecondAsync(Store, count, concurrency);
            output.WriteLine($"{r.Count} upserts, {r.Concurrency} writers: {r.UpsertsPerSecond:F0}/s, p50 {r.P50Milliseconds:F2} ms, p99 {r.P99Milliseconds:F2} ms");
        }

        Assert.Equal(2 * count, (await Store.ListOrdersAsync("bench")).Count);
    }
}
