using System.CommandLine;
using ForgeScheduler.Api;
using ForgeScheduler.Formats;

namespace ForgeScheduler.Cli;

/// <summary><c>forge serve</c>: the embedded silo and the HTTP API in one process (docs/api.md).</summary>
internal static class ServeCommand
{
    public static Command Create(CliContext context)
    {
        var urls = new Option<string>("--urls") { HelpName = "URLS", Description = "where to listen (';'-separated)", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var store = new Option<string>("--store") { HelpName = "memory|postgres", Description = "where orders, events and schedules are kept", DefaultValueFactory = _ => "memory" };
        var connection = new Option<string?>("--connection") { HelpName = "CONNECTION", Description = "Npgsql connection string for --store postgres" };
        var plant = new Option<string?>("--plant") { HelpName = "FILE", Description = "plant.json to store at start" };
        var apiKey = new Option<string?>("--api-key") { HelpName = "KEY", Description = "key write requests must send as X-Api-Key (default: FORGE_API_KEY); without one the service is loopback-only" };
        var limit = new Option<double>("--time-limit") { HelpName = "SECONDS", Description = "solver time limit per reschedule", DefaultValueFactory = _ => 5.0 };
        var solveMemory = new Option<int>("--max-solve-memory-mb") { HelpName = "MB", Description = "CP-SAT memory cap per solve run (max_memory_in_mb); past it the search stops with the best plan found", DefaultValueFactory = _ => Cluster.Grains.PlanningOptions.Default.MaxSolveMemoryMb };
        var cluster = new Option<string>("--cluster") { HelpName = "memory|postgres", Description = "memory: this process is a cluster of one; postgres: join every forge serve on the same database and cluster id", DefaultValueFactory = _ => "memory" };
        var clusterId = new Option<string>("--cluster-id") { HelpName = "ID", Description = "the cluster to join with --cluster postgres", DefaultValueFactory = _ => "forge" };
        var siloPort = new Option<int>("--silo-port") { HelpName = "PORT", Description = "silo-to-silo port (default: a free one)", DefaultValueFactory = _ => 0 };
        var gatewayPort = new Option<int>("--gateway-port") { HelpName = "PORT", Description = "Orleans client gateway port (default: a free one)", DefaultValueFactory = _ => 0 };
        var advertise = new Option<string?>("--advertise") { HelpName = "IP", Description = "the address other silos reach this one at (default: loopback, one machine)" };
        var command = new Command("serve", "Run the scheduling service: Orleans silo + HTTP API + planner page; several form one cluster with --cluster postgres.")
        {
            urls, store, connection, plant, apiKey, limit, solveMemory, cluster, clusterId, siloPort, gatewayPort, advertise,
        };
        command.SetAction((parse, ct) => Run(context, new ForgeApiOptions
        {
            Urls = parse.GetValue(urls)!,
            Store = ParseStore(parse.GetValue(store)!),
            Connection = parse.GetValue(connection),
            PlantFile = parse.GetValue(plant),
            ApiKey = parse.GetValue(apiKey) ?? NullIfEmpty(Environment.GetEnvironmentVariable("FORGE_API_KEY")),
            Planning = Cluster.Grains.PlanningOptions.Default with
            {
                TimeLimitSeconds = parse.GetValue(limit),
                MaxSolveMemoryMb = SolveMemory(parse.GetValue(solveMemory)),
            },
            ClusterOnPostgres = ParseCluster(parse.GetValue(cluster)!),
            ClusterId = parse.GetValue(clusterId)!,
            SiloPort = Port(parse.GetValue(siloPort), "--silo-port"),
            GatewayPort = Port(parse.GetValue(gatewayPort), "--gateway-port"),
            Advertise = ParseAddress(parse.GetValue(advertise)),
        }, ct));
        return command;
    }

    private static async Task<int> Run(CliContext context, ForgeApiOptions options, CancellationToken cancellationToken)
    {
        if ((options.Store == StoreKind.Postgres || options.ClusterOnPostgres) && string.IsNullOrWhiteSpace(options.Connection))
            throw new ForgeInputException("command line", "--connection", "is required with --store postgres and --cluster postgres");
        if (options.PlantFile is { } path) _ = PlantFile.Load(path); // bad plant file: exit 2 before anything starts
        var app = await ForgeApiHost.BuildAsync(options, cancellationToken);
        context.Out.WriteLine($"forge serve: {options.Urls} (store {options.Store.ToString().ToLowerInvariant()}, cluster " +
                              $"{(options.ClusterOnPostgres ? $"postgres '{options.ClusterId}'" : "of one")}{(options.ApiKey is null ? ", loopback only: no API key" : "")})");
        await Microsoft.Extensions.Hosting.HostingAbstractionsHostExtensions.RunAsync(app, cancellationToken);
        return ExitCodes.Ok;
    }

    /// <summary>Below 64 MB CP-SAT cannot load a model of a real book.</summary>
    private static int SolveMemory(int mb) => mb >= 64
        ? mb : throw new ForgeInputException("command line", "--max-solve-memory-mb", $"{mb} MB is too little for a solve (at least 64)");

    private static bool ParseCluster(string value) => value.ToLowerInvariant() switch
    {
        "memory" or "embedded" => false,
        "postgres" or "postgresql" => true,
        _ => throw new ForgeInputException("command line", "--cluster", $"'{value}' is not a cluster mode (memory or postgres)"),
    };

    private static int Port(int port, string option) => port is >= 0 and <= 65535
        ? port : throw new ForgeInputException("command line", option, $"{port} is not a port (0-65535; 0 picks a free one)");

    private static System.Net.IPAddress? ParseAddress(string? text) =>
        text is null ? null
        : System.Net.IPAddress.TryParse(text, out var ip) ? ip
        : throw new ForgeInputException("command line", "--advertise", $"'{text}' is not an IP address");

    private static StoreKind ParseStore(string value) => value.ToLowerInvariant() switch
    {
        "memory" => StoreKind.Memory,
        "postgres" or "postgresql" => StoreKind.Postgres,
        _ => throw new ForgeInputException("command line", "--store", $"'{value}' is not a store (memory or postgres)"),
    };

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
