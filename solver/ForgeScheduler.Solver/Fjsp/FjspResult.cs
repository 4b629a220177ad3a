namespace ForgeScheduler.Solver.Fjsp;

/// <summary>An improving solution found during the search.</summary>
/// <param name="ElapsedSeconds">Wall time since the search started.</param>
/// <param name="Makespan">Makespan of the new best schedule.</param>
/// <param name="BestBound">Best proven lower bound on the makespan at that moment.</param>
public sealed record FjspProgress(double ElapsedSeconds, long Makespan, long BestBound);

/// <summary>One operation of the schedule. Job, operation and machine numbers are 1-based.</summary>
public sealed record FjspScheduledOperation(int Job, int Op, int Machine, long Start, long End);

/// <summary>
/// The outcome of a solve. <see cref="Status"/> is the CP-SAT status name (<c>OPTIMAL</c>,
/// <c>FEASIBLE</c>, <c>INFEASIBLE</c>, <c>MODEL_INVALID</c>, <c>UNKNOWN</c>). Without a schedule
/// (<see cref="HasSchedule"/> false) <see cref="Makespan"/> and <see cref="BestBound"/> are null and
/// <see cref="Operations"/> is empty.
/// </summary>
public sealed record FjspResult(
    string Status,
    long? Makespan,
    long? BestBound,
    double WallSeconds,
    IReadOnlyList<FjspScheduledOperation> Operations)
{
    /// <summary>True when the result carries a schedule (status OPTIMAL or FEASIBLE).</summary>
    public bool HasSchedule => Makespan is not null;

    /// <summary>True when CP-SAT proved the makespan optimal.</summary>
    public bool IsOptimal => Status == "OPTIMAL";
}
