using ForgeScheduler.Cluster.Grains;

namespace ForgeScheduler.Api;

public enum StoreKind
{
    Memory,
    Postgres,
}

/// <summary>What <c>forge serve</c> is told on its command line.</summary>
public sealed record ForgeApiOptions
{
    public string Urls { get; init; } = "http://127.0.0.1:5080";
    public StoreKind Store { get; init; } = StoreKind.Memory;
    /// <summary>Npgsql connection string, for <see cref="StoreKind.Postgres"/>.</summary>
    public string? Connection { get; init; }
    /// <summary>A plant.json to store at start (<c>--plant</c>).</summary>
    public string? PlantFile { get; init; }
    /// <summary>Write requests need <c>X-Api-Key</c> with this value; null: loopback only.</summary>
    public string? ApiKey { get; init; }
    public PlanningOptions Planning { get; init; } = PlanningOptions.Default;
    /// <summary>Where the service and its grains take "now" from: the system clock in production, a fake in
    /// tests and replays, so nothing depends on the day it runs.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
    /// <summary>Orleans silo/gateway ports; 0 picks free ones (tests run several hosts one after another).</summary>
    public int SiloPort { get; init; } = 11111;
    public int GatewayPort { get; init; } = 30000;
}
