using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace ForgeScheduler.Store.Tests;

/// <summary>
/// A throw-away PostgreSQL for the tests: initdb into a temp directory, start on a free loopback port,
/// stop and delete at the end (docs/store.md). As root the server runs as user postgres via runuser.
/// If the binaries are missing it installs the Debian package; if that fails the tests fail with the
/// reason — they are never skipped. FORGE_TEST_POSTGRES (a connection string to a server the test script
/// started) is used instead when set.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private const string ExternalServerVariable = "FORGE_TEST_POSTGRES";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(5);

    private string? _binDirectory;
    private string? _dataDirectory;
    private NpgsqlDataSource? _admin;

    /// <summary>Connection string of the server's <c>postgres</c> database.</summary>
    public string AdminConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable(ExternalServerVariable);
        if (!string.IsNullOrWhiteSpace(external))
            AdminConnectionString = external;
        else
            AdminConnectionString = await StartAsync();
        _admin = NpgsqlDataSource.Create(AdminConnectionString);
    }

    /// <summary>A new empty database on the server, so each test starts from nothing.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "forge_test_" + Guid.NewGuid().ToString("N")[..12];
        // A database name cannot be a parameter; this one is made of hex digits only.
        await using var cmd = _admin!.CreateCommand($"CREATE DATABASE {name}");
        await cmd.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Stops the server (fast: open connections are cut) and starts it again on the same port and
    /// data: what a database failover or an upgrade does to the service. Only for the server this fixture
    /// started; with FORGE_TEST_POSTGRES it cannot restart someone else's server and says so.</summary>
    public async Task RestartAsync()
    {
        if (_dataDirectory is null)
            throw new InvalidOperationException($"{ExternalServerVariable} points at a server this fixture did not start: it cannot restart it");
        // -l again: without it the server would write to our pipe and keep it open.
        await RunAsync(PgCtl, "-D", _dataDirectory, "-l", Path.Combine(_dataDirectory, "server.log"), "-m", "fast", "-w", "-t", "60", "restart");
        // The fixture's own pooled connections were cut: start from fresh ones.
        if (_admin is not null) await _admin.DisposeAsync();
        _admin = NpgsqlDataSource.Create(AdminConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (_admin is not null)
            await _admin.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        if (_dataDirectory is null)
            return;
        await RunAsync(PgCtl, "-D", _dataDirectory, "-m", "fast", "-w", "stop");
        Directory.Delete(_dataDirectory, recursive: true);
    }

    private string PgCtl => Path.Combine(_binDirectory!, "pg_ctl");

    private async Task<string> StartAsync()
    {
        _binDirectory = FindBinDirectory() ?? await InstallAsync();
        _dataDirectory = Directory.CreateTempSubdirectory("forge-test-pg-").FullName;
        if (IsRoot)
            await RunAsync("chown", "postgres:postgres", _dataDirectory);
        await RunAsync(Path.Combine(_binDirectory, "initdb"), "-D", _dataDirectory, "-U", "postgres", "-A", "trust",
            "-E", "UTF8", "--no-sync");

        // A free port can be taken by someone else between asking and starting: try a few.
        string? lastError = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var port = FreePort();
            // One server serves every test class of an assembly, each with its own services and pools (Npgsql,
            // Orleans ADO.NET): the default 100 connections ran out in a CI run ("53300: too many clients").
            var options = string.Create(CultureInfo.InvariantCulture,
                $"-c listen_addresses=127.0.0.1 -p {port} -k {_dataDirectory} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400");
            var (exit, output) = await TryRunAsync(PgCtl, "-D", _dataDirectory, "-l", Path.Combine(_dataDirectory, "server.log"),
                "-w", "-t", "30", "-o", options, "start");
            if (exit == 0)
                return string.Create(CultureInfo.InvariantCulture, $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true");
            lastError = output + ReadLog();
        }

        throw new InvalidOperationException($"PostgreSQL did not start in {_dataDirectory}: {lastError}");
    }

    private string ReadLog()
    {
        var log = Path.Combine(_dataDirectory!, "server.log");
        return File.Exists(log) ? File.ReadAllText(log) : "";
    }

    private static string? FindBinDirectory()
    {
        var root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
            return null;
        return Directory.GetDirectories(root)
            .Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "pg_ctl")) && File.Exists(Path.Combine(d, "initdb")))
            .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
            .FirstOrDefault();
    }

    private static async Task<string> InstallAsync()
    {
        // A fresh machine: the Debian package brings initdb/pg_ctl (STACK.md).
        var (exit, output) = await TryRunAsync("apt-get", "install", "-y", "postgresql");
        if (exit != 0)
        {
            await TryRunAsync("apt-get", "update");
            (exit, output) = await TryRunAsync("apt-get", "install", "-y", "postgresql");
        }

        return FindBinDirectory() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries are not under /usr/lib/postgresql/*/bin and `apt-get install -y postgresql` " +
            $"did not provide them (exit {exit}). Install PostgreSQL or set {ExternalServerVariable} to a connection string.\n{output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static async Task RunAsync(string file, params string[] args)
    {
        var (exit, output) = await TryRunAsync(file, args);
        if (exit != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed with exit {exit}:\n{output}");
    }

    // initdb and postgres refuse to run as root: as root, run the server tools as user postgres.
    private static async Task<(int Exit, string Output)> TryRunAsync(string file, params string[] args)
    {
        var asPostgres = IsRoot && file.StartsWith("/usr/lib/postgresql/", StringComparison.Ordinal);
        var info = new ProcessStartInfo(asPostgres ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", file })
                info.ArgumentList.Add(a);
        }

        foreach (var a in args)
            info.ArgumentList.Add(a);
        info.Environment["DEBIAN_FRONTEND"] = "noninteractive";

        try
        {
            using var process = Process.Start(info)!;
            // pg_ctl start sends the server's output to its -l log, so the pipes close when pg_ctl exits.
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(CommandTimeout);
            await process.WaitForExitAsync(timeout.Token);
            var output = string.Concat(await Task.WhenAll(stdout, stderr));
            return (process.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, $"{info.FileName} could not be started: {e.Message}");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}
