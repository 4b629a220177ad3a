using System.Diagnostics;
using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Optimisation;
using ForgeScheduler.Solver.Rescheduling;
using ForgeScheduler.Solver.Validation;

namespace ForgeScheduler.Cluster.Grains;

/// <summary>How long and with how many threads a solve may run on a silo.</summary>
public sealed record PlanningOptions
{
    public double TimeLimitSeconds { get; init; } = 5.0;
    public int Workers { get; init; } = 1;
    public int Seed { get; init; } = 1;

    /// <summary>CP-SAT's deterministic time budget; with one worker and a seed the solve is then reproducible
    /// whatever the machine's load (tests set it; the service runs on wall time).</summary>
    public double? DeterministicTime { get; init; }

    /// <summary>Solves a silo runs at once (null: one per core, divided by <see cref="Workers"/>).</summary>
    public int? MaxConcurrentSolves { get; init; }

    /// <summary>Solves that may wait for a slot; one more is refused with 503 + Retry-After.</summary>
    public int MaxWaitingSolves { get; init; } = 8;

    /// <summary>The hard wall-clock cap on one solve, whatever its time limit and however many windows and
    /// phases it runs: the search is stopped and the best plan found so far (or the baseline) is used.</summary>
    public double MaxSolveSeconds { get; init; } = 60;

    /// <summary>CP-SAT's memory cap for each run of a solve (<c>max_memory_in_mb</c>; past it the search stops
    /// with the best plan found, or the baseline). 2,048 MB by default: with the pool's two solves at once a
    /// silo's solves stay within 4 GB whatever a book does, where CP-SAT's own default is 10,000 MB each.
    /// <c>forge serve --max-solve-memory-mb</c>.</summary>
    public int MaxSolveMemoryMb { get; init; } = 2048;

    /// <summary>The solver options these planning options stand for (the time limit at most <see cref="MaxSolveSeconds"/>).</summary>
    public CpSatOptions Solver => new()
    {
        TimeLimitSeconds = Math.Min(TimeLimitSeconds, MaxSolveSeconds), Workers = Workers, Seed = Seed, DeterministicTime = DeterministicTime,
        MaxMemoryMb = MaxSolveMemoryMb,
    };

    /// <summary>Operations starting within this many minutes after now stay as planned (rescheduler).</summary>
    public double FreezeMinutes { get; init; } = new RescheduleOptions().FreezeMinutes;

    /// <summary>Stability penalty of the rescheduler: kg CO2-equivalent per minute an operation moves.</summary>
    public double StabilityKgPerMinuteMoved { get; init; } = new RescheduleOptions().StabilityKgPerMinuteMoved;

    /// <summary>Stability penalty of the rescheduler: kg CO2-equivalent per operation put on another resource.</summary>
    public double StabilityKgPerReassignment { get; init; } = new RescheduleOptions().StabilityKgPerReassignment;

    public static PlanningOptions Default { get; } = new();
}

internal sealed record PlanRequest(Plant Plant, OrderBook Book, Schedule? Previous, IReadOnlyList<ShopFloorEvent> Events, DateTimeOffset Now);

internal sealed record PlanResult(Schedule Schedule, SolverStatus Status, double WallSeconds)
{
    /// <summary>CP-SAT's relative gap |objective − bound| / |objective| when it reported one.</summary>
    public double? Gap { get; init; }
}

/// <summary>The one seam between the grains and the solver: the lead swaps in the rescheduler
/// (freeze window, actuals from events, stability penalty) here at merge.</summary>
internal interface IPlanner
{
    /// <summary>Plans; <paramref name="cancellationToken"/> stops the search early but still yields a
    /// valid schedule (the best found, or the baseline): the caller decides whether to use it.</summary>
    PlanResult Plan(PlanRequest request, CancellationToken cancellationToken);
}

/// <summary>The default planner. Without a schedule in force: CP-SAT on the whole book, as
/// <see cref="CpSatPlanner"/>. With one: <see cref="Rescheduler.Reschedule"/> from it — what started or
/// starts within the freeze window stays, actuals from operation_started/finished replace plan values,
/// moves pay the stability penalty.
/// The plant grain has already applied order events to the book and resource downs to the plant
/// (as downtime), and keeps doing so across versions; so only operation_started/operation_finished are
/// handed on as <see cref="ShopEvent"/>s — passing the others too would add each downtime and each
/// order change a second time (docs/cluster.md, "Rescheduling in the cluster").</summary>
internal sealed class ReschedulingPlanner(PlanningOptions options) : IPlanner
{
    private readonly CpSatPlanner _fromScratch = new(options);

    public PlanResult Plan(PlanRequest request, CancellationToken cancellationToken)
    {
        if (request.Previous is not { } previous) return _fromScratch.Plan(request, cancellationToken);
        var clock = Stopwatch.StartNew();
        Solver.Rescheduling.RescheduleResult result;
        try
        {
            result = Rescheduler.Reschedule(request.Plant, request.Book, previous, Applicable(request, previous, FloorActuals(request.Events)), request.Now,
                new RescheduleOptions
                {
                    FreezeMinutes = options.FreezeMinutes,
                    StabilityKgPerMinuteMoved = options.StabilityKgPerMinuteMoved,
                    StabilityKgPerReassignment = options.StabilityKgPerReassignment,
                    Solver = options.Solver with { Cancellation = cancellationToken },
                });
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or RescheduleInputException)
        {
            // An accepted write must never leave a plant that cannot be planned: when the plan in force
            // cannot be repaired into the book as it now is, plan the book afresh (validated like any plan).
            var fresh = _fromScratch.Plan(request, cancellationToken);
            return fresh with { Status = SolverStatus.ResolvedBy(fresh.Status), WallSeconds = clock.Elapsed.TotalSeconds };
        }
        if (ScheduleValidator.Validate(request.Plant, request.Book, result.NewSchedule).Count > 0)
        {
            // The repaired plan (or the plan in force it fell back to, which may lack orders added since)
            // breaks a rule and would not be published: plan the book afresh instead, so a plant is never
            // left without a plan it can publish.
            var fresh = _fromScratch.Plan(request, cancellationToken);
            return fresh with { Status = SolverStatus.ResolvedBy(fresh.Status), WallSeconds = clock.Elapsed.TotalSeconds };
        }
        if (result.FellBack && result.Fixed.Count == 0)
        {
            // The rescheduler's fallback keeps the plan in force, which may use a resource that is now down;
            // with nothing fixed by the floor a fresh solve (never worse than today's rules) is the better answer.
            var fresh = _fromScratch.Plan(request, cancellationToken);
            return fresh with { Status = SolverStatus.ResolvedBy(fresh.Status), WallSeconds = clock.Elapsed.TotalSeconds };
        }
        var status = result.FellBack ? SolverStatus.FallbackFrom(result.Status) : result.Status;
        return new PlanResult(result.NewSchedule, status, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The events the rescheduler still needs: what the floor reports of operations.</summary>
    internal static IReadOnlyList<ShopEvent> FloorActuals(IEnumerable<ShopFloorEvent> events) =>
        events.Where(e => e.Type is ShopFloorEventTypes.OperationStarted or ShopFloorEventTypes.OperationFinished)
            .Select(e => e.ToShopEvent()).OfType<ShopEvent>().ToList();

    /// <summary>Leaves out reports the plan cannot take (an order cancelled since, a finish before its
    /// start): they stay in the event log, the new version is made without them.</summary>
    private static IReadOnlyList<ShopEvent> Applicable(PlanRequest request, Schedule previous, IReadOnlyList<ShopEvent> events)
    {
        var bad = RescheduleInputs.Check(request.Plant, request.Book, previous, events).Select(p => p.Event).ToHashSet();
        return bad.Count == 0 ? events : events.Where((_, i) => !bad.Contains(i)).ToList();
    }
}

/// <summary>CP-SAT on the whole book, falling back to the schedule in
/// force when that is still a valid schedule of exactly this book (else to today's dispatching rules),
/// so a reschedule never publishes something worse than what the floor already has.</summary>
internal sealed class CpSatPlanner(PlanningOptions options) : IPlanner
{
    public PlanResult Plan(PlanRequest request, CancellationToken cancellationToken)
    {
        var fallback = UsableFallback(request.Plant, request.Book, request.Previous);
        var result = CpSatScheduler.Solve(request.Plant, request.Book, options.Solver with { Cancellation = cancellationToken }, fallback);
        var status = result.FellBackToBaseline ? SolverStatus.FallbackFrom(result.Status) : result.Status;
        double? gap = !result.FellBackToBaseline && double.IsFinite(result.Objective) && double.IsFinite(result.Bound)
            ? Math.Abs(result.Objective - result.Bound) / Math.Max(1, Math.Abs(result.Objective)) : null;
        return new PlanResult(result.Schedule, status, result.WallSeconds) { Gap = gap };
    }

    private static Schedule? UsableFallback(Plant plant, OrderBook book, Schedule? previous)
    {
        if (previous is null) return null;
        var planned = previous.Operations.Select(o => o.Order).ToHashSet();
        if (!planned.SetEquals(book.Orders.Select(o => o.Id))) return null;
        return ScheduleValidator.Validate(plant, book, previous).Count == 0 ? previous : null;
    }
}
