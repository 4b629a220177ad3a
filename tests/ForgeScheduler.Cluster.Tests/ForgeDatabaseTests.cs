using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Cluster.Grains;
using ForgeScheduler.Cluster.Hosting;
using Npgsql;

namespace ForgeScheduler.Cluster.Tests;

public sealed class ForgeDatabaseTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>
{
    private static readonly string[] ClusteringKeys =
    [
        "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "UpdateIAmAlivetimeKey",
        "MembershipReadRowKey", "MembershipReadAllKey", "GatewaysQueryKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey",
    ];

    private static readonly string[] PersistenceKeys = ["ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey", "DeleteStorageKey"];

    [Fact]
    public async Task PostgresOrderRowsUpsertOneRowPerOrderAndKeepTheOrderOfFirstArrival()
    {
        var connection = await postgres.CreateDatabaseAsync("rows");
        await ForgeDatabase.InitAsync(connection);
        await using var dataSource = NpgsqlDataSource.Create(connection);
        var storage = new PostgresPlantStorage(dataSource);
        var b = ClusterTestData.Order("B");
        var a = ClusterTestData.Order("A");

        Assert.Equal(["inserted", "inserted"], await storage.UpsertOrdersAsync("p", [b, a], CancellationToken.None));
        Assert.Equal(["unchanged", "updated"], await storage.UpsertOrdersAsync("p", [b, a with { Weight = 3 }], CancellationToken.None));
        Assert.Empty(await storage.LoadOrdersAsync("other", CancellationToken.None));
        var loaded = await storage.LoadOrdersAsync("p", CancellationToken.None);
        Assert.Equal(["B", "A"], loaded.Select(o => o.Id));
        Assert.Equal(3, loaded[1].Weight);
        Assert.Equal(DomainJson.Write(b), DomainJson.Write(loaded[0]));
        Assert.True(await storage.RemoveOrderAsync("p", "B", CancellationToken.None));
        Assert.False(await storage.RemoveOrderAsync("p", "B", CancellationToken.None));
        Assert.Equal(["A"], (await storage.LoadOrdersAsync("p", CancellationToken.None)).Select(o => o.Id));
    }

    [Fact]
    public async Task EightConcurrentCommitsWithOneKeyApplyExactlyOneAndABadRowStoresNothing()
    {
        var connection = await postgres.CreateDatabaseAsync("commits");
        await ForgeDatabase.InitAsync(connection);
        await using var dataSource = NpgsqlDataSource.Create(connection);
        var storage = new PostgresPlantStorage(dataSource);
        var at = ClusterTestData.PlanStart;

        // Eight requests with one key and different orders race: one commit writes, seven find the key taken.
        var commits = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => storage.CommitAsync("p", new PlantWrite
        {
            Upserts = [ClusterTestData.Order($"K{i}")],
            Events = [new LoggedEvent { Sequence = 1, ReceivedAt = at, Event = new ShopFloorEvent { Type = ShopFloorEventTypes.ResourceUp, At = at, Resource = "F1" } }],
            Claim = new RequestClaim { Key = "mes-1", RequestHash = $"h{i}" },
            Answer = outcomes => $"{{\"outcome\": \"{outcomes[0]}\", \"writer\": {i}}}",
            At = at,
        }, CancellationToken.None)));
        var applied = commits.Where(c => c.Earlier is null).ToList();
        Assert.Single(applied);
        Assert.Equal(["inserted"], applied[0].Outcomes);
        Assert.Single(await storage.LoadOrdersAsync("p", CancellationToken.None));
        Assert.Single(await storage.LoadEventsAsync("p", 0, CancellationToken.None));
        var stored = (await storage.FindRequestAsync("p", "mes-1", CancellationToken.None))!;
        Assert.All(commits.Where(c => c.Earlier is not null), c => Assert.Equal(stored, c.Earlier));
        Assert.Contains("\"inserted\"", stored.ResponseJson, StringComparison.Ordinal);

        // A commit that fails on its second row (an event number already taken) leaves its first row out too.
        var failing = storage.CommitAsync("p", new PlantWrite
        {
            Upserts = [ClusterTestData.Order("NEW")],
            Events = [new LoggedEvent { Sequence = 1, ReceivedAt = at, Event = new ShopFloorEvent { Type = ShopFloorEventTypes.ResourceUp, At = at, Resource = "F1" } }],
            Claim = new RequestClaim { Key = "mes-2", RequestHash = "h" },
            At = at,
        }, CancellationToken.None);
        await Assert.ThrowsAsync<PostgresException>(() => failing);
        Assert.Single(await storage.LoadOrdersAsync("p", CancellationToken.None));
        Assert.Null(await storage.FindRequestAsync("p", "mes-2", CancellationToken.None));

        // Keys older than the cutoff are forgotten in the next commit with a key.
        await storage.CommitAsync("p", new PlantWrite { Claim = new RequestClaim { Key = "mes-3", RequestHash = "h" }, At = at.AddDays(2), ForgetKeysBefore = at.AddDays(1) },
            CancellationToken.None);
        Assert.Null(await storage.FindRequestAsync("p", "mes-1", CancellationToken.None));
        Assert.NotNull(await storage.FindRequestAsync("p", "mes-3", CancellationToken.None));
    }

    [Fact]
    public async Task InitInstallsEveryQueryTheProvidersReadAndCanRunTwice()
    {
        var connection = await postgres.CreateDatabaseAsync("init");

        var first = await ForgeDatabase.InitAsync(connection);
        var second = await ForgeDatabase.InitAsync(connection);

        Assert.Equal(ForgeDatabase.Scripts.Select(s => s.Name), first);
        Assert.Equal(["cluster/0001-orleans-clustering", "cluster/0002-orleans-grain-state", "cluster/0003-plant-orders", "cluster/0004-plant-writes"], first);
        // The one runner applies a script once: the second init finds nothing to do.
        Assert.Empty(second);
        await using var dataSource = NpgsqlDataSource.Create(connection);
        var keys = new List<string>();
        await using (var command = dataSource.CreateCommand("SELECT QueryKey FROM OrleansQuery ORDER BY 1"))
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) keys.Add(reader.GetString(0));
        Assert.Equal(ClusteringKeys.Concat(PersistenceKeys).Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ForgeDbInitCommandInstallsTheSchemaAndSaysWhatItApplied()
    {
        var connection = await postgres.CreateDatabaseAsync("cli");
        var output = new StringWriter();
        var errors = new StringWriter();

        var exit = ForgeScheduler.Cli.ForgeCli.Run(["db", "init", "--connection", connection], output, errors);

        Assert.True(exit == 0, errors.ToString());
        // The store's schema and the cluster's, by the one runner, into the one ledger.
        Assert.Contains("applied 001_plants_orders", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("applied cluster/0001-orleans-clustering", output.ToString(), StringComparison.Ordinal);
        var scripts = ForgeScheduler.Store.StoreMigrations.All.Count + ForgeDatabase.Scripts.Count;
        Assert.Contains($"database ready: {scripts} script(s) applied", output.ToString(), StringComparison.Ordinal);
        await using var dataSource = NpgsqlDataSource.Create(connection);
        await using var count = dataSource.CreateCommand("SELECT count(*) FROM OrleansQuery");
        Assert.Equal(13L, await count.ExecuteScalarAsync());
        await using var ledger = dataSource.CreateCommand("SELECT count(*) FROM schema_migrations");
        Assert.Equal((long)scripts, await ledger.ExecuteScalarAsync());

        var again = new StringWriter();
        Assert.Equal(0, ForgeScheduler.Cli.ForgeCli.Run(["db", "init", "--connection", connection], again, errors));
        Assert.Contains("database ready: already up to date", again.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ForgeDbInitCommandWithAnUnreachableServerFailsWithOneLine()
    {
        var errors = new StringWriter();

        var exit = ForgeScheduler.Cli.ForgeCli.Run(
            ["db", "init", "--connection", $"Host=127.0.0.1;Port={ForgeSiloHosting.FreePort()};Username=postgres;Timeout=2"],
            new StringWriter(), errors);

        Assert.Equal(3, exit);
        Assert.StartsWith("forge: db init: ", errors.ToString(), StringComparison.Ordinal);
    }
}
