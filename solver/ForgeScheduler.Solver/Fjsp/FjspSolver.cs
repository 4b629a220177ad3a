using System.Globalization;
using System.Runtime.ExceptionServices;
using Google.OrTools.Sat;

namespace ForgeScheduler.Solver.Fjsp;

/// <summary>Minimises the makespan of a flexible job-shop instance with CP-SAT.</summary>
public static class FjspSolver
{
    /// <summary>
    /// Solves <paramref name="instance"/> within <see cref="FjspSolveOptions.TimeLimitSeconds"/>.
    /// <paramref name="onImprovement"/> is called (on a solver thread, one call at a time) for each
    /// improving schedule. With one worker and a fixed seed the search is deterministic, so a run that
    /// ends before the time limit returns the same schedule every time.
    /// </summary>
    public static FjspResult Solve(FjspInstance instance, FjspSolveOptions options, Action<FjspProgress>? onImprovement)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(options);

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

        // Solve.
        using var solver = new CpSolver { StringParameters = Parameters(options) };
        using var callback = new ImprovementCallback(onImprovement);
        var status = solver.Solve(model.Model, callback);
        callback.RethrowIfFailed();

        // Read, only after checking that there is a solution.
        var statusName = StatusName(status);
        if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
        {
            return new FjspResult(statusName, null, null, solver.WallTime(), []);
        }

        var operations = new List<FjspScheduledOperation>(instance.OperationCount);
        for (var j = 0; j < instance.Jobs.Count; j++)
        {
            var jobOperations = instance.Jobs[j].Operations;
            for (var o = 0; o < jobOperations.Count; o++)
            {
                var chosen = Array.FindIndex(model.Presences[j][o], solver.BooleanValue);
                operations.Add(new FjspScheduledOperation(
                    j + 1,
                    o + 1,
                    jobOperations[o].Alternatives[chosen].Machine,
                    solver.Value(model.Starts[j][o]),
                    solver.Value(model.Ends[j][o])));
            }
        }

        var makespan = solver.Value(model.Makespan);
        var bestBound = status == CpSolverStatus.Optimal ? makespan : (long)Math.Ceiling(solver.BestObjectiveBound - 1e-9);
        return new FjspResult(statusName, makespan, bestBound, solver.WallTime(), operations);
    }

    /// <summary>The CP-SAT parameter string, e.g. <c>num_workers:2, max_time_in_seconds:60, random_seed:1</c>.</summary>
    internal static string Parameters(FjspSolveOptions options) => string.Create(
        CultureInfo.InvariantCulture,
        $"num_workers:{options.Workers}, max_time_in_seconds:{options.TimeLimitSeconds}, random_seed:{options.Seed}");

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
