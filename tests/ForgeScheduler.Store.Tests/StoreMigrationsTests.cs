using Npgsql;

namespace ForgeScheduler.Store.Tests;

[Collection(PostgresCollection.Name)]
public sealed class StoreMigrationsTests(PostgresServer server)
{
    private static readonly string[] AllNames = ["001_plants_orders", "002_events", "003_schedules_kpis", "004_idempotency"];

    [Fact]
    public void EmbeddedMigrationsAreTheNumberedFilesInOrder() =>
        Assert.Equal(AllNames, StoreMigrations.All.Select(m => m.Name));

    [Fact]
    public async Task ApplyingTwiceAppliesEachFileOnce()
    {
        await using var dataSource = NpgsqlDataSource.Create(await server.CreateDatabaseAsync());
        Assert.Empty(await StoreMigrations.AppliedAsync(dataSource));

        Assert.Equal(AllNames, await StoreMigrations.ApplyAsync(dataSource));
        Assert.Empty(await StoreMigrations.ApplyAsync(dataSource));
        Assert.Equal(AllNames, await StoreMigrations.AppliedAsync(dataSource));
        Assert.Equal(6L, await ScalarAsync(dataSource,
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_migrations'"));
    }

    [Fact]
    public async Task TwoProcessesMigratingAtOnceDoNotRace()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await using var first = NpgsqlDataSource.Create(connectionString);
        await using var second = NpgsqlDataSource.Create(connectionString);

        var applied = await Task.WhenAll(
            Task.Run(() => StoreMigrations.ApplyAsync(first)),
            Task.Run(() => StoreMigrations.ApplyAsync(second)));

        // One of them did all the work, the other found it done.
        Assert.Equal(AllNames, applied.SelectMany(a => a).Order(StringComparer.Ordinal));
        Assert.Equal(4L, await ScalarAsync(first, "SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task AMigrationChangedAfterItWasAppliedIsRefused()
    {
        await using var dataSource = NpgsqlDataSource.Create(await server.CreateDatabaseAsync());
        await StoreMigrations.ApplyAsync(dataSource);
        await ScalarAsync(dataSource, "UPDATE schema_migrations SET checksum = 'edited' WHERE name = '002_events'");

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => StoreMigrations.ApplyAsync(dataSource));
        Assert.Contains("002_events", e.Message, StringComparison.Ordinal);
    }

    private static async Task<object?> ScalarAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var cmd = dataSource.CreateCommand(sql);
        return await cmd.ExecuteScalarAsync();
    }
}
