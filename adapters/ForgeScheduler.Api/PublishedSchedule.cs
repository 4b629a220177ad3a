using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Solver.Kpis;
using ForgeScheduler.Solver.Optimisation;

namespace ForgeScheduler.Api;

/// <summary>What the service stores beside each published schedule version (the store's KPI document):
/// planned KPIs, the baseline's KPIs for the same book, the energy limit, and how the version came about.</summary>
public sealed record PublishedKpis
{
    public required int Version { get; init; }
    /// <summary>The plant grain's own version number (grain versions restart at 1 when the grain is rebuilt).</summary>
    public required int GrainVersion { get; init; }
    public required KpiReport Planned { get; init; }
    /// <summary>The best dispatch rule of the baseline portfolio (baseline v2).</summary>
    public required KpiReport Baseline { get; init; }
    /// <summary>Which dispatch rule that was.</summary>
    public string? BaselineRule { get; init; }
    public EnergyLimit? Limit { get; init; }
    public required DiffDocument Diff { get; init; }
    public required string SolverStatus { get; init; }
    public required double SolveSeconds { get; init; }
    public required int Violations { get; init; }
    public required int OrderCount { get; init; }
    public required IReadOnlyList<string> LateOrders { get; init; }
    public required DateTimeOffset PublishedAt { get; init; }
}

/// <summary>The solver's ScheduleDiff counts: moved (start ≥ 1 min) and reassigned can count the same
/// operation; <see cref="Changed"/> counts it once; <see cref="Interrupted"/> operations a trip cut short.</summary>
public sealed record DiffDocument(int Moved, int Reassigned, int Added, int Removed, int Unchanged)
{
    public int Changed { get; init; }
    public int Interrupted { get; init; }

    public static DiffDocument Of(ScheduleDiffSummary d) =>
        new(d.Moved, d.Reassigned, d.Added, d.Removed, d.Unchanged) { Changed = d.Changed, Interrupted = d.Interrupted };
}

/// <summary>Answer of POST …/reschedule.</summary>
public sealed record RescheduleResponse(
    int Version,
    int? PreviousVersion,
    DiffDocument Diff,
    string SolverStatus,
    double SolveSeconds,
    int Violations,
    int Operations,
    KpiReport Planned,
    KpiReport Baseline);

/// <summary>Answer of GET …/kpis: planned vs baseline (and the physical limit) of the current version.</summary>
public sealed record KpisResponse(int Version, KpiReport Planned, KpiReport Baseline, EnergyLimit? Limit, KpiComparison VsBaseline)
{
    /// <summary>The dispatch rule the baseline is (the best of the portfolio).</summary>
    public string? BaselineRule { get; init; }
}

/// <summary>Planned relative to baseline: negative savings mean the plan is worse.</summary>
public sealed record KpiComparison(
    double EnergySavedKwh,
    double EnergySavedRatio,
    double Co2SavedKg,
    double Co2SavedRatio,
    double TardinessDeltaH,
    int LateOrdersDelta)
{
    public static KpiComparison Of(KpiReport planned, KpiReport baseline) => new(
        Math.Round(baseline.EnergyKwh - planned.EnergyKwh, 1),
        baseline.EnergyKwh > 0 ? Math.Round(1 - planned.EnergyKwh / baseline.EnergyKwh, 4) : 0,
        Math.Round(baseline.Co2Kg - planned.Co2Kg, 1),
        baseline.Co2Kg > 0 ? Math.Round(1 - planned.Co2Kg / baseline.Co2Kg, 4) : 0,
        Math.Round(planned.WeightedTardinessH - baseline.WeightedTardinessH, 2),
        planned.LateOrders - baseline.LateOrders);
}

public sealed record VersionSummary(int Version, string Method, DateTimeOffset SavedAt, DiffDocument? Diff, string? SolverStatus,
    double? EnergyKwh, double? Co2Kg, int? LateOrders, double? WeightedTardinessH);

public sealed record OrderOutcome(string Id, string Outcome);

/// <summary>Answer of PUT/POST …/orders.</summary>
public sealed record OrdersResponse(int Inserted, int Updated, int Unchanged, int OrderCount, IReadOnlyList<OrderOutcome> Orders);

public sealed record EventsResponse(int Accepted, long LastSequence, bool RescheduleRequested);

public sealed record PlantSummary(string Id, int Revision, DateTimeOffset UpdatedAt);

public sealed record PlantResponse(string Id, int Revision, string Outcome);
