using ForgeScheduler.Solver.Fjsp;
using ForgeScheduler.Solver.Optimisation.Lns;
using ForgeScheduler.Solver.Tests.Fjsp;

namespace ForgeScheduler.Solver.Tests.Optimisation.Lns;

/// <summary>The LNS driver on the FJSP model (mk01: 10 jobs, 6 machines, 55 operations, optimum 40).</summary>
public sealed class LnsSearchTests
{
    private static readonly FjspInstance Mk01 = FjspTestData.Benchmark("brandimarte/mk01");

    /// <summary>
    /// The worst sensible schedule: every job after the previous one, every operation on its first
    /// machine, one operation running at a time in the whole shop. Feasible by construction, and its
    /// makespan is the sum of those durations (mk01: 217), five times the optimum.
    /// </summary>
    internal static FjspSchedule Serial(FjspInstance instance)
    {
        long time = 0;
        var alternative = instance.Jobs.Select(job => new int[job.Operations.Count]).ToArray();
        var start = new long[instance.Jobs.Count][];
        for (var j = 0; j < instance.Jobs.Count; j++)
        {
            start[j] = new long[instance.Jobs[j].Operations.Count];
            for (var o = 0; o < instance.Jobs[j].Operations.Count; o++)
            {
                start[j][o] = time;
                time += instance.Jobs[j].Operations[o].Alternatives[0].Duration;
            }
        }

        return new FjspSchedule(alternative, start, time);
    }

    private static LnsResult<FjspSchedule> Run(FjspSchedule incumbent, int workers, double budget, List<LnsProgress>? accepted = null)
    {
        var problem = new FjspLnsProblem(Mk01, FjspSolver.LongestJobLowerBound(Mk01));
        return LnsSearch.Run(problem, incumbent, problem.Neighbourhoods(), new LnsOptions
        {
            DeterministicTime = budget,
            SubSolveDeterministicTime = budget / 5,
            Workers = workers,
            Seed = 11,
            ExtraParameters = FjspLnsProblem.SubSolveParameters,
            OnAccepted = accepted is null ? null : accepted.Add,
        });
    }

    private static FjspResult AsResult(FjspSchedule schedule) => new("LNS", schedule.Makespan, null, 0, schedule.Operations(Mk01));

    [Fact]
    public void ImprovesADeliberatelyBadIncumbentToAValidScheduleNearTheOptimum()
    {
        var bad = Serial(Mk01);
        Assert.Empty(FjspValidator.Validate(Mk01, AsResult(bad)));
        Assert.Equal(217, bad.Makespan);
        var accepted = new List<LnsProgress>();

        var result = Run(bad, workers: 1, budget: 0.3, accepted);

        Assert.Empty(FjspValidator.Validate(Mk01, AsResult(result.Best)));
        // From 217 to the optimum 40, proved by a neighbourhood that had grown to every operation,
        // well inside the budget of 0.3 deterministic seconds.
        Assert.Equal(40, result.Best.Makespan);
        Assert.True(result.ProvenOptimal);
        Assert.InRange(result.DeterministicSeconds, 0, 0.1);
        Assert.Equal(result.Best.Makespan, result.Objective.Primary);
        Assert.NotEmpty(accepted);
        Assert.Equal(result.Accepted, accepted.Count);
        // Each accepted neighbourhood is better than the one before, and the gains add up.
        Assert.All(accepted, a => Assert.True(a.PrimaryGain > 0 || (a.PrimaryGain == 0 && a.SecondaryGain > 0), $"{a.Kind} gained nothing"));
        Assert.Equal(bad.Makespan - result.Best.Makespan, accepted.Sum(a => a.PrimaryGain));
        Assert.True(result.Kinds.Sum(k => k.Tries) == result.Iterations);
    }

    [Fact]
    public void OneWorkerASeedAndADeterministicBudgetRepeatStepForStep()
    {
        var first = new List<LnsProgress>();
        var second = new List<LnsProgress>();

        // A budget that ends the search before it proves anything, so it is the budget that stops it.
        var a = Run(Serial(Mk01), workers: 1, budget: 0.005, first);
        var b = Run(Serial(Mk01), workers: 1, budget: 0.005, second);

        Assert.False(a.ProvenOptimal);
        Assert.InRange(a.Iterations, 5, 1000);
        Assert.InRange(a.DeterministicSeconds, 0.004, 0.006);
        Assert.Equal(a.Best.Operations(Mk01), b.Best.Operations(Mk01));
        Assert.Equal(a.Iterations, b.Iterations);
        Assert.Equal(first.Select(p => (p.Kind, p.FreedItems, p.Objective, p.Iteration)), second.Select(p => (p.Kind, p.FreedItems, p.Objective, p.Iteration)));
        Assert.Equal(a.Kinds, b.Kinds);
    }

    [Fact]
    public void ParallelNeighbourhoodsAreMergedInDrawOrderSoTwoWorkersRepeatToo()
    {
        var a = Run(Serial(Mk01), workers: 2, budget: 0.005);
        var b = Run(Serial(Mk01), workers: 2, budget: 0.005);

        Assert.Equal(a.Best.Operations(Mk01), b.Best.Operations(Mk01));
        Assert.Equal(a.Kinds, b.Kinds);
        Assert.Empty(FjspValidator.Validate(Mk01, AsResult(a.Best)));
    }

    [Fact]
    public void StopsAtOnceWhenTheIncumbentMeetsTheLowerBound()
    {
        var incumbent = Serial(Mk01);
        var problem = new FjspLnsProblem(Mk01, 0);

        var result = LnsSearch.Run(problem, incumbent, problem.Neighbourhoods(),
            new LnsOptions { DeterministicTime = 1, LowerBound = incumbent.Makespan });

        Assert.Equal(0, result.Iterations);
        Assert.Same(incumbent, result.Best);
    }

    [Fact]
    public void ANeighbourhoodFreeingEverythingSolvedToOptimalityProvesTheOptimum()
    {
        // Two jobs, optimum 12 (FjspTestData.TwoJobs); every item free is the full problem.
        var instance = FjspTestData.TwoJobsInstance;
        var greedy = FjspGreedy.Schedule(instance, FjspGreedyRule.EarliestFinish);
        Assert.Equal(17, greedy.Makespan);
        var problem = new FjspLnsProblem(instance, 0);

        var result = LnsSearch.Run(problem, greedy, [new RandomItemsNeighbourhood<FjspSchedule>()],
            new LnsOptions { DeterministicTime = 5, InitialSizeFraction = 1.0 });

        Assert.True(result.ProvenOptimal);
        Assert.Equal(12, result.Best.Makespan);
        Assert.Equal(1, result.Iterations);
    }

    [Fact]
    public void NeedsAtLeastOneKindOfNeighbourhood()
    {
        var problem = new FjspLnsProblem(Mk01, 0);
        Assert.Throws<ArgumentException>(() => LnsSearch.Run(problem, Serial(Mk01), [], new LnsOptions()));
    }

    [Fact]
    public void SubSolveParametersCarryOneWorkerTheSeedAndTheDeterministicLimit()
    {
        var options = new LnsOptions { DeterministicTime = 1.0, SubSolveDeterministicTime = 0.05, Workers = 2, ExtraParameters = "linearization_level:0" };

        Assert.Equal("num_workers:1, random_seed:9, max_deterministic_time:0.05, linearization_level:0", LnsSearch.Parameters(options, 9, 1.0));
        // Near the end of the budget the round's share of what is left is the limit.
        Assert.Equal("num_workers:1, random_seed:9, max_deterministic_time:0.02, linearization_level:0", LnsSearch.Parameters(options, 9, 0.04));
        // Without a deterministic budget the wall clock left also bounds the sub-solve.
        Assert.Equal("num_workers:1, random_seed:9, max_deterministic_time:0.05, max_time_in_seconds:3.5",
            LnsSearch.Parameters(options with { DeterministicTime = null, ExtraParameters = null }, 9, 3.5));
    }
}
