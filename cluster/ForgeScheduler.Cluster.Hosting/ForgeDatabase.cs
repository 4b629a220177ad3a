using System.Reflection;
using Npgsql;

namespace ForgeScheduler.Cluster.Hosting;

/// <summary>Installs the forge cluster's schema (Orleans membership, grain state and their named
/// queries) into a PostgreSQL database. Every script is idempotent; running it again updates the
/// queries and leaves data alone.</summary>
public static class ForgeDatabase
{
    private const string ResourcePrefix = "ForgeScheduler.Cluster.Hosting.Sql.";

    /// <summary>Any fixed number: concurrent inits (two silos starting, two `forge db init`) take turns.</summary>
    private const long InitLockKey = 0x466f726765; // "Forge"

    /// <summary>The SQL scripts in the order they are applied (numbered file names).</summary>
    public static IReadOnlyList<string> Scripts { get; } = typeof(ForgeDatabase).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..])
        .Order(StringComparer.Ordinal)
        .ToList();

    public static string ReadScript(string name)
    {
        using var stream = typeof(ForgeDatabase).Assembly.GetManifestResourceStream(ResourcePrefix + name)
            ?? throw new ArgumentException($"no embedded SQL script '{name}'", nameof(name));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Applies every script in one transaction; returns the names applied.</summary>
    public static async Task<IReadOnlyList<string>> InitAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        return await InitAsync(dataSource, cancellationToken);
    }

    public static async Task<IReadOnlyList<string>> InitAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", InitLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var ledger = new NpgsqlCommand("""
            CREATE TABLE IF NOT EXISTS forge_schema_scripts
            (
                name       text        PRIMARY KEY,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """, connection, transaction))
        {
            await ledger.ExecuteNonQueryAsync(cancellationToken);
        }
        foreach (var name in Scripts)
        {
            await using (var script = new NpgsqlCommand(ReadScript(name), connection, transaction))
                await script.ExecuteNonQueryAsync(cancellationToken);
            await using var record = new NpgsqlCommand(
                "INSERT INTO forge_schema_scripts (name) VALUES (@name) ON CONFLICT (name) DO UPDATE SET applied_at = now()",
                connection, transaction);
            record.Parameters.AddWithValue("name", name);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return Scripts;
    }
}
