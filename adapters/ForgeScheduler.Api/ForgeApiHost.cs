using System.Net;
using System.Text.Json.Nodes;
using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Cluster.Grains;
using ForgeScheduler.Cluster.Hosting;
using ForgeScheduler.Formats;
using ForgeScheduler.Metrics;
using ForgeScheduler.Store;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace ForgeScheduler.Api;

/// <summary><c>forge serve</c>: one host running the embedded Orleans silo and the HTTP API.</summary>
public static partial class ForgeApiHost
{
    /// <summary>Builds the host (store migrated, plant preloaded on start); run it with <c>RunAsync</c>/<c>StartAsync</c>.</summary>
    public static async Task<WebApplication> BuildAsync(ForgeApiOptions options, CancellationToken cancellationToken = default)
    {
        CheckBinding(options);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        // --urls is the only thing that decides where the service listens: a Kestrel endpoint from the
        // environment or an appsettings.json would win over it and could open the port beyond loopback.
        CheckNoConfiguredEndpoints(builder.Configuration);
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(ConfigureLimits);
        QuietLogs(builder.Logging);
        await builder.AddForgeServiceDefaultsAsync(options, cancellationToken);
        var app = builder.Build();
        app.UseMiddleware<RequestLog>();
        app.UseExceptionHandler();
        // 404 (no route), 405, 415 and binding 400s leave the pipeline with a status and no body: each gets
        // a problem details with `errors`, as every other refusal does.
        app.UseStatusCodePages(ApiProblems.WriteStatusCodeProblemAsync);
        app.UseMiddleware<RequestLineLimit>();
        app.UseForgePrometheus();
        app.MapForgeApi();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ForgeScheduler.Api");
        if (options.ApiKey is null) LogLoopbackOnly(log, options.Urls);
        app.Lifetime.ApplicationStarted.Register(() => LogListening(log,
            string.Join(", ", app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
                .Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses ?? [])));
        if (options.PlantFile is { } path)
        {
            var plant = ForgeScheduler.Formats.PlantFile.Load(path);
            app.Lifetime.ApplicationStarted.Register(() => _ = StorePlantAsync(app.Services, plant));
        }
        return app;
    }

    private static async Task StorePlantAsync(IServiceProvider services, ForgeScheduler.Solver.Domain.Plant plant)
    {
        await services.GetRequiredService<IGrainFactory>().Grain(plant.Id).SetPlant(plant);
        await services.GetRequiredService<IPlantStore>().UpsertPlantAsync(plant.Id, JsonFiles.Serialize(PlantFile.ToDocument(plant)));
    }

    /// <summary>Service defaults in one place: store, silo, problem details, JSON, OpenAPI, health.</summary>
    public static async Task AddForgeServiceDefaultsAsync(this WebApplicationBuilder builder, ForgeApiOptions options,
        CancellationToken cancellationToken)
    {
        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(options.Clock);
        // Prometheus on /metrics is the service's telemetry (docs/metrics.md).
        services.AddForgePrometheus();
        // The silo's resource grains meter finished operations into the same telemetry (before the silo's
        // defaults, which only add a meter that counts nothing when none is registered).
        services.AddSingleton<IActualsMeter, TelemetryActualsMeter>();
        // A cluster on PostgreSQL keeps the plant directory and idempotency keys there too: every service
        // behind the load balancer must see the same ones.
        if (options.Store == StoreKind.Postgres || options.ClusterOnPostgres)
        {
            var connection = options.Connection ?? throw new ForgeInputException("command line", "--connection", "is required with --store postgres or --cluster postgres");
            var dataSource = NpgsqlDataSource.Create(connection);
            await StoreMigrations.ApplyAsync(dataSource, cancellationToken);
            await ForgeDatabase.InitAsync(dataSource, cancellationToken);
            // A factory, not the instance: the container then disposes the pool (and closes its connections)
            // when the service stops; hosts started and stopped in one process (tests) otherwise kept theirs
            // open until PostgreSQL refused new clients.
            services.AddSingleton(_ => dataSource);
            services.AddSingleton<IPlantStore, PostgresPlantStore>();
        }
        else
        {
            services.AddSingleton<IPlantStore>(sp => new InMemoryPlantStore(sp.GetRequiredService<TimeProvider>()));
        }
        if (options.ClusterOnPostgres)
        {
            var connection = options.Connection ?? throw new ForgeInputException("command line", "--connection", "is required with --cluster postgres");
            builder.UseForgeSilo(ForgeClusterOptions.Postgres(connection) with
            {
                ClusterId = options.ClusterId,
                SiloPort = options.SiloPort,
                GatewayPort = options.GatewayPort,
                AdvertisedAddress = options.Advertise,
                Planning = options.Planning,
            });
        }
        else
        {
            builder.UseForgeSilo(ForgeClusterOptions.Embedded with
            {
                // An embedded silo is a cluster of one: its own id keeps silos of other processes on this
                // machine (a second forge serve, test hosts) from ever taking it for a peer.
                ClusterId = $"forge-embedded-{Guid.NewGuid():N}",
                SiloPort = options.SiloPort,
                GatewayPort = options.GatewayPort,
                Planning = options.Planning,
                // With a database the plant grains keep their state and order rows there: a restart loses nothing.
                StorageConnectionString = options.Store == StoreKind.Postgres ? options.Connection : null,
            });
        }
        services.AddProblemDetails();
        // A route or query value that does not bind throws (named in the message) instead of a bare 400.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<ForgeExceptionHandler>();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonFiles.Options.PropertyNamingPolicy;
            o.SerializerOptions.DefaultIgnoreCondition = JsonFiles.Options.DefaultIgnoreCondition;
            foreach (var c in JsonFiles.Options.Converters) o.SerializerOptions.Converters.Add(c);
        });
        services.AddOpenApi();
        services.AddHealthChecks()
            .AddCheck<SiloHealthCheck>("silo", tags: ["ready"])
            .AddCheck<StoreHealthCheck>("store", tags: ["ready"])
            .AddCheck<SolverPoolHealthCheck>("solver", tags: ["ready"]);
    }

    public static IEndpointRouteBuilder MapForgeApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPlantsApi();
        routes.MapOrdersApi();
        routes.MapEventsApi();
        routes.MapScheduleApi();
        routes.MapPlannerPage();
        routes.MapOpenApi();
        routes.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        routes.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = ReadinessReport.WriteAsync });
        return routes;
    }

    /// <summary>One line per request (ours), warnings and up from the frameworks: no line per grain call,
    /// per endpoint result or per Orleans option at start.</summary>
    public static void QuietLogs(ILoggingBuilder logging)
    {
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("Orleans", LogLevel.Warning);
        logging.AddFilter("Polly", LogLevel.Warning);
        logging.AddFilter("System.Net.Http", LogLevel.Warning);
    }

    /// <summary>Without an API key anyone who can reach the port could change the plan: refuse to listen
    /// beyond this machine.</summary>
    public static void CheckBinding(ForgeApiOptions options)
    {
        if (options.ApiKey is { Length: > 0 }) return;
        foreach (var url in options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var host = Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal),
                UriKind.Absolute, out var uri) ? uri.Host : url;
            var loopback = host == "localhost" || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
            if (!loopback)
                throw new ForgeInputException("command line", "--urls",
                    $"'{url}' is not a loopback address: set --api-key (or FORGE_API_KEY) to serve beyond this machine");
        }
    }

    /// <summary>Kestrel's own limits, set so that what it refuses by itself (with a bare status and no body)
    /// is only what no client means: the API checks body size and URL length first and answers with
    /// problem details (<see cref="ApiInput.MaxBodyBytes"/>, <see cref="RequestLineLimit"/>).</summary>
    private static void ConfigureLimits(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions kestrel)
    {
        // Enforced while the body is read, so a chunked body (no Content-Length) is capped as well: 413.
        kestrel.Limits.MaxRequestBodySize = ApiInput.MaxBodyBytes;
        kestrel.Limits.MaxRequestLineSize = RequestLineLimit.KestrelBytes;
        kestrel.Limits.MaxRequestHeadersTotalSize = RequestLineLimit.KestrelBytes;
    }

    /// <summary>Refuses to start when the configuration (an environment variable such as
    /// <c>Kestrel__Endpoints__Http__Url</c>, or an appsettings.json) names Kestrel endpoints: Kestrel would
    /// bind those instead of <c>--urls</c>, past the loopback-only rule.</summary>
    public static void CheckNoConfiguredEndpoints(IConfiguration configuration)
    {
        var endpoint = configuration.GetSection("Kestrel:Endpoints").AsEnumerable(makePathsRelative: false)
            .FirstOrDefault(kv => kv.Value is not null);
        if (endpoint.Key is null) return;
        var variable = endpoint.Key.Replace(":", "__", StringComparison.Ordinal);
        throw new ForgeInputException("environment", variable,
            $"Kestrel endpoint '{endpoint.Value}' is configured ({variable} or {endpoint.Key} in appsettings.json): forge serve listens only where --urls says; unset it");
    }

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Listening on {Addresses}")]
    private static partial void LogListening(ILogger logger, string addresses);

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "No API key configured: serving {Urls} on loopback only (set --api-key or FORGE_API_KEY to open it)")]
    private static partial void LogLoopbackOnly(ILogger logger, string urls);
}

/// <summary>Ready when the silo answers a grain call.</summary>
internal sealed class SiloHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await grains.GetGrain<IPlantGrain>("_health").GetStatus().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("silo does not answer", e);
        }
    }
}

/// <summary>Degraded while the solver pool is saturated (every slot solving and the waiting line full: new
/// reschedules get 503); the running and waiting solves are in its data either way.</summary>
internal sealed class SolverPoolHealthCheck(ForgeScheduler.Cluster.Grains.SolverPool pool) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var s = pool.Snapshot();
        var data = new Dictionary<string, object>
        {
            ["capacity"] = s.Capacity, ["running"] = s.Running, ["waiting"] = s.Waiting, ["max_waiting"] = s.MaxWaiting, ["refused"] = s.Refused,
        };
        var text = $"solver pool: {s.Running} of {s.Capacity} solving, {s.Waiting} of {s.MaxWaiting} waiting, {s.Refused} refused";
        return Task.FromResult(s.Saturated
            ? HealthCheckResult.Degraded($"{text}: saturated, new reschedules get 503", data: data)
            : HealthCheckResult.Healthy(text, data));
    }
}

/// <summary>The /health/ready body: the status word alone when healthy (what probes compare), the reasons
/// after it otherwise; with <c>Accept: application/json</c> every check with its data (the solver pool's
/// running and waiting solves).</summary>
internal static class ReadinessReport
{
    public static Task WriteAsync(HttpContext http, HealthReport report)
    {
        if (http.Request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase))
        {
            http.Response.ContentType = "application/json; charset=utf-8";
            var checks = new JsonObject();
            foreach (var (name, entry) in report.Entries)
            {
                var data = new JsonObject();
                foreach (var (key, value) in entry.Data) data[key] = JsonValue.Create(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                checks[name] = new JsonObject { ["status"] = entry.Status.ToString(), ["description"] = entry.Description, ["data"] = data };
            }
            var json = new JsonObject { ["status"] = report.Status.ToString(), ["checks"] = checks };
            return http.Response.WriteAsync(json.ToJsonString());
        }
        http.Response.ContentType = "text/plain; charset=utf-8";
        var reasons = report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy)
            .Select(e => $"{e.Key}: {e.Value.Description}").ToList();
        return http.Response.WriteAsync(reasons.Count == 0 ? report.Status.ToString() : $"{report.Status} ({string.Join("; ", reasons)})");
    }
}

/// <summary>Ready when the store answers a read.</summary>
internal sealed class StoreHealthCheck(IPlantStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.GetPlantAsync("_health", cancellationToken).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("store does not answer", e);
        }
    }
}

/// <summary>414 with problem details for a URL longer than <see cref="MaxBytes"/>. Kestrel itself answers
/// only past <see cref="KestrelBytes"/> (with no body): the request line between the two reaches us.</summary>
internal sealed class RequestLineLimit(RequestDelegate next)
{
    public const int MaxBytes = 8 * 1024;
    public const int KestrelBytes = 64 * 1024;

    public Task InvokeAsync(HttpContext http)
    {
        var length = (http.Request.PathBase.Value?.Length ?? 0) + (http.Request.Path.Value?.Length ?? 0) + (http.Request.QueryString.Value?.Length ?? 0);
        if (length <= MaxBytes) return next(http);
        return ApiProblems.Status(StatusCodes.Status414RequestUriTooLong, "The URL is too long.",
            $"the path and query are {length} characters: at most {MaxBytes}", "url").ExecuteAsync(http);
    }
}

/// <summary>One log line per HTTP request: method, path, status, milliseconds (scrapes of /metrics and
/// health probes at debug, they come every few seconds).</summary>
internal sealed partial class RequestLog(RequestDelegate next, ILogger<RequestLog> logger)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            await next(http);
        }
        finally
        {
            var ms = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var path = http.Request.Path.Value ?? "";
            if (path.StartsWith("/metrics", StringComparison.Ordinal) || path.StartsWith("/health", StringComparison.Ordinal))
                LogProbe(logger, http.Request.Method, path, http.Response.StatusCode, ms);
            else
                LogRequest(logger, http.Request.Method, path, http.Response.StatusCode, ms);
        }
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "{Method} {Path} → {Status} in {Ms:F0} ms")]
    private static partial void LogRequest(ILogger logger, string method, string path, int status, double ms);

    [LoggerMessage(EventId = 11, Level = LogLevel.Debug, Message = "{Method} {Path} → {Status} in {Ms:F0} ms")]
    private static partial void LogProbe(ILogger logger, string method, string path, int status, double ms);
}
