using ForgeScheduler.Migrations;
using Npgsql;

namespace ForgeScheduler.Store;

/// <summary>The store's schema (Migrations/NNN_*.sql, embedded here), applied by the one runner,
/// <see cref="SchemaMigrations"/>.</summary>
public static class StoreMigrations
{
    /// <summary>The embedded files in the order they are applied.</summary>
    public static IReadOnlyList<SchemaMigration> All { get; } =
        SchemaMigrations.Embedded(typeof(StoreMigrations).Assembly, "ForgeScheduler.Store.Migrations.");

    /// <summary>Applies the missing migrations; returns the names applied now (empty when up to date).</summary>
    public static Task<IReadOnlyList<string>> ApplyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default) =>
        SchemaMigrations.ApplyAsync(dataSource, All, cancellationToken);

    /// <summary>Names of every migration recorded in the database (the store's and the cluster's).</summary>
    public static Task<IReadOnlyList<string>> AppliedAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default) =>
        SchemaMigrations.AppliedAsync(dataSource, cancellationToken);
}
