using ForgeScheduler.Solver.Fjsp;

namespace ForgeScheduler.Solver.Tests.Fjsp;

public sealed class FjspSolverTests
{
    [Fact]
    public void EarliestFinishRuleIsMyopicWhereMostWorkRemainingIsNot()
    {
        // Hand calculation in FjspTestData.TwoJobs: earliest finish 17, most work remaining 12.
        var instance = FjspTestData.TwoJobsInstance;

        Assert.Equal(17, FjspGreedy.Schedule(instance, FjspGreedyRule.EarliestFinish).Makespan);
        Assert.Equal(12, FjspGreedy.Schedule(instance, FjspGreedyRule.MostWorkRemaining).Makespan);
        Assert.Equal(12, FjspGreedy.Schedule(instance).Makespan);
    }

    [Theory]
    [InlineData("brandimarte/mk01")]
    [InlineData("brandimarte/mk06")]
    [InlineData("brandimarte/mk10")]
    public void EveryGreedyRuleGivesAValidSchedule(string name)
    {
        var instance = FjspTestData.Benchmark(name);

        foreach (var rule in Enum.GetValues<FjspGreedyRule>())
        {
            var schedule = FjspGreedy.Schedule(instance, rule);
            var operations = new List<FjspScheduledOperation>();
            for (var j = 0; j < instance.Jobs.Count; j++)
            {
                for (var o = 0; o < instance.Jobs[j].Operations.Count; o++)
                {
                    var (machine, duration) = instance.Jobs[j].Operations[o].Alternatives[schedule.Alternative[j][o]];
                    var start = schedule.Start[j][o];
                    operations.Add(new FjspScheduledOperation(j + 1, o + 1, machine, start, start + duration));
                }
            }

            var result = new FjspResult("GREEDY", schedule.Makespan, null, 0, operations);
            Assert.Empty(FjspValidator.Validate(instance, result));
        }
    }

    [Fact]
    public void SolvesTheThreeJobInstanceToItsHandComputedOptimum()
    {
        // Hand calculation in FjspTestData.ThreeJobs: optimum 13, every greedy rule 15.
        var instance = FjspTestData.ThreeJobsInstance;
        Assert.Equal(15, FjspGreedy.Schedule(instance).Makespan);

        // One worker, a seed and a deterministic budget: the outcome cannot depend on the machine's load.
        var result = FjspSolver.Solve(instance, new FjspSolveOptions { TimeLimitSeconds = 60, Workers = 1, Seed = 1, DeterministicTime = 2 }, null);

        Assert.Equal("OPTIMAL", result.Status);
        Assert.Equal(13, result.Makespan);
        Assert.Equal(13, result.BestBound);
        Assert.Empty(FjspValidator.Validate(instance, result));
        Assert.Equal(5, result.Operations.Count);
        Assert.Equal(2, result.Operations.Single(operation => operation is { Job: 1, Op: 1 }).Machine);
    }

    [Fact]
    public void SolvesMk01ToWithinTenPercentOfTheBestKnownMakespan()
    {
        var instance = FjspTestData.Benchmark("brandimarte/mk01");
        var bks = FjspTestData.BestKnown()["brandimarte/mk01"].Bks;
        var progress = new List<FjspProgress>();

        var result = FjspSolver.Solve(instance, new FjspSolveOptions { TimeLimitSeconds = 120, Workers = 1, Seed = 1, DeterministicTime = 8 }, progress.Add);

        Assert.Equal(40, bks);
        Assert.Empty(FjspValidator.Validate(instance, result));
        Assert.InRange(result.Makespan!.Value, bks, bks * 1.10);
        Assert.InRange(result.BestBound!.Value, 0, result.Makespan.Value);
        Assert.Equal(instance.OperationCount, result.Operations.Count);
        Assert.NotEmpty(progress);
        Assert.Equal(result.Makespan, progress[^1].Makespan);
        Assert.True(
            progress.Zip(progress.Skip(1)).All(pair => pair.Second.Makespan < pair.First.Makespan),
            "reported makespans must strictly improve");
    }

    [Fact]
    public void OneWorkerWithAFixedSeedGivesTheSameSchedule()
    {
        // A deterministic budget, so neither the full solve nor the LNS after it is cut at a
        // different point by the machine's load; several optimal schedules exist, so the choice is
        // a real test.
        var instance = FjspTestData.Benchmark("brandimarte/mk01");
        var options = new FjspSolveOptions { TimeLimitSeconds = 20, DeterministicTime = 2, Workers = 1, Seed = 7 };

        var first = FjspSolver.Solve(instance, options, null);
        var second = FjspSolver.Solve(instance, options, null);

        Assert.Equal("OPTIMAL", first.Status);
        Assert.Equal("OPTIMAL", second.Status);
        Assert.Equal(first.Operations, second.Operations);
    }

    [Fact]
    public void LnsAfterTheFullSolveShortensMk10AndRepeatsWithOneWorker()
    {
        // mk10 is far from proved in 0.5 deterministic seconds, so the LNS runs after the full solve.
        var instance = FjspTestData.Benchmark("brandimarte/mk10");
        var options = new FjspSolveOptions { TimeLimitSeconds = 60, DeterministicTime = 0.5, Workers = 1, Seed = 3 };
        var progress = new List<FjspProgress>();

        var withLns = FjspSolver.Solve(instance, options, progress.Add);
        var again = FjspSolver.Solve(instance, options, null);
        var fullOnly = FjspSolver.Solve(instance, options with { LnsShare = 0 }, null);

        Assert.Empty(FjspValidator.Validate(instance, withLns));
        Assert.Equal(withLns.Operations, again.Operations);
        Assert.NotNull(withLns.Lns);
        Assert.Null(fullOnly.Lns);
        // The same budget, three quarters of it spent on neighbourhoods instead of the full model,
        // gives a shorter schedule: the point of the LNS.
        Assert.True(withLns.Makespan < fullOnly.Makespan, $"LNS {withLns.Makespan} against the full solve alone {fullOnly.Makespan}");
        // Its improvements are reported with the neighbourhood that found each.
        var lnsLines = progress.Where(p => p.Neighbourhood is not null).ToList();
        Assert.NotEmpty(lnsLines);
        Assert.All(lnsLines, p => Assert.True(p.Gain > 0));
        Assert.Equal(withLns.Makespan, progress[^1].Makespan);
    }

    [Fact]
    public void TabuSearchBeforeTheLnsShortensMk10AndRepeats()
    {
        // Same deterministic budget with and without the tabu search's share (one worker, a seed).
        var instance = FjspTestData.Benchmark("brandimarte/mk10");
        var options = new FjspSolveOptions { TimeLimitSeconds = 60, DeterministicTime = 0.5, Workers = 1, Seed = 1 };
        var progress = new List<FjspProgress>();

        var withTabu = FjspSolver.Solve(instance, options, progress.Add);
        var again = FjspSolver.Solve(instance, options, null);
        var lnsOnly = FjspSolver.Solve(instance, options with { TabuShare = 0 }, null);

        Assert.Empty(FjspValidator.Validate(instance, withTabu));
        Assert.Equal(withTabu.Operations, again.Operations);
        Assert.NotNull(withTabu.Tabu);
        Assert.Null(lnsOnly.Tabu);
        // 0.5 × 0.75 × 1/3 of a unit at 80 000 moves a unit.
        Assert.Equal(10_000, withTabu.Tabu!.Moves);
        Assert.True(withTabu.Tabu.Makespan < withTabu.Tabu.StartMakespan);
        Assert.True(withTabu.Makespan < lnsOnly.Makespan, $"tabu and LNS {withTabu.Makespan} against the LNS alone {lnsOnly.Makespan}");
        var tabuLine = Assert.Single(progress, p => p.Neighbourhood == "tabu");
        Assert.Equal(withTabu.Tabu.StartMakespan - withTabu.Tabu.Makespan, tabuLine.Gain);
    }

    [Fact]
    public void AnExceptionFromTheProgressHandlerReachesTheCaller()
    {
        var instance = FjspTestData.TwoJobsInstance;

        var exception = Assert.Throws<InvalidOperationException>(() => FjspSolver.Solve(
            instance,
            new FjspSolveOptions { TimeLimitSeconds = 10 },
            _ => throw new InvalidOperationException("handler failed")));

        Assert.Equal("handler failed", exception.Message);
    }

    [Fact]
    public void ParameterStringCarriesWorkersTheFullSolvesShareOfTheBudgetAndSeed()
    {
        // The full solve gets what the LNS leaves: a quarter by default, all of it with LnsShare 0.
        var options = new FjspSolveOptions { TimeLimitSeconds = 2.5, Workers = 1, Seed = 42 };

        Assert.Equal("num_workers:1, max_time_in_seconds:0.625, random_seed:42", FjspSolver.Parameters(options));
        Assert.Equal("num_workers:1, max_time_in_seconds:2.5, random_seed:42", FjspSolver.Parameters(options with { LnsShare = 0 }));
        Assert.Equal("num_workers:1, max_deterministic_time:1, random_seed:42", FjspSolver.Parameters(options with { DeterministicTime = 4 }));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void RefusesATimeLimitThatIsNotAPositiveNumber(double seconds)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FjspSolveOptions { TimeLimitSeconds = seconds });
    }

    [Fact]
    public void HorizonIsTheSumOfLongestAlternativesAndLowerBoundTheLongestFastestJob()
    {
        // Job 1: max(6,4) + 1 = 7, fastest 4 + 1 = 5; job 2: 6 + 6 = 12 either way.
        var instance = FjspTestData.TwoJobsInstance;

        Assert.Equal(19, FjspSolver.Horizon(instance));
        Assert.Equal(12, FjspSolver.LongestJobLowerBound(instance));
    }
}
