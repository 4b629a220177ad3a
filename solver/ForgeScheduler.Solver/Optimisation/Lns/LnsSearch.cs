using System.Diagnostics;
using System.Globalization;
using Google.OrTools.Sat;

namespace ForgeScheduler.Solver.Optimisation.Lns;

/// <summary>
/// Large-neighbourhood search around an incumbent: pick a kind of neighbourhood and a size, free
/// those items, re-solve the sub-model with CP-SAT under a short deterministic limit, keep the result
/// if it is better, adapt, repeat until the budget is spent. Model-agnostic: everything about the
/// model is behind <see cref="ILnsProblem{TSolution}"/>.
/// </summary>
/// <remarks>
/// With <see cref="LnsOptions.Workers"/> = n, each round solves n neighbourhoods of the same
/// incumbent at once, one single-threaded CP-SAT each (small sub-models gain little from CP-SAT's
/// own portfolio, and n independent neighbourhoods explore more); the round keeps the best. The
/// round's outcomes are processed in the order the neighbourhoods were drawn, so the result does not
/// depend on which thread finished first.
/// </remarks>
public static class LnsSearch
{
    /// <summary>A kind that keeps returning nothing to free would spin; after this many empty picks in
    /// a row the search stops.</summary>
    private const int MaxEmptyPicksInARow = 100;

    public static LnsResult<TSolution> Run<TSolution>(
        ILnsProblem<TSolution> problem,
        TSolution initial,
        IReadOnlyList<ILnsNeighbourhood<TSolution>> neighbourhoods,
        LnsOptions options) where TSolution : class
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(options);
        if (neighbourhoods is not { Count: > 0 })
        {
            throw new ArgumentException("The search needs at least one kind of neighbourhood.", nameof(neighbourhoods));
        }

        var clock = Stopwatch.StartNew();
        var random = new Random(options.Seed);
        var adaptation = new LnsAdaptation([.. neighbourhoods.Select(n => n.Kind)], options.InitialSizeFraction, options.MinimumSize);
        var best = initial;
        var bestObjective = problem.Objective(initial);
        double deterministicSeconds = 0;
        int iterations = 0, accepted = 0, emptyInARow = 0;
        var provenOptimal = false;

        while (!provenOptimal && emptyInARow < MaxEmptyPicksInARow && bestObjective.Primary > (options.LowerBound ?? long.MinValue))
        {
            var remaining = Remaining(options, clock, deterministicSeconds);
            if (remaining is null)
            {
                break;
            }

            // Draw the round's neighbourhoods one after another from the seeded generator.
            var items = problem.Items(best);
            var round = new List<Attempt<TSolution>>(options.Workers);
            while (round.Count < options.Workers && emptyInARow < MaxEmptyPicksInARow)
            {
                var kind = adaptation.PickKind(random);
                var free = neighbourhoods[kind].Select(best, items, adaptation.TargetSize(kind, items.Count), random);
                var subSeed = random.Next();
                if (free.Count == 0)
                {
                    emptyInARow++;
                    continue;
                }

                emptyInARow = 0;
                round.Add(new Attempt<TSolution>(kind, free, problem.BuildSubModel(best, free), Parameters(options, subSeed, remaining.Value)));
            }

            if (round.Count == 1)
            {
                round[0].Solve();
            }
            else
            {
                Parallel.ForEach(round, new ParallelOptions { MaxDegreeOfParallelism = round.Count }, attempt => attempt.Solve());
            }

            var roundStart = bestObjective;
            foreach (var attempt in round)
            {
                iterations++;
                deterministicSeconds += attempt.DeterministicSeconds;
                var improved = false;
                long primaryGain = 0;
                if (attempt.Status is CpSolverStatus.Optimal or CpSolverStatus.Feasible)
                {
                    var candidate = attempt.Read();
                    var objective = problem.Objective(candidate);
                    improved = objective < roundStart;
                    primaryGain = improved ? roundStart.Primary - objective.Primary : 0;
                    if (objective < bestObjective)
                    {
                        var gain = (Primary: bestObjective.Primary - objective.Primary, Secondary: bestObjective.Secondary - objective.Secondary);
                        (best, bestObjective) = (candidate, objective);
                        accepted++;
                        options.OnAccepted?.Invoke(new LnsProgress(neighbourhoods[attempt.Kind].Kind, attempt.Free.Count, gain.Primary, gain.Secondary,
                            objective, clock.Elapsed.TotalSeconds, deterministicSeconds, iterations));
                    }

                    // Every item free and solved to optimality: no neighbourhood can do better.
                    provenOptimal |= attempt.Status == CpSolverStatus.Optimal && attempt.Free.Count == items.Count;
                }

                var finished = attempt.Status is CpSolverStatus.Optimal or CpSolverStatus.Infeasible;
                adaptation.Record(attempt.Kind, finished, improved, primaryGain, items.Count);
                attempt.Dispose();
            }
        }

        return new LnsResult<TSolution>(best, bestObjective, iterations, accepted, clock.Elapsed.TotalSeconds, deterministicSeconds,
            provenOptimal, adaptation.Stats());
    }

    /// <summary>What is left of the budget (deterministic seconds when a deterministic budget is set,
    /// else wall seconds), or null when it is spent.</summary>
    private static double? Remaining(LnsOptions options, Stopwatch clock, double deterministicSeconds)
    {
        if (options.Cancellation.IsCancellationRequested) return null;
        var left = options.DeterministicTime is { } budget
            ? budget - deterministicSeconds
            : options.TimeLimitSeconds - clock.Elapsed.TotalSeconds;
        // A millisecond cannot solve anything.
        return left > 1e-3 ? left : null;
    }

    /// <summary>
    /// One sub-solve's parameters: one worker, its own seed, the sub-solve's deterministic limit
    /// (within what is left of a deterministic budget, shared by the round), and without a
    /// deterministic budget also the wall time left.
    /// </summary>
    internal static string Parameters(LnsOptions options, int seed, double remaining)
    {
        var subLimit = options.DeterministicTime is null
            ? options.SubSolveDeterministicTime
            : Math.Min(options.SubSolveDeterministicTime, remaining / options.Workers);
        var parameters = string.Create(CultureInfo.InvariantCulture,
            $"num_workers:1, random_seed:{seed}, max_deterministic_time:{subLimit:0.####}");
        if (options.DeterministicTime is null)
        {
            parameters += string.Create(CultureInfo.InvariantCulture, $", max_time_in_seconds:{remaining:0.###}");
        }

        return options.ExtraParameters is { Length: > 0 } extra ? $"{parameters}, {extra}" : parameters;
    }

    /// <summary>One neighbourhood of a round: its sub-model, solved on whichever thread runs it.</summary>
    private sealed class Attempt<TSolution>(int kind, IReadOnlySet<int> free, LnsSubModel<TSolution> subModel, string parameters) : IDisposable
        where TSolution : class
    {
        private readonly CpSolver _solver = new() { StringParameters = parameters };

        public int Kind => kind;

        public IReadOnlySet<int> Free => free;

        public CpSolverStatus Status { get; private set; } = CpSolverStatus.Unknown;

        public double DeterministicSeconds => _solver.Response?.DeterministicTime ?? 0;

        public void Solve() => Status = _solver.Solve(subModel.Model);

        public TSolution Read() => subModel.Read(_solver);

        public void Dispose() => _solver.Dispose();
    }
}
