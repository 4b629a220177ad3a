using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Cluster.Contracts;

/// <summary>One step of one order.</summary>
[GenerateSerializer, Immutable, Alias("forge.OperationRef")]
public sealed record OperationRef
{
    [Id(0)] public required string Order { get; init; }
    [Id(1)] public required int Step { get; init; }
}

/// <summary>A charge planned on a resource by a schedule version: the pieces that go in together.
/// For a press, one forge operation.</summary>
[GenerateSerializer, Immutable, Alias("forge.PlannedCharge")]
public sealed record PlannedCharge
{
    [Id(0)] public required string Charge { get; init; }
    [Id(1)] public required IReadOnlyList<OperationRef> Operations { get; init; }
    [Id(2)] public required DateTimeOffset Start { get; init; }
    [Id(3)] public required DateTimeOffset End { get; init; }
}

/// <summary>An operation on this resource that the floor reported started and not yet finished.</summary>
[GenerateSerializer, Immutable, Alias("forge.RunningOperation")]
public sealed record RunningOperation
{
    [Id(0)] public required string Order { get; init; }
    [Id(1)] public required int Step { get; init; }
    [Id(2)] public required DateTimeOffset StartedAt { get; init; }
    [Id(3)] public double? ChargeTempC { get; init; }
}

/// <summary>What a furnace or press grain knows: up or down, what it runs now and next, and the energy
/// metered on it by carrier ("gas", "electric").</summary>
[GenerateSerializer, Immutable, Alias("forge.ResourceState")]
public sealed record ResourceState
{
    [Id(0)] public required string Plant { get; init; }
    [Id(1)] public required string Resource { get; init; }
    [Id(2)] public required bool IsDown { get; init; }
    [Id(3)] public DateTimeOffset? DownSince { get; init; }
    [Id(4)] public DateTimeOffset? DownUntil { get; init; }
    [Id(5)] public required int ScheduleVersion { get; init; }
    /// <summary>The charge of the first running operation, if any.</summary>
    [Id(6)] public PlannedCharge? CurrentCharge { get; init; }
    /// <summary>The first planned charge none of whose operations has started.</summary>
    [Id(7)] public PlannedCharge? NextCharge { get; init; }
    [Id(8)] public required IReadOnlyList<RunningOperation> Running { get; init; }
    [Id(9)] public required IReadOnlyDictionary<string, double> MeteredEnergyKwhByCarrier { get; init; }
    [Id(10)] public required int FinishedOperations { get; init; }
}

[GenerateSerializer, Immutable, Alias("forge.OperationStarted")]
public sealed record OperationStarted
{
    [Id(0)] public required string Order { get; init; }
    [Id(1)] public required int Step { get; init; }
    [Id(2)] public required DateTimeOffset At { get; init; }
    [Id(3)] public double? TempC { get; init; }
}

[GenerateSerializer, Immutable, Alias("forge.OperationFinished")]
public sealed record OperationFinished
{
    [Id(0)] public required string Order { get; init; }
    [Id(1)] public required int Step { get; init; }
    [Id(2)] public required DateTimeOffset At { get; init; }
    [Id(3)] public double? TempC { get; init; }
    [Id(4)] public double? EnergyKwh { get; init; }
    /// <summary>"gas" or "electric": the carrier of the resource, so metered energy is kept by carrier.</summary>
    [Id(5)] public required string Carrier { get; init; }
    /// <summary>What the operation was (the plan in force's, else the resource's kind); null: not metered.</summary>
    [Id(6)] public OperationKind? Kind { get; init; }
    /// <summary>The piece's mass if this is its first operation of <see cref="Kind"/> (first heat, first
    /// forging pass, heat treatment), else 0, so a piece heated twice is not two pieces.</summary>
    [Id(7)] public double MassTonnes { get; init; }
    /// <summary>The charge temperature the plan in force gives the operation (hot charge, hot transfer).</summary>
    [Id(8)] public double? ChargeTempC { get; init; }
    /// <summary>The plant, for the meter's CO2 factors and hot-charge thresholds; null: not metered.</summary>
    [Id(9)] public Plant? Plant { get; init; }
}

/// <summary>What every plant resource grain does. Key: "plant/resource".</summary>
public interface IResourceGrain
{
    [Alias("GetState")]
    Task<ResourceState> GetState();

    /// <summary>The plant grain publishes a new schedule version: this resource's charges, in time order.</summary>
    [Alias("PublishPlan")]
    Task PublishPlan(int version, IReadOnlyList<PlannedCharge> charges, CancellationToken cancellationToken = default);

    [Alias("RecordOperationStarted")]
    Task RecordOperationStarted(OperationStarted started, CancellationToken cancellationToken = default);

    [Alias("RecordOperationFinished")]
    Task RecordOperationFinished(OperationFinished finished, CancellationToken cancellationToken = default);

    [Alias("SetDown")]
    Task SetDown(DateTimeOffset at, DateTimeOffset? until, CancellationToken cancellationToken = default);

    [Alias("SetUp")]
    Task SetUp(DateTimeOffset at, CancellationToken cancellationToken = default);
}

/// <summary>A heating or heat-treatment furnace. Key: "plant/resource".</summary>
[Alias("forge.IFurnaceGrain")]
public interface IFurnaceGrain : IResourceGrain, IGrainWithStringKey;

/// <summary>A press. Key: "plant/resource".</summary>
[Alias("forge.IPressGrain")]
public interface IPressGrain : IResourceGrain, IGrainWithStringKey;

public static class ResourceKeys
{
    public static string Of(string plant, string resource) => $"{plant}/{resource}";

    public static (string Plant, string Resource) Parse(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == key.Length - 1) throw new ArgumentException($"resource grain key '{key}' is not 'plant/resource'", nameof(key));
        return (key[..slash], key[(slash + 1)..]);
    }
}
