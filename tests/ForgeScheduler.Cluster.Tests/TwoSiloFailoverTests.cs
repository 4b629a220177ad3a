using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Cluster.Grains;
using ForgeScheduler.Cluster.Hosting;
using ForgeScheduler.Solver.Validation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace ForgeScheduler.Cluster.Tests;

/// <summary>Two silos of one cluster on a real PostgreSQL (our SQL scripts), hosted with UseForgeSilo as
/// production does, and a client that finds them through the membership table.</summary>
public sealed class TwoSiloFailoverTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>, IAsyncLifetime
{
    private const string PlantId = "failover";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);
    private readonly List<IHost> _hosts = [];

    [Fact]
    public async Task KilledSiloDuringARescheduleLosesNoPlantStateAndTheOtherSiloAnswers()
    {
        var connection = await postgres.CreateDatabaseAsync("failover");
        await ForgeDatabase.InitAsync(connection);
        var options = ForgeClusterOptions.Postgres(connection) with { ClusterId = $"test-{Guid.NewGuid():N}" };
        var planners = new Dictionary<string, HoldingPlanner> { ["silo-a"] = new(), ["silo-b"] = new() };
        var silos = new Dictionary<string, IHost>();
        foreach (var (name, planner) in planners)
        {
            silos[name] = Silo(options with { SiloName = name }, planner);
            await silos[name].StartAsync().WaitAsync(Patience);
        }
        var client = Client(options);
        await client.StartAsync().WaitAsync(Patience);
        var plant = client.Services.GetRequiredService<IClusterClient>().GetGrain<IPlantGrain>(PlantId);
        await ClusterTestData.Load(plant, PlantId, 4);
        var host = SiloOf(await plant.GetStatus());
        var survivor = planners.Keys.Single(n => n != host);

        try
        {
            planners[host].Hold();
            var inFlight = plant.Reschedule();
            await planners[host].Entered.WaitAsync(Patience);
            // Cancelled token: Orleans stops the silo without the graceful shutdown (no hand-over, no
            // "dead" entry written by the silo itself) — the other silo has to find out by probing.
            await silos[host].StopAsync(new CancellationToken(canceled: true));

            await Assert.ThrowsAnyAsync<Exception>(() => inFlight.WaitAsync(Patience));
        }
        finally
        {
            planners[host].Release();
        }

        var status = await ClusterTestData.Eventually(
            async () => { try { return await plant.GetStatus(); } catch (Exception e) when (e is not OutOfMemoryException) { return null; } },
            s => s is not null && SiloOf(s) == survivor, Patience, $"plant grain answered by {survivor}");
        Assert.True(status!.HasPlant);
        Assert.Equal(4, status.OrderCount);
        Assert.Equal(0, status.CurrentVersion); // the killed solve never published
        var result = await plant.Reschedule().WaitAsync(Patience);
        Assert.Equal(survivor, SiloOf(result.Silo));
        Assert.Equal(1, result.Version);
        Assert.Equal(0, result.Violations);
        var schedule = (await plant.GetSchedule(1))!.Schedule;
        Assert.Empty(ScheduleValidator.Validate(ClusterTestData.SmallPlant(PlantId), ClusterTestData.Book(PlantId, 4), schedule));
    }

    private static string SiloOf(PlantStatus status) => SiloOf(status.Silo);

    private static string SiloOf(string silo) => silo[..silo.IndexOf('@', StringComparison.Ordinal)];

    private IHost Silo(ForgeClusterOptions options, IPlanner planner)
    {
        var builder = Host.CreateApplicationBuilder();
        Quiet(builder);
        builder.Services.AddSingleton(planner);
        builder.UseForgeSilo(options);
        // Find a dead silo in a few seconds, not the production minute: probe often, one missed probe
        // is enough, and with two silos one vote declares death.
        builder.Services.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(1);
            o.NumMissedProbesLimit = 1;
            o.NumVotesForDeathDeclaration = 1;
            o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
            o.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(10);
        });
        var host = builder.Build();
        _hosts.Add(host);
        return host;
    }

    private IHost Client(ForgeClusterOptions options)
    {
        var builder = Host.CreateApplicationBuilder();
        Quiet(builder);
        builder.UseForgeClient(options);
        builder.Services.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(15));
        builder.Services.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
        var host = builder.Build();
        _hosts.Add(host);
        return host;
    }

    private static void Quiet(HostApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        // Client first, then silos; a silo already killed stops again without complaint.
        foreach (var host in Enumerable.Reverse(_hosts))
        {
            try { await host.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token); }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException) { }
            host.Dispose();
        }
    }
}
