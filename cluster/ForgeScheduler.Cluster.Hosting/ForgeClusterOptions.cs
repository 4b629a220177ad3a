using ForgeScheduler.Cluster.Grains;

namespace ForgeScheduler.Cluster.Hosting;

public enum ClusterMode
{
    /// <summary>One silo in this process, localhost clustering, grain state in memory (lost on exit).</summary>
    Embedded,
    /// <summary>Several silos sharing one PostgreSQL database for membership and grain state.</summary>
    Postgres,
}

public sealed record ForgeClusterOptions
{
    public ClusterMode Mode { get; init; } = ClusterMode.Embedded;
    /// <summary>Npgsql connection string; required for <see cref="ClusterMode.Postgres"/>.</summary>
    public string? ConnectionString { get; init; }
    public string ClusterId { get; init; } = "forge";
    public string ServiceId { get; init; } = "forge-scheduler";
    /// <summary>Silo-to-silo port; 0 picks a free one (Orleans itself does not accept 0).</summary>
    public int SiloPort { get; init; } = 11111;
    /// <summary>Port clients connect to; 0 picks a free one.</summary>
    public int GatewayPort { get; init; } = 30000;
    /// <summary>Null: Orleans names the silo.</summary>
    public string? SiloName { get; init; }
    public PlanningOptions Planning { get; init; } = PlanningOptions.Default;
    /// <summary>Embedded mode only: keep grain state and order rows in this PostgreSQL database (so a
    /// restart loses nothing) instead of memory. Postgres mode always uses <see cref="ConnectionString"/>.</summary>
    public string? StorageConnectionString { get; init; }
    /// <summary>The address other silos and clients reach this silo at (Postgres mode); null: loopback.</summary>
    public System.Net.IPAddress? AdvertisedAddress { get; init; }

    /// <summary>How long a grain call may take before Orleans gives up on it (its default is 30 s). A
    /// reschedule waits for the solve running and the one it joins, each bounded by the planning time
    /// limit; past Orleans' default the answer was dropped and the request failed although the version
    /// was published.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromMinutes(3);

    public static ForgeClusterOptions Embedded { get; } = new();

    public static ForgeClusterOptions Postgres(string connectionString) =>
        new() { Mode = ClusterMode.Postgres, ConnectionString = connectionString, SiloPort = 0, GatewayPort = 0 };
}
