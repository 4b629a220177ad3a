using System.CommandLine;
using ForgeScheduler.Cluster.Hosting;
using ForgeScheduler.Formats;
using Npgsql;

namespace ForgeScheduler.Cli;

/// <summary><c>forge db init</c>: installs the whole schema — the service's store (plants, idempotency
/// keys) and the cluster's (Orleans membership, grain state and their named queries, order rows;
/// docs/cluster.md) — into a PostgreSQL database, by the one migration runner. Safe to run again: it
/// applies only what is missing.</summary>
internal static class DbCommand
{
    public static Command Create(CliContext context)
    {
        var connection = new Option<string>("--connection")
        {
            HelpName = "CONNECTION",
            Description = "Npgsql connection string, e.g. \"Host=127.0.0.1;Port=5432;Username=forge;Database=forge\"",
            Required = true,
        };
        var init = new Command("init", "Create or update the tables and queries a PostgreSQL-backed forge cluster needs (idempotent).")
        {
            connection,
        };
        init.SetAction(parse => Init(context, parse.GetValue(connection)!));
        return new Command("db", "Manage the PostgreSQL database of a forge cluster.") { init };
    }

    private static int Init(CliContext context, string connectionString)
    {
        try { _ = new NpgsqlConnectionStringBuilder(connectionString); }
        catch (ArgumentException e) { throw new ForgeInputException("command line", "--connection", e.Message); }
        IReadOnlyList<string> applied;
        try
        {
            applied = InitAsync(connectionString).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is NpgsqlException or PostgresException or TimeoutException)
        {
            context.Error.WriteLine($"forge: db init: {e.Message.ReplaceLineEndings(" ").Trim()}");
            return ExitCodes.InternalError;
        }
        foreach (var script in applied) context.Out.WriteLine($"applied {script}");
        context.Out.WriteLine(applied.Count == 0 ? "database ready: already up to date" : $"database ready: {applied.Count} script(s) applied");
        return ExitCodes.Ok;
    }

    private static async Task<IReadOnlyList<string>> InitAsync(string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var store = await Store.StoreMigrations.ApplyAsync(dataSource);
        var cluster = await ForgeDatabase.InitAsync(dataSource);
        return [.. store, .. cluster];
    }
}
