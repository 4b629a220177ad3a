using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace ForgeScheduler.Migrations;

/// <summary>One numbered schema file, embedded in the assembly that owns the tables.</summary>
public sealed record SchemaMigration(string Name, string Sql)
{
    public string Checksum { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql)));
}

/// <summary>
/// The one way the forge changes a PostgreSQL schema, for the service's store (plants, idempotency keys)
/// and the cluster (Orleans membership, grain state, order rows) alike: numbered files applied in
/// order, each once, each in its own transaction, recorded in <c>schema_migrations</c> with a checksum.
/// A session advisory lock makes two processes starting together queue instead of racing; the second
/// finds everything applied. A file changed after it was applied is an error — schema changes go in a
/// new numbered file.
/// </summary>
public static class SchemaMigrations
{
    // Any fixed number shared by every process of this application ("ForgeSt1" in ASCII).
    private const long AdvisoryLockKey = 0x466F726765537431;

    /// <summary>The <c>.sql</c> resources of <paramref name="assembly"/> under <paramref name="resourcePrefix"/>,
    /// by name; <paramref name="namePrefix"/> keeps two sets apart in the one ledger.</summary>
    public static IReadOnlyList<SchemaMigration> Embedded(Assembly assembly, string resourcePrefix, string namePrefix = "") =>
        assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(resourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => new SchemaMigration(namePrefix + n[resourcePrefix.Length..^".sql".Length], Read(assembly, n)))
            .OrderBy(m => m.Name, StringComparer.Ordinal)
            .ToArray();

    /// <summary>Applies the missing migrations; returns the names applied now (empty when up to date).</summary>
    public static async Task<IReadOnlyList<string>> ApplyAsync(NpgsqlDataSource dataSource, IReadOnlyList<SchemaMigration> migrations,
        CancellationToken cancellationToken = default)
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
            foreach (var migration in migrations)
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
        await using var cmd = new NpgsqlCommand("SELECT to_regclass('schema_migrations') IS NOT NULL", connection);
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

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded migration {resource} is missing.");
        using var reader = new StreamReader(stream);
        // Line endings normalised so a checkout with CRLF does not look like a changed migration.
        return reader.ReadToEnd().ReplaceLineEndings("\n");
    }
}
