using ForgeScheduler.Solver.Optimisation.Lns;

namespace ForgeScheduler.Solver.Fjsp;

/// <summary>An improving solution found during the search.</summary>
/// <param name="ElapsedSeconds">Wall time since the search started.</param>
/// <param name="Makespan">Makespan of the new best schedule.</param>
/// <param name="BestBound">Best proven lower bound on the makespan at that moment.</param>
/// <param name="Neighbourhood">The kind of LNS neighbourhood that found it (e.g. <c>time-window</c>);
/// null for the full CP-SAT solve.</param>
/// <param name="Gain">How much that neighbourhood cut the makespan (0 for the full solve).</param>
public sealed record FjspProgress(double ElapsedSeconds, long Makespan, long BestBound, string? Neighbourhood = null, long Gain = 0);

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

    /// <summary>What the large-neighbourhood search did after the full solve: neighbourhoods tried
    /// and accepted per kind; null when it did not run (solved to optimality, or LNS share 0).</summary>
    public FjspLnsSummary? Lns { get; init; }

    /// <summary>What the tabu search between the full solve and the LNS did; null when it did not run.</summary>
    public FjspTabuSummary? Tabu { get; init; }
}

/// <summary>The LNS phase in numbers: neighbourhoods solved, accepted (including moves that kept the
/// makespan and shortened the jobs), and each kind's tries, acceptances, makespan gain and final size.</summary>
public sealed record FjspLnsSummary(int Neighbourhoods, int Accepted, double DeterministicSeconds, IReadOnlyList<LnsKindStats> Kinds);

/// <summary>The tabu search's moves (all workers together) and the makespan it started from and reached.</summary>
public sealed record FjspTabuSummary(int Moves, long StartMakespan, long Makespan);
