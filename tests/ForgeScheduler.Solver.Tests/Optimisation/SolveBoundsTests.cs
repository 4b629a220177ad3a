using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Optimisation;

namespace ForgeScheduler.Solver.Tests.Optimisation;

/// <summary>Memory per solve is bounded (issue 15): CP-SAT gets <c>max_memory_in_mb</c> from the options,
/// and a book too large to plan is refused before it reaches the solver, naming the limit.</summary>
public sealed class SolveBoundsTests
{
    [Fact]
    public void TheMemoryCapIsInTheSatParametersOfEveryRun()
    {
        var capped = CpSatScheduler.Parameters(CpSatSolves.Options with { MaxMemoryMb = 2048 });
        var uncapped = CpSatScheduler.Parameters(CpSatSolves.Options);

        Assert.Contains("max_memory_in_mb:2048", capped, StringComparison.Ordinal);
        Assert.Contains("num_workers:1", capped, StringComparison.Ordinal);
        Assert.DoesNotContain("max_memory_in_mb", uncapped, StringComparison.Ordinal);
    }

    [Fact]
    public void CpSatTakesTheMemoryCapAndStillSolves()
    {
        var book = TestData.Book(TestData.Order("A"), TestData.Order("B", heats: 2), TestData.Order("C", releaseHours: 2));

        var result = CpSatScheduler.Solve(TestData.SmallPlant(), book, CpSatSolves.Options with { MaxMemoryMb = 256 });

        // A parameter CP-SAT did not take would end the run as MODEL_INVALID and fall back to the baseline.
        Assert.Contains(result.Status.Outcome, new[] { SolverOutcome.Optimal, SolverOutcome.Feasible });
        Assert.False(result.Status.Contains(SolverOutcome.ModelInvalid));
        Assert.Equal(InputLimits.Operations(book.Orders), result.Schedule.Operations.Count);
        Assert.Equal(11, result.Schedule.Operations.Count);
    }

    [Fact]
    public void ABookOfMoreOrdersThanTheLimitIsRefusedNamingOrders()
    {
        var orders = Enumerable.Range(0, InputLimits.MaxOrdersPerBook + 1).Select(i => TestData.Order($"O{i}")).ToArray();

        var problems = InputChecks.CheckOrders(TestData.SmallPlant(), TestData.Book(orders));
        var atTheLimit = InputChecks.CheckOrders(TestData.SmallPlant(), TestData.Book(orders[..InputLimits.MaxOrdersPerBook]));

        var problem = Assert.Single(problems, p => p.Field == "orders");
        Assert.Contains($"{InputLimits.MaxOrdersPerBook + 1} orders", problem.Message, StringComparison.Ordinal);
        Assert.Contains($"at most {InputLimits.MaxOrdersPerBook}", problem.Message, StringComparison.Ordinal);
        Assert.Equal(5000, InputLimits.MaxOrdersPerBook);
        Assert.DoesNotContain(atTheLimit, p => p.Field == "orders");
    }

    [Fact]
    public void ABookOfMoreOperationsThanTheLimitIsRefusedNamingOrders()
    {
        // 30 heats make 61 operations an order: 820 such orders are 50,020 operations, over 50,000.
        var orders = Enumerable.Range(0, 820).Select(i => TestData.Order($"O{i}", heats: 30)).ToArray();

        var problems = InputChecks.CheckOrders(TestData.SmallPlant(), TestData.Book(orders));

        Assert.Equal(50_020, InputLimits.Operations(orders));
        var problem = Assert.Single(problems, p => p.Field == "orders");
        Assert.Contains("50020 operations", problem.Message, StringComparison.Ordinal);
        Assert.Contains($"at most {InputLimits.MaxOperationsPerBook}", problem.Message, StringComparison.Ordinal);
    }
}
