using ForgeScheduler.Migrations;
using Npgsql;

namespace ForgeScheduler.Cluster.Hosting;

/// <summary>The forge cluster's schema (Orleans membership, grain state and their named queries, the
/// plant grains' order rows): Sql/NNNN-*.sql, embedded here, applied by the one runner,
/// <see cref="SchemaMigrations"/>, under the names <c>cluster/NNNN-…</c>.</summary>
public static class ForgeDatabase
{
    /// <summary>The cluster's scripts in the order they are applied.</summary>
    public static IReadOnlyList<SchemaMigration> Scripts { get; } =
        SchemaMigrations.Embedded(typeof(ForgeDatabase).Assembly, "ForgeScheduler.Cluster.Hosting.Sql.", "cluster/");

    /// <summary>Applies the scripts not applied yet; returns their names (empty when up to date).</summary>
    public static async Task<IReadOnlyList<string>> InitAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        return await InitAsync(dataSource, cancellationToken);
    }

    public static Task<IReadOnlyList<string>> InitAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        return SchemaMigrations.ApplyAsync(dataSource, Scripts, cancellationToken);
    }
}
