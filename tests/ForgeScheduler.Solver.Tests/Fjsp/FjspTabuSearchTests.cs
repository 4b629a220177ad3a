using ForgeScheduler.Solver.Fjsp;

namespace ForgeScheduler.Solver.Tests.Fjsp;

public sealed class FjspTabuSearchTests
{
    [Fact]
    public void ReachesTheThreeJobOptimumFromTheGreedySchedule()
    {
        // Hand calculation in FjspTestData.ThreeJobs: every greedy rule 15, optimum 13 (J2 op 1 and
        // J1 op 1 moved to M2 ahead of J3).
        var instance = FjspTestData.ThreeJobsInstance;
        var greedy = FjspGreedy.Schedule(instance);
        Assert.Equal(15, greedy.Makespan);

        var (best, moves) = FjspTabuSearch.Improve(instance, greedy, iterations: 200, seed: 1, lowerBound: 13);

        Assert.Equal(13, best.Makespan);
        Assert.InRange(moves, 1, 200);
        Assert.Empty(FjspValidator.Validate(instance, AsResult(instance, best)));
    }

    [Theory]
    [InlineData("brandimarte/mk06")]
    [InlineData("brandimarte/mk10")]
    public void ShortensTheGreedyScheduleValidlyAndRepeatsForASeed(string name)
    {
        var instance = FjspTestData.Benchmark(name);
        var greedy = FjspGreedy.Schedule(instance);

        var (best, moves) = FjspTabuSearch.Improve(instance, greedy, iterations: 2000, seed: 7);
        var (again, _) = FjspTabuSearch.Improve(instance, greedy, iterations: 2000, seed: 7);

        Assert.Equal(2000, moves);
        // The makespan it reports is the schedule's: every move was priced exactly.
        var result = AsResult(instance, best);
        Assert.Empty(FjspValidator.Validate(instance, result));
        Assert.Equal(best.Makespan, result.Operations.Max(o => o.End));
        Assert.True(best.Makespan < greedy.Makespan, $"tabu {best.Makespan} against greedy {greedy.Makespan}");
        Assert.Equal(result.Operations, AsResult(instance, again).Operations);
    }

    [Fact]
    public void NeverReturnsAScheduleWorseThanItsStart()
    {
        // From the mk10 schedule found by a long search, a short walk mostly visits worse schedules;
        // what it hands back is still at least as short as where it started.
        var instance = FjspTestData.Benchmark("brandimarte/mk10");
        var start = FjspTabuSearch.Improve(instance, FjspGreedy.Schedule(instance), iterations: 3000, seed: 1).Best;

        var (best, _) = FjspTabuSearch.Improve(instance, start, iterations: 50, seed: 2);

        Assert.True(best.Makespan <= start.Makespan);
        Assert.Empty(FjspValidator.Validate(instance, AsResult(instance, best)));
    }

    [Fact]
    public void StopsAtTheLowerBound()
    {
        var instance = FjspTestData.ThreeJobsInstance;

        var (best, moves) = FjspTabuSearch.Improve(instance, FjspGreedy.Schedule(instance), iterations: 10_000, seed: 1, lowerBound: 13);

        Assert.Equal(13, best.Makespan);
        Assert.True(moves < 10_000, $"{moves} moves after reaching the bound");
    }

    private static FjspResult AsResult(FjspInstance instance, FjspSchedule schedule) =>
        new("TABU", schedule.Makespan, null, 0, schedule.Operations(instance));
}
