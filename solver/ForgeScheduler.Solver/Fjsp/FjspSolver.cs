using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;
using ForgeScheduler.Solver.Optimisation.Lns;
using Google.OrTools.Sat;

namespace ForgeScheduler.Solver.Fjsp;

/// <summary>
/// Minimises the makespan of a flexible job-shop instance: a full CP-SAT solve from the best greedy
/// schedule first, then a tabu search on the critical path (<see cref="FjspTabuSearch"/>,
/// <see cref="FjspSolveOptions.TabuShare"/>), then large-neighbourhood search
/// (<see cref="LnsSearch"/>) around its best schedule for the rest of the budget
/// (<see cref="FjspSolveOptions.LnsShare"/> covers both).
/// </summary>
public static class FjspSolver
{
    /// <summary>
    /// Solves <paramref name="instance"/> within <see cref="FjspSolveOptions.TimeLimitSeconds"/> (or
    /// its <see cref="FjspSolveOptions.DeterministicTime"/>). <paramref name="onImprovement"/> is
    /// called (on a solver thread, one call at a time) for each improving schedule of the full solve
    /// and for each LNS neighbourhood that shortened the makespan. With one worker, a fixed seed and
    /// a deterministic budget the whole solve is reproducible.
    /// </summary>
    public static FjspResult Solve(FjspInstance instance, FjspSolveOptions options, Action<FjspProgress>? onImprovement)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();

        // Data: horizon, the best greedy schedule (hint and tighter upper bound), a simple lower bound.
        var horizon = Horizon(instance);
        var greedy = FjspGreedy.Schedule(instance);
        var upperBound = Math.Min(horizon, greedy.Makespan);
        var lowerBound = LongestJobLowerBound(instance);

        // Variables.
        var model = FjspModel.CreateVariables(instance, upperBound, lowerBound);

        // Constraints.
        model.AddMachineChoice();
        model.AddNoOverlapPerMachine();
        model.AddJobPrecedence();
        model.AddMakespanDefinition();
        model.AddMachineLoad();

        // Objective, and the greedy schedule as a complete hint.
        model.MinimiseMakespan();
        model.AddHint(greedy);

        // Solve the full model for its share of the budget.
        using var solver = new CpSolver { StringParameters = Parameters(options) };
        using var callback = new ImprovementCallback(onImprovement);
        var status = solver.Solve(model.Model, callback);
        callback.RethrowIfFailed();

        // Read, only after checking that there is a solution.
        var hasSolution = status is CpSolverStatus.Optimal or CpSolverStatus.Feasible;
        var solved = hasSolution ? model.Read(solver) : null;
        var bound = Math.Max(lowerBound, status == CpSolverStatus.Optimal
            ? solved!.Makespan
            : (long)Math.Ceiling(solver.BestObjectiveBound - 1e-9));
        if (status == CpSolverStatus.Optimal || options.LnsShare == 0 || status is CpSolverStatus.Infeasible or CpSolverStatus.ModelInvalid)
        {
            return solved is null
                ? new FjspResult(StatusName(status), null, null, clock.Elapsed.TotalSeconds, [])
                : new FjspResult(StatusName(status), solved.Makespan, bound, clock.Elapsed.TotalSeconds, solved.Operations(instance));
        }

        // Tabu search from the incumbent (the greedy schedule if the full solve found nothing in its
        // share): it crosses the makespan's plateaus by moves the LNS's sub-solves do not make.
        var incumbent = solved ?? greedy;
        var tabuShare = options.LnsShare * options.TabuShare;
        var (tabu, tabuMoves) = RunTabuSearches(instance, incumbent, options, tabuShare, bound, clock);
        if (tabu.Makespan < incumbent.Makespan)
        {
            onImprovement?.Invoke(new FjspProgress(clock.Elapsed.TotalSeconds, tabu.Makespan, bound, "tabu", incumbent.Makespan - tabu.Makespan));
            incumbent = tabu;
        }

        // Large-neighbourhood search around the best schedule so far, for the rest of the budget.
        var problem = new FjspLnsProblem(instance, bound);
        var lnsDeterministic = options.DeterministicTime * (options.LnsShare - tabuShare);
        var lns = incumbent.Makespan <= bound || lnsDeterministic is <= 1e-3
            ? null
            : LnsSearch.Run(problem, incumbent, problem.Neighbourhoods(), new LnsOptions
        {
            TimeLimitSeconds = Math.Max(0.01, options.TimeLimitSeconds - clock.Elapsed.TotalSeconds),
            DeterministicTime = lnsDeterministic,
            Workers = options.Workers,
            Seed = options.Seed,
            LowerBound = bound,
            SubSolveDeterministicTime = FjspLnsProblem.SubSolveDeterministicTime,
            ExtraParameters = FjspLnsProblem.SubSolveParameters,
            OnAccepted = accepted =>
            {
                if (accepted.PrimaryGain > 0)
                {
                    onImprovement?.Invoke(new FjspProgress(clock.Elapsed.TotalSeconds, accepted.Objective.Primary, bound, accepted.Kind, accepted.PrimaryGain));
                }
            },
        });

        var best = lns?.Best ?? incumbent;
        if (lns is { ProvenOptimal: true })
        {
            bound = best.Makespan;
        }

        return new FjspResult(best.Makespan == bound ? "OPTIMAL" : "FEASIBLE", best.Makespan, bound, clock.Elapsed.TotalSeconds, best.Operations(instance))
        {
            Lns = lns is null ? new FjspLnsSummary(0, 0, 0, []) : new FjspLnsSummary(lns.Iterations, lns.Accepted, lns.DeterministicSeconds, lns.Kinds),
            Tabu = tabuShare > 0 ? new FjspTabuSummary(tabuMoves, (solved ?? greedy).Makespan, tabu.Makespan) : null,
        };
    }

    /// <summary>
    /// Moves of the tabu search per deterministic unit of its share, when the budget is deterministic:
    /// roughly what one worker makes on mk10 in the wall time a deterministic unit of CP-SAT takes on
    /// this two-core machine (about 4 500 moves a second; a unit of the LNS's sub-solves ≈ 20 s).
    /// </summary>
    internal const int TabuMovesPerDeterministicUnit = 80_000;

    /// <summary>
    /// One tabu search per worker, seeds <c>Seed</c>, <c>Seed + 1</c>, …, each from
    /// <paramref name="incumbent"/>; the best wins (ties: the lower seed). With a deterministic budget
    /// each makes <see cref="TabuMovesPerDeterministicUnit"/> moves per unit of its share, and the
    /// result repeats; otherwise they stop when their share of the wall clock is spent.
    /// </summary>
    private static (FjspSchedule Best, int Moves) RunTabuSearches(FjspInstance instance, FjspSchedule incumbent, FjspSolveOptions options,
        double share, long bound, Stopwatch clock)
    {
        if (share <= 0)
        {
            return (incumbent, 0);
        }

        var moves = options.DeterministicTime is { } budget
            ? (int)Math.Round(Math.Min(int.MaxValue, budget * share * TabuMovesPerDeterministicUnit))
            : int.MaxValue;
        var stopAt = clock.Elapsed.TotalSeconds + options.TimeLimitSeconds * share;
        Func<bool>? shouldStop = options.DeterministicTime is null ? () => clock.Elapsed.TotalSeconds >= stopAt : null;
        var results = new (FjspSchedule Best, int Moves)[options.Workers];
        Parallel.For(0, options.Workers, new ParallelOptions { MaxDegreeOfParallelism = options.Workers },
            k => results[k] = FjspTabuSearch.Improve(instance, incumbent, moves, options.Seed + k, bound, shouldStop));
        var best = results.MinBy(r => r.Best.Makespan).Best;
        return (best, results.Sum(r => r.Moves));
    }

    /// <summary>
    /// The CP-SAT parameters of the full solve: its share of the budget (1 − LNS share) of wall time,
    /// or of deterministic time when a deterministic budget is set, e.g.
    /// <c>num_workers:2, max_time_in_seconds:15, random_seed:1</c>.
    /// </summary>
    internal static string Parameters(FjspSolveOptions options)
    {
        var share = 1 - options.LnsShare;
        return options.DeterministicTime is { } budget
            ? string.Create(CultureInfo.InvariantCulture,
                $"num_workers:{options.Workers}, max_deterministic_time:{budget * share}, random_seed:{options.Seed}")
            : string.Create(CultureInfo.InvariantCulture,
                $"num_workers:{options.Workers}, max_time_in_seconds:{options.TimeLimitSeconds * share}, random_seed:{options.Seed}");
    }

    /// <summary>Sum over operations of their longest alternative: no optimal schedule ends later.</summary>
    internal static long Horizon(FjspInstance instance) =>
        instance.Jobs.Sum(job => job.Operations.Sum(operation => (long)operation.Alternatives.Max(alternative => alternative.Duration)));

    /// <summary>No schedule ends before the longest job run on its fastest machines.</summary>
    internal static long LongestJobLowerBound(FjspInstance instance) =>
        instance.Jobs.Count == 0
            ? 0
            : instance.Jobs.Max(job => job.Operations.Sum(operation => (long)operation.Alternatives.Min(alternative => alternative.Duration)));

    private static string StatusName(CpSolverStatus status) => status switch
    {
        CpSolverStatus.Optimal => "OPTIMAL",
        CpSolverStatus.Feasible => "FEASIBLE",
        CpSolverStatus.Infeasible => "INFEASIBLE",
        CpSolverStatus.ModelInvalid => "MODEL_INVALID",
        _ => "UNKNOWN",
    };

    /// <summary>
    /// Reports improving solutions. An exception from the caller's handler must not unwind through
    /// native code, so it is kept, the search is stopped, and it is rethrown after Solve returns.
    /// </summary>
    private sealed class ImprovementCallback(Action<FjspProgress>? onImprovement) : CpSolverSolutionCallback
    {
        private long _best = long.MaxValue;
        private ExceptionDispatchInfo? _failure;

        public override void OnSolutionCallback()
        {
            if (onImprovement is null || _failure is not null)
            {
                return;
            }

            var objective = (long)Math.Round(ObjectiveValue());
            if (objective >= _best)
            {
                return;
            }

            _best = objective;
            try
            {
                onImprovement(new FjspProgress(WallTime(), objective, (long)Math.Ceiling(BestObjectiveBound() - 1e-9)));
            }
#pragma warning disable CA1031 // Any exception is rethrown on the caller's thread after the solve.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                _failure = ExceptionDispatchInfo.Capture(exception);
                StopSearch();
            }
        }

        public void RethrowIfFailed() => _failure?.Throw();
    }
}
