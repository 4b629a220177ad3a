using ForgeScheduler.Cluster.Contracts;

namespace ForgeScheduler.Cluster.Grains;

/// <summary>A resource taken down by an event: the planner sees it as plant downtime
/// [<see cref="From"/>, <see cref="Until"/>).</summary>
[GenerateSerializer, Immutable, Alias("forge.ResourceDown")]
public sealed record ResourceDown
{
    [Id(0)] public required string Resource { get; init; }
    [Id(1)] public required DateTimeOffset From { get; init; }
    [Id(2)] public required DateTimeOffset Until { get; init; }
}

/// <summary>What a plant grain persists (grain storage "plant"). Domain records are JSON (see
/// <see cref="DomainJson"/>) so this state does not depend on the solver's record shapes.</summary>
[GenerateSerializer, Immutable, Alias("forge.PlantState")]
public sealed record PlantState
{
    [Id(0)] public string? PlantJson { get; init; }
    /// <summary>JSON array of the domain orders, in the order they were first added.</summary>
    [Id(1)] public string OrdersJson { get; init; } = "[]";
    [Id(2)] public DateTimeOffset? PlanStart { get; init; }
    /// <summary>The last <see cref="PlantGrain.KeptVersions"/> versions, oldest first.</summary>
    [Id(3)] public IReadOnlyList<ScheduleVersion> Versions { get; init; } = [];
    [Id(4)] public int LastVersion { get; init; }
    /// <summary>The last <see cref="PlantGrain.KeptEvents"/> events, oldest first.</summary>
    [Id(5)] public IReadOnlyList<LoggedEvent> EventLog { get; init; } = [];
    [Id(6)] public long LastEventSequence { get; init; }
    [Id(7)] public IReadOnlyList<ResourceDown> Downs { get; init; } = [];
    /// <summary>Yard cooling readings taken from operation_finished/started pairs, by "order#step" of
    /// the started step; kept here because the event log is only a tail.</summary>
    [Id(8)] public IReadOnlyList<CoolingReading> CoolingReadings { get; init; } = [];
    /// <summary>The furnaces hot at plan start, as the last order book sent said (none by default).</summary>
    [Id(9)] public IReadOnlyList<string> FurnacesHotAtStart { get; init; } = [];
    /// <summary>What the floor reported of each order's steps (order identity with progress).</summary>
    [Id(10)] public IReadOnlyList<StepReport> Progress { get; init; } = [];
    /// <summary>Finished orders taken out of the book (<see cref="OrderRetirement"/>), oldest first.</summary>
    [Id(11)] public IReadOnlyList<RetiredOrder> Retired { get; init; } = [];
    /// <summary>The floor's clock: the latest time an operation was reported started or finished.</summary>
    [Id(12)] public DateTimeOffset? FloorTime { get; init; }
}

/// <summary>A piece left step n−1 at <see cref="T0C"/> and entered step n (<see cref="Key"/> "order#n")
/// <see cref="Minutes"/> later at <see cref="TempC"/>.</summary>
[GenerateSerializer, Immutable, Alias("forge.CoolingReading")]
public sealed record CoolingReading
{
    [Id(0)] public required string Key { get; init; }
    [Id(1)] public required string Grade { get; init; }
    [Id(2)] public required double DiameterMetres { get; init; }
    [Id(3)] public required double AmbientC { get; init; }
    [Id(4)] public required double T0C { get; init; }
    [Id(5)] public required double Minutes { get; init; }
    [Id(6)] public required double TempC { get; init; }
}

/// <summary>What a furnace or press grain persists (grain storage "plant").</summary>
[GenerateSerializer, Immutable, Alias("forge.ResourceGrainState")]
public sealed record ResourceGrainState
{
    [Id(0)] public int ScheduleVersion { get; init; }
    [Id(1)] public IReadOnlyList<PlannedCharge> Charges { get; init; } = [];
    [Id(2)] public IReadOnlyList<RunningOperation> Running { get; init; } = [];
    /// <summary>"order#step" of the last <see cref="ResourceGrainLimits.KeptStarted"/> operations reported
    /// started on this resource (a repeated start is ignored).</summary>
    [Id(3)] public IReadOnlyList<string> Started { get; init; } = [];
    [Id(4)] public IReadOnlyDictionary<string, double> MeteredKwhByCarrier { get; init; } = new Dictionary<string, double>();
    [Id(5)] public int FinishedOperations { get; init; }
    [Id(6)] public bool IsDown { get; init; }
    [Id(7)] public DateTimeOffset? DownSince { get; init; }
    [Id(8)] public DateTimeOffset? DownUntil { get; init; }
}
