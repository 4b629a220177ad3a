using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Solver.Kpis;
using ForgeScheduler.Solver.Optimisation;

namespace ForgeScheduler.Api;

/// <summary>Body of POST …/reschedule (optional): plan as of <see cref="Now"/> instead of the service's clock.</summary>
public sealed record RescheduleRequest
{
    public DateTimeOffset? Now { get; init; }
}

/// <summary>How many schedule versions the plant grain keeps (older ones answer 404).</summary>
public static class PlantGrainHistory
{
    public const int KeptVersions = 20;
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
