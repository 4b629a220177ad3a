using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Optimisation;

namespace ForgeScheduler.Cluster.Contracts;

/// <summary>Event types a shop floor posts (the same names as the events file, docs/formats.md).</summary>
public static class ShopFloorEventTypes
{
    public const string ResourceDown = "resource_down";
    public const string ResourceUp = "resource_up";
    public const string OperationStarted = "operation_started";
    public const string OperationFinished = "operation_finished";
    public const string OrderAdded = "order_added";
    public const string OrderChanged = "order_changed";
    public const string OrderCancelled = "order_cancelled";

    public static IReadOnlySet<string> All { get; } = new HashSet<string>
    {
        ResourceDown, ResourceUp, OperationStarted, OperationFinished, OrderAdded, OrderChanged, OrderCancelled,
    };
}

/// <summary>One shop-floor event, flat as in the events file: which fields matter depends on <see cref="Type"/>.
/// For order_added/order_changed <see cref="OrderData"/> is the order;
/// for order_cancelled <see cref="Order"/> is the cancelled order's id.</summary>
[GenerateSerializer, Immutable, Alias("forge.ShopFloorEvent")]
public sealed record ShopFloorEvent
{
    [Id(0)] public required string Type { get; init; }
    [Id(1)] public required DateTimeOffset At { get; init; }
    [Id(2)] public string? Resource { get; init; }
    [Id(3)] public DateTimeOffset? Until { get; init; }
    [Id(4)] public string? Order { get; init; }
    [Id(5)] public int? Step { get; init; }
    [Id(6)] public double? TempC { get; init; }
    [Id(7)] public double? EnergyKwh { get; init; }
    [Id(10)] public Solver.Domain.Order? OrderData { get; init; }
    /// <summary>resource_down: "trip" or "planned" (missing: a trip if <see cref="At"/> is not in the future).</summary>
    [Id(9)] public string? Kind { get; init; }
}

/// <summary>An event as the plant grain logged it, numbered in arrival order.</summary>
[GenerateSerializer, Immutable, Alias("forge.LoggedEvent")]
public sealed record LoggedEvent
{
    [Id(0)] public required long Sequence { get; init; }
    [Id(1)] public required DateTimeOffset ReceivedAt { get; init; }
    [Id(2)] public required ShopFloorEvent Event { get; init; }
}

[GenerateSerializer, Immutable, Alias("forge.OrdersAccepted")]
public sealed record OrdersAccepted
{
    [Id(0)] public required int Added { get; init; }
    [Id(1)] public required int Changed { get; init; }
    [Id(2)] public required int OrderCount { get; init; }
    /// <summary>Per order of the request, in its order: inserted, updated, unchanged, or retired (finished
    /// and out of the book: not planned again).</summary>
    [Id(3)] public IReadOnlyList<OrderWriteOutcome> Outcomes { get; init; } = [];
    [Id(4)] public int Unchanged { get; init; }
    /// <summary>True when this is the stored answer to an earlier request with the same Idempotency-Key:
    /// nothing was written this time.</summary>
    [Id(5)] public bool Replayed { get; init; }
}

/// <summary>What an upsert did to one order: "inserted", "updated" or "unchanged" (same content as stored).</summary>
[GenerateSerializer, Immutable, Alias("forge.OrderWriteOutcome")]
public sealed record OrderWriteOutcome
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string Outcome { get; init; }
}

/// <summary>A write the plant grain refused, naming the field (file-format path) and why. Nothing of the
/// request was applied. <see cref="Status"/> is the HTTP status the API answers with (422 bad input, 409 a
/// contradiction with what already happened).</summary>
[GenerateSerializer, Immutable, Alias("forge.PlantRejection")]
public sealed record PlantRejection
{
    [Id(0)] public required int Status { get; init; }
    [Id(1)] public required string Title { get; init; }
    [Id(2)] public required IReadOnlyList<FieldProblem> Problems { get; init; }
    /// <summary>For a 412: the schedule version current when the condition was checked (the answer's ETag).</summary>
    [Id(3)] public int? CurrentVersion { get; init; }
}

[GenerateSerializer, Immutable, Alias("forge.FieldProblem")]
public sealed record FieldProblem
{
    [Id(0)] public required string Field { get; init; }
    [Id(1)] public required string Message { get; init; }
}

/// <summary>Thrown by the plant grain for a refused write; Orleans carries it to the caller whole.</summary>
[GenerateSerializer, Alias("forge.PlantRejectedException")]
public sealed class PlantRejectedException : Exception
{
    [Id(0)] public PlantRejection Rejection { get; }

    public PlantRejectedException(PlantRejection rejection) : base(Describe(rejection)) => Rejection = rejection;

    public PlantRejectedException() : this(new PlantRejection { Status = 422, Title = "rejected", Problems = [] }) { }

    public PlantRejectedException(string message) : base(message) =>
        Rejection = new PlantRejection { Status = 422, Title = message, Problems = [] };

    public PlantRejectedException(string message, Exception inner) : base(message, inner) =>
        Rejection = new PlantRejection { Status = 422, Title = message, Problems = [] };

    public static PlantRejectedException Unprocessable(IEnumerable<(string Field, string Message)> problems) => new(new PlantRejection
    {
        Status = 422,
        Title = "The request has fields that are missing or make no sense.",
        Problems = [.. problems.Select(p => new FieldProblem { Field = p.Field, Message = p.Message })],
    });

    public static PlantRejectedException UnknownPlant(string plant) => new(new PlantRejection
    {
        Status = 404,
        Title = "Unknown plant.",
        Problems = [new FieldProblem { Field = "plant", Message = $"'{plant}' is not known: PUT /api/v1/plants/{plant} with its plant.json first" }],
    });

    public static PlantRejectedException Conflict(string title, IEnumerable<(string Field, string Message)> problems) => new(new PlantRejection
    {
        Status = 409,
        Title = title,
        Problems = [.. problems.Select(p => new FieldProblem { Field = p.Field, Message = p.Message })],
    });

    /// <summary>409: the Idempotency-Key was used before with another request; nothing was written.</summary>
    public static PlantRejectedException KeyReused(string key) => Conflict("Idempotency key reused.",
        [("Idempotency-Key", $"Idempotency-Key '{key}' was already used for a different request.")]);

    /// <summary>412: a conditional request (If-Match) decided on a version that is no longer current,
    /// or that another conditional request has already claimed; <paramref name="currentVersion"/> goes back as the ETag.</summary>
    public static PlantRejectedException PreconditionFailed(string detail, int? currentVersion = null) => new(new PlantRejection
    {
        Status = 412,
        Title = "The schedule has changed.",
        Problems = [new FieldProblem { Field = "If-Match", Message = detail }],
        CurrentVersion = currentVersion,
    });

    private static string Describe(PlantRejection r) =>
        r.Title + (r.Problems.Count == 0 ? "" : ": " + string.Join("; ", r.Problems.Take(5).Select(p => $"{p.Field}: {p.Message}")));
}

[GenerateSerializer, Immutable, Alias("forge.EventsAccepted")]
public sealed record EventsAccepted
{
    [Id(0)] public required int Accepted { get; init; }
    /// <summary>Sequence number of the last logged event.</summary>
    [Id(1)] public required long LastSequence { get; init; }
    /// <summary>True when the events asked for a reschedule (it runs in the background, folded with others).</summary>
    [Id(2)] public required bool RescheduleRequested { get; init; }
    /// <summary>True when this is the stored answer to an earlier request with the same Idempotency-Key.</summary>
    [Id(3)] public bool Replayed { get; init; }
}

/// <summary>A write's Idempotency-Key and the hash of the request it came with: the plant records the key
/// in the same transaction as the write, so a key is applied once however many retries race.</summary>
[GenerateSerializer, Immutable, Alias("forge.RequestClaim")]
public sealed record RequestClaim
{
    [Id(0)] public required string Key { get; init; }
    [Id(1)] public required string RequestHash { get; init; }
}

/// <summary>How a new schedule version differs from the previous one, by (order, step): the counts of
/// the solver's ScheduleDiff (one definition of a move everywhere).</summary>
[GenerateSerializer, Immutable, Alias("forge.ScheduleDiffSummary")]
public sealed record ScheduleDiffSummary
{
    /// <summary>Start moved by a minute or more (on the same or another resource).</summary>
    [Id(0)] public required int Moved { get; init; }
    /// <summary>Now on another resource (may also be moved).</summary>
    [Id(1)] public required int Reassigned { get; init; }
    [Id(2)] public required int Added { get; init; }
    [Id(3)] public required int Removed { get; init; }
    [Id(4)] public required int Unchanged { get; init; }
    /// <summary>Moved or reassigned, each operation once.</summary>
    [Id(5)] public int Changed { get; init; }
    /// <summary>Operations newly cut short by a furnace trip.</summary>
    [Id(6)] public int Interrupted { get; init; }

    public static ScheduleDiffSummary Empty { get; } = new() { Moved = 0, Reassigned = 0, Added = 0, Removed = 0, Unchanged = 0 };
}

/// <summary>The headline KPIs of one schedule version (the full report stays in the solver's KpiReport).</summary>
[GenerateSerializer, Immutable, Alias("forge.KpiSnapshot")]
public sealed record KpiSnapshot
{
    [Id(0)] public required int Version { get; init; }
    [Id(1)] public required double Tonnes { get; init; }
    [Id(2)] public required double EnergyKwh { get; init; }
    [Id(3)] public required double EnergyKwhPerT { get; init; }
    [Id(4)] public required double Co2Kg { get; init; }
    [Id(5)] public required double Co2KgPerT { get; init; }
    [Id(6)] public required double HotChargeRatio { get; init; }
    [Id(7)] public required double HotTransferRatio { get; init; }
    [Id(8)] public required double WeightedTardinessH { get; init; }
    [Id(9)] public required int LateOrders { get; init; }
    [Id(10)] public required double MakespanH { get; init; }
    [Id(11)] public required double EnergyCost { get; init; }
    [Id(12)] public required double PeakElectricKw { get; init; }
}

/// <summary>One published schedule version of a plant.</summary>
[GenerateSerializer, Immutable, Alias("forge.ScheduleVersion")]
public sealed record ScheduleVersion
{
    [Id(0)] public required int Version { get; init; }
    [Id(1)] public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>The schedule. Null only in a version stored before the contracts were typed (2026-12-07);
    /// the plant grain drops those on activation.</summary>
    [Id(12)] public required Schedule Schedule { get; init; }
    [Id(3)] public required ScheduleDiffSummary Diff { get; init; }
    [Id(4)] public required KpiSnapshot Kpis { get; init; }
    /// <summary>How the solve ended (its text, e.g. OPTIMAL, IMPROVED(FEASIBLE), is <see cref="SolverStatus.Text"/>).
    /// Null only in a version stored while it was a string (before 2026-12-07, field 5); the plant grain
    /// drops those on activation like versions without a schedule.</summary>
    [Id(14)] public required SolverStatus SolverStatus { get; init; }
    [Id(6)] public required double SolveSeconds { get; init; }
    [Id(7)] public required int Violations { get; init; }
    [Id(8)] public required int OrderCount { get; init; }
    /// <summary>Number of the last event the solve saw.</summary>
    [Id(9)] public required long EventsThrough { get; init; }
    /// <summary>Planned and baseline KPIs computed by the solver worker that made the plan.</summary>
    [Id(13)] public PlanReport? Report { get; init; }
    [Id(11)] public string Method { get; init; } = "";
}

/// <summary>What the solver worker computes beside a plan: full planned KPIs, the best dispatch rule's
/// KPIs on the same book (the baseline), the physical energy limit, the late orders.</summary>
public sealed record PlanReport(
    ForgeScheduler.Solver.Kpis.KpiReport Planned,
    ForgeScheduler.Solver.Kpis.KpiReport Baseline,
    string BaselineRule,
    ForgeScheduler.Solver.Optimisation.EnergyLimit? Limit,
    IReadOnlyList<string> LateOrders)
{
    /// <summary>The CO2 and energy saved against the best rule, split by lever (docs/kpis.md#savings-by-lever);
    /// null for reports written before it existed or when the book is empty.</summary>
    public ForgeScheduler.Solver.Kpis.LeverSavings? Levers { get; init; }
}

/// <summary>What a reschedule request got back: the version it produced and how much it changed.</summary>
[GenerateSerializer, Immutable, Alias("forge.RescheduleResult")]
public sealed record RescheduleResult
{
    [Id(0)] public required int Version { get; init; }
    [Id(1)] public required ScheduleDiffSummary Diff { get; init; }
    [Id(13)] public required SolverStatus SolverStatus { get; init; }
    [Id(3)] public required double SolveSeconds { get; init; }
    [Id(4)] public required int Violations { get; init; }
    [Id(5)] public required int Operations { get; init; }
    /// <summary>The silo that answered (for failover checks and logs).</summary>
    [Id(6)] public required string Silo { get; init; }
    /// <summary>The version current before this one (null: this is the first).</summary>
    [Id(7)] public int? PreviousVersion { get; init; }
    /// <summary>False when the plan broke the plant's rules: it was not published, <see cref="Version"/> is
    /// still the previous one, <see cref="BrokenRules"/> names the rules.</summary>
    [Id(8)] public bool Published { get; init; } = true;
    [Id(9)] public IReadOnlyList<string> BrokenRules { get; init; } = [];
    [Id(12)] public PlanReport? Report { get; init; }
    /// <summary>CP-SAT's relative gap when the solve reported one (null: the rescheduler's repair, a fallback).</summary>
    [Id(11)] public double? Gap { get; init; }
}

[GenerateSerializer, Immutable, Alias("forge.PlantAccepted")]
public sealed record PlantAccepted
{
    [Id(0)] public required string Outcome { get; init; }
}

[GenerateSerializer, Immutable, Alias("forge.PlantStatus")]
public sealed record PlantStatus
{
    [Id(0)] public required string Plant { get; init; }
    [Id(1)] public required bool HasPlant { get; init; }
    [Id(2)] public required int OrderCount { get; init; }
    [Id(3)] public required int CurrentVersion { get; init; }
    [Id(4)] public required long LastEventSequence { get; init; }
    [Id(5)] public required bool SolveRunning { get; init; }
    [Id(6)] public required int SolvesStarted { get; init; }
    [Id(7)] public required string Silo { get; init; }
    [Id(8)] public required IReadOnlyList<string> DownResources { get; init; }
    /// <summary>Cooling constants fitted from the floor's measurements, per grade and diameter class;
    /// those with <see cref="CoolingFitSummary.InUse"/> are in the plant the next reschedule plans with.</summary>
    [Id(9)] public IReadOnlyList<CoolingFitSummary> CoolingFits { get; init; } = [];
    /// <summary>Finished orders taken out of the book and kept as tombstones (docs/cluster.md, "Finished orders").</summary>
    [Id(10)] public int RetiredOrders { get; init; }
    /// <summary>The latest time the floor reported an operation started or finished.</summary>
    [Id(11)] public DateTimeOffset? FloorTime { get; init; }
}

/// <summary>The fitted yard cooling law (version 2: emissivity ε, convective h_c) of a steel grade and
/// diameter class [<see cref="DiameterMinMetres"/>, <see cref="DiameterMaxMetres"/>).</summary>
[GenerateSerializer, Immutable, Alias("forge.CoolingFitSummary")]
public sealed record CoolingFitSummary
{
    [Id(0)] public required string Grade { get; init; }
    [Id(1)] public required double DiameterMinMetres { get; init; }
    [Id(2)] public required double DiameterMaxMetres { get; init; }
    /// <summary>For comparison with version 1 figures: hours a piece of the class's middle diameter
    /// takes to cool from 850 °C by a factor e above ambient under the fitted law.</summary>
    [Id(3)] public required double TauHours { get; init; }
    [Id(4)] public required double RSquared { get; init; }
    [Id(5)] public required int Points { get; init; }
    /// <summary>Good enough to plan with (enough points, R² high enough): applied to the plant.</summary>
    [Id(6)] public required bool InUse { get; init; }
    [Id(7)] public double Emissivity { get; init; }
    [Id(8)] public double ConvectionWPerM2K { get; init; }
}
