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
    public async Task InitInstallsEveryQueryTheProvidersReadAndCanRunTwice()
    {
        var connection = await postgres.CreateDatabaseAsync("init");

        var first = await ForgeDatabase.InitAsync(connection);
        var second = await ForgeDatabase.InitAsync(connection);

        Assert.Equal(["0001-orleans-clustering.sql", "0002-orleans-grain-state.sql"], first);
        Assert.Equal(first, second);
        await using var dataSource = NpgsqlDataSource.Create(connection);
        var keys = new List<string>();
        await using (var command = dataSource.CreateCommand("SELECT QueryKey FROM OrleansQuery ORDER BY 1"))
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) keys.Add(reader.GetString(0));
        Assert.Equal(ClusteringKeys.Concat(PersistenceKeys).Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
    }
}
