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
    /// <summary>Orleans silo/gateway ports; 0 (the default) picks free ones, so two services on one machine
    /// never collide; a cluster of several machines gives fixed ones (<c>--silo-port</c>, <c>--gateway-port</c>).</summary>
    public int SiloPort { get; init; }
    public int GatewayPort { get; init; }
    /// <summary><c>--cluster postgres</c>: this service's silo joins the cluster of every service on the same
    /// database and cluster id (membership in PostgreSQL); <c>memory</c>: a cluster of one.</summary>
    public bool ClusterOnPostgres { get; init; }
    /// <summary>The cluster's id (<c>--cluster-id</c>); services with the same id and database form one cluster.</summary>
    public string ClusterId { get; init; } = "forge";
    /// <summary>The address other silos reach this one at (<c>--advertise</c>); null: loopback (one machine).</summary>
    public System.Net.IPAddress? Advertise { get; init; }
}
