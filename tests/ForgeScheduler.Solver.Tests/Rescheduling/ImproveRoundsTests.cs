using ForgeScheduler.Solver.Kpis;
using ForgeScheduler.Solver.Optimisation;
using ForgeScheduler.Solver.Rescheduling;
using static ForgeScheduler.Solver.Tests.Rescheduling.RescheduleScenario;

namespace ForgeScheduler.Solver.Tests.Rescheduling;

/// <summary>The improve step after the repair: CP-SAT rounds around what the event changed, every
/// movable order at once when an order is newly late, then around late orders, gaps and the rest of
/// the plan, each taken only when it pays for its moves. A neighbourhood of two orders stands in for
/// a book larger than the neighbourhood.</summary>
public sealed class ImproveRoundsTests
{
    [Fact]
    public void RushOrderGetsTheTardinessOfAFreshPlanWithTheSameBudget()
    {
        var (plant, book, current) = Setup();
        var now = Now(current);
        var rush = TestData.Order("R", releaseHours: 0, dueHours: 10, weight: 5, heats: 2) with { Release = now };
        ShopEvent[] events = [new OrderAdded(now, rush, Rush: true)];
        var options = Options(improve: true) with { NeighbourhoodOrders = 2 };

        var result = Rescheduler.Reschedule(plant, book, current, events, now, options);
        var narrow = Rescheduler.Reschedule(plant, book, current, events, now, options with { WideNeighbourhoodOrders = 0, ImproveRounds = 1 });
        var fresh = Rescheduler.ReoptimiseFully(plant, book, current, events, now, options);

        var answer = KpiCalculator.Compute(result.Plant, result.Orders, result.NewSchedule);
        var repair = KpiCalculator.Compute(result.Plant, result.Orders, result.Steps!.Repair);
        var alone = KpiCalculator.Compute(narrow.Plant, narrow.Orders, narrow.NewSchedule);
        var best = KpiCalculator.Compute(fresh.Plant, fresh.Orders, fresh.NewSchedule);
        // The repair only fits the rush order into what is left: late by far more than it need be.
        Assert.True(repair.WeightedTardinessH > best.WeightedTardinessH * 1.2, $"repair {repair.WeightedTardinessH:F1} h, fresh {best.WeightedTardinessH:F1} h");
        // One round around the rush order and one neighbour cannot make room for it …
        Assert.True(alone.WeightedTardinessH > best.WeightedTardinessH * 1.2, $"one narrow round {alone.WeightedTardinessH:F1} h, fresh {best.WeightedTardinessH:F1} h");
        // … re-planning every order that may move does, as well as a fresh plan on both counts.
        Assert.InRange(answer.WeightedTardinessH, 0, best.WeightedTardinessH * 1.03 + 0.01);
        Assert.InRange(answer.Co2KgPerT, 0, best.Co2KgPerT * 1.03);
        Assert.Equal(SolverOutcome.Improved, result.Status.Outcome);
        Assert.Contains("R", result.Steps.Neighbourhood);
        Assert.Equal(6, result.Steps.Neighbourhood.Count);
        Assert.Empty(Rescheduler.LateOrders(result.Orders, result.NewSchedule).Except(Rescheduler.LateOrders(result.Orders, result.Steps.Repair)));
        Assert.Empty(Violations(result));
    }

    [Fact]
    public void CancellationGapIsClosedOnlyWhenTheSavingPaysForTheMoves()
    {
        var (plant, book, current) = Setup();
        var now = Now(current);
        ShopEvent[] events = [new OrderCancelled(now, "E")];
        var weights = Options().Solver.Weights;

        var result = Rescheduler.Reschedule(plant, book, current, events, now, Options(improve: true));
        var stiff = Rescheduler.Reschedule(plant, book, current, events, now, Options(improve: true, kgPerMinute: 1000, kgPerMove: 100_000));

        var options = Options(improve: true);
        var score = weights.Score(KpiCalculator.Compute(result.Plant, result.Orders, result.NewSchedule));
        var repairScore = weights.Score(KpiCalculator.Compute(result.Plant, result.Orders, result.Steps!.Repair));
        var moves = Rescheduler.StabilityCost(options, current, result.NewSchedule);
        var repairMoves = Rescheduler.StabilityCost(options, current, result.Steps.Repair);
        // The repair only takes E out; what CP-SAT moves after it must save more than its moves cost.
        Assert.All(ScheduleDiff.Between(current, result.Steps.Repair).Changes, c => Assert.Equal("E", c.Order));
        if (result.Diff.Changes.Any(c => c.Order != "E"))
            Assert.True(score + moves < repairScore + repairMoves, $"answer {score:F0} + moves {moves:F0} against repair {repairScore:F0} + {repairMoves:F0}");
        Assert.True(score <= repairScore + 1e-6);
        // At a prohibitive price per move nothing but E changes.
        Assert.All(stiff.Diff.Changes, c => Assert.Equal("E", c.Order));
        Assert.Empty(Violations(result));
        Assert.Empty(Violations(stiff));
    }
}
