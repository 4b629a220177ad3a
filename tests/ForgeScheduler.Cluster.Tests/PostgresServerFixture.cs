using System.Diagnostics;
using ForgeScheduler.Cluster.Hosting;
using Npgsql;

namespace ForgeScheduler.Cluster.Tests;

/// <summary>A throw-away PostgreSQL server on 127.0.0.1, started with scripts/pg-test-server.sh for this
/// test run and stopped after it. Without root or PostgreSQL's binaries the tests fail, saying why:
/// a skipped cluster test would look like a passing one.</summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    private string? _dataDirectory;
    private string _script = "";

    public int Port { get; } = ForgeSiloHosting.FreePort();

    public string ServerConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Timeout=10";

    public async Task InitializeAsync()
    {
        _script = Path.Combine(RepositoryRoot(), "scripts", "pg-test-server.sh");
        var (code, output, error) = await Run(_script, "start", Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (code != 0)
            throw new InvalidOperationException(
                $"could not start the test PostgreSQL server (scripts/pg-test-server.sh exit {code}): {error.Trim()} " +
                "— the cluster tests need root and PostgreSQL (apt-get install -y postgresql; .ci/run installs it).");
        _dataDirectory = output.Trim();
    }

    /// <summary>A new empty database on the server, so tests do not see each other's clusters.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)];
        await using var dataSource = NpgsqlDataSource.Create(ServerConnectionString);
        await using var command = dataSource.CreateCommand($"CREATE DATABASE \"{name}\"");
        await command.ExecuteNonQueryAsync();
        return $"Host=127.0.0.1;Port={Port};Username=postgres;Database={name};Timeout=10";
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_dataDirectory is not null) await Run(_script, "stop", _dataDirectory);
    }

    private static async Task<(int Code, string Output, string Error)> Run(string script, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not run bash");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ForgeScheduler.sln"))) return dir.FullName;
        throw new InvalidOperationException($"ForgeScheduler.sln not found above {AppContext.BaseDirectory}");
    }
}
