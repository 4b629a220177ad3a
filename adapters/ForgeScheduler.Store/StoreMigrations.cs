using System.Reflection;
using Npgsql;

namespace ForgeScheduler.Store;

/// <summary>One numbered schema file from Migrations/, embedded in this assembly.</summary>
public sealed record StoreMigration(string Name, string Sql)
{
    public string Checksum { get; } = ContentHash.Of(Sql);
}

/// <summary>
/// Applies Migrations/NNN_*.sql in number order, each once (recorded in <c>schema_migrations</c>), each
/// in its own transaction. A session advisory lock makes two processes starting together queue instead
/// of racing; the second finds everything applied. A file changed after it was applied is an error —
/// schema changes go in a new numbered file.
/// </summary>
public static class StoreMigrations
{
    // Arbitrary constant shared by every process of this application ("ForgeSt1" in ASCII).
    private const long AdvisoryLockKey = 0x466F726765537431;

    private const string ResourcePrefix = "ForgeScheduler.Store.Migrations.";

    /// <summary>The embedded files in the order they are applied.</summary>
    public static IReadOnlyList<StoreMigration> All { get; } = Load();

    /// <summary>Applies the missing migrations; returns the names applied now (empty when up to date).</summary>
    public static async Task<IReadOnlyList<string>> ApplyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null, "SELECT pg_advisory_lock($1)", cancellationToken, AdvisoryLockKey);
        try
        {
            const string createTable = """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    name        text        PRIMARY KEY,
                    checksum    text        NOT NULL,
                    applied_at  timestamptz NOT NULL DEFAULT now()
                )
                """;
            await ExecuteAsync(connection, null, createTable, cancellationToken);
            var applied = await AppliedAsync(connection, cancellationToken);

            var appliedNow = new List<string>();
            foreach (var migration in All)
            {
                if (applied.TryGetValue(migration.Name, out var checksum))
                {
                    if (checksum != migration.Checksum)
                        throw new InvalidOperationException(
                            $"Migration {migration.Name} was changed after it was applied to this database; put schema changes in a new numbered file.");
                    continue;
                }

                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
                await ExecuteAsync(connection, transaction, "INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)",
                    cancellationToken, migration.Name, migration.Checksum);
                await transaction.CommitAsync(cancellationToken);
                appliedNow.Add(migration.Name);
            }

            return appliedNow;
        }
        finally
        {
            // Not the caller's token: the lock must be released even when the caller gave up.
            await ExecuteAsync(connection, null, "SELECT pg_advisory_unlock($1)", CancellationToken.None, AdvisoryLockKey);
        }
    }

    /// <summary>Names of the migrations recorded in the database (empty before the first apply).</summary>
    public static async Task<IReadOnlyList<string>> AppliedAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        const string exists = "SELECT to_regclass('schema_migrations') IS NOT NULL";
        await using var cmd = new NpgsqlCommand(exists, connection);
        if (!(bool)(await cmd.ExecuteScalarAsync(cancellationToken))!)
            return [];
        return (await AppliedAsync(connection, cancellationToken)).Keys.Order(StringComparer.Ordinal).ToArray();
    }

    private static async Task<Dictionary<string, string>> AppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand("SELECT name, checksum FROM schema_migrations", connection);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var applied = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
            applied[reader.GetString(0)] = reader.GetString(1);
        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql,
        CancellationToken cancellationToken, params object[] parameters)
    {
        await using var cmd = new NpgsqlCommand(sql, connection, transaction);
        foreach (var p in parameters)
            cmd.Parameters.Add(new NpgsqlParameter { Value = p });
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    private static StoreMigration[] Load()
    {
        var assembly = typeof(StoreMigrations).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => new StoreMigration(n[ResourcePrefix.Length..^".sql".Length], Read(assembly, n)))
            .OrderBy(m => m.Name, StringComparer.Ordinal)
            .ToArray();
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded migration {resource} is missing.");
        using var reader = new StreamReader(stream);
        // Line endings normalised so a checkout with CRLF does not look like a changed migration.
        return reader.ReadToEnd().ReplaceLineEndings("\n");
    }
}
