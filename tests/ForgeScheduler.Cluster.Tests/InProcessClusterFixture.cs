using System.Collections.Concurrent;
using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Cluster.Grains;
using ForgeScheduler.Solver.Domain;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace ForgeScheduler.Cluster.Tests;

/// <summary>One in-process silo with memory storage for all grain tests; each test uses its own plant id.
/// The grains' clock is a fake standing at the test plan's start, so "now" never depends on today's date.</summary>
public sealed class InProcessClusterFixture : IAsyncLifetime
{
    internal GatedPlanner Planner { get; } = new();
    /// <summary>What the silo's resource grains metered (IActualsMeter), for every plant.</summary>
    public RecordingMeter Meter { get; } = new();
    public FakeTimeProvider Time { get; } = new(ClusterTestData.PlanStart);
    public InProcessTestCluster Cluster { get; private set; } = null!;
    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(ForgeStorage.Name);
            silo.Services.AddSingleton<IPlanner>(Planner);
            silo.Services.AddSingleton<TimeProvider>(Time);
            silo.Services.AddSingleton<IActualsMeter>(Meter);
            silo.Services.AddForgeGrains();
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = ClusterTestData.CallPatience);
        });
        // A reschedule call waits for up to three solves (a running one, the follow-up it folds events into, the
        // one asked for): on a loaded 2-core machine that outlasts Orleans' default 30 s. Patience, not a speed test.
        builder.ConfigureClient(client =>
        {
            client.Services.AddForgeWireTypes();
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = ClusterTestData.CallPatience);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

/// <summary>One call of <see cref="IActualsMeter.OperationFinished"/>.</summary>
public sealed record MeteredFinish(string Plant, string Resource, Carrier Carrier, OperationKind Kind, double EnergyKwh,
    double MassTonnes, double ChargeTempC, DateTimeOffset At);

/// <summary>Keeps what the resource grains meter, so a test sees the figures the dashboards would get.</summary>
public sealed class RecordingMeter : IActualsMeter
{
    private readonly ConcurrentQueue<MeteredFinish> _finishes = new();

    public IReadOnlyList<MeteredFinish> Of(string plant) => [.. _finishes.Where(f => f.Plant == plant)];

    public void OperationFinished(Plant plant, string resource, Carrier carrier, OperationKind kind, double energyKwh,
        double massTonnes, double chargeTempC, DateTimeOffset at) =>
        _finishes.Enqueue(new MeteredFinish(plant.Id, resource, carrier, kind, energyKwh, massTonnes, chargeTempC, at));
}

[CollectionDefinition(Name)]
public sealed class InProcessClusterCollection : ICollectionFixture<InProcessClusterFixture>
{
    public const string Name = "in-process cluster";
}
