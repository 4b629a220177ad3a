using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Optimisation;

namespace ForgeScheduler.Solver.Rescheduling;

/// <summary>A measured value from the floor for one operation, kept beside the schedule (the
/// schedule's own charge temperatures stay what physics says, so the validator can check them).</summary>
public sealed record OperationActual(string Order, int Step, DateTimeOffset? Started, DateTimeOffset? Finished,
    double? StartTempC, double? FinishTempC, double? EnergyKwh);

/// <summary>How the answer came about: the plain repair and what CP-SAT made of it, each scored by
/// the objective on the KPI calculator (ObjectiveWeights.Score), and the time each took.</summary>
public sealed record RescheduleSteps(
    Schedule Repair,
    double RepairScore,
    double RepairSeconds,
    IReadOnlyList<string> Neighbourhood,
    /// <summary>CP-SAT's status in the first neighbourhood round (or the round taken); null: no round ran.</summary>
    SolverStatus? ImproveStatus,
    double? ImprovedScore,
    bool Improved,
    double Score,
    double TotalSeconds);

/// <summary>The answer to a reschedule: the new plan, the order book and plant it was made for
/// (events applied), what changed, and its version.</summary>
public sealed record RescheduleResult(
    Schedule NewSchedule,
    OrderBook Orders,
    Plant Plant,
    ScheduleDiff Diff,
    int Version,
    IReadOnlyList<string> Notes)
{
    /// <summary>(order, step) of operations that stayed as they were because they had started or start
    /// inside the freeze window; rules they break are the floor's, not the rescheduler's.</summary>
    public IReadOnlyList<(string Order, int Step)> Fixed { get; init; } = [];
    public IReadOnlyList<OperationActual> Actuals { get; init; } = [];
    /// <summary>Unchanged (nothing happened), Repair (the plain repair), Improved (with CP-SAT's status), Fallback.</summary>
    public SolverStatus Status { get; init; } = SolverStatus.Unchanged;
    /// <summary>No valid new plan could be made: <see cref="NewSchedule"/> is the plan in force with the floor's actuals.</summary>
    public bool FellBack { get; init; }
    public RescheduleSteps? Steps { get; init; }
}
