using ForgeScheduler.Solver.Baseline;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Kpis;
using ForgeScheduler.Solver.Optimisation;

namespace ForgeScheduler.Solver.Tests.Optimisation;

/// <summary>The model's objective is a proxy of the KPIs: of the plans a CP-SAT solve found, the
/// exact judge keeps the best, which need not be the model's last.</summary>
public sealed class JudgedPlansTests
{
    private static readonly CpSatOptions Options = new();

    /// <summary>A 12-order book on the reference plant and two plans of it: the best rule's, and the
    /// plant-order rule's, which is worse.</summary>
    private static (Plant Plant, OrderBook Book, List<ScheduledOperation> Good, List<ScheduledOperation> Poor) TwoPlans()
    {
        var plant = CpSatSolves.ReferencePlant;
        var book = CpSatSolves.ReferenceBook(5, 12);
        return (plant, book, BaselinePortfolio.Run(plant, book, Options.Weights).Best.Operations.ToList(),
            BaselineDispatcher.Dispatch(plant, book, DispatchRule.PlantOrder).Operations.ToList());
    }

    [Fact]
    public void OfTheModelsLastPlansTheExactJudgeKeepsTheBestNotTheLast()
    {
        var (plant, book, good, poor) = TwoPlans();
        var goodCo2 = KpiCalculator.Compute(plant, book, CpSatScheduler.Complete(plant, book, new Schedule(plant.Id, "good", good))).Co2Kg;
        var poorCo2 = KpiCalculator.Compute(plant, book, CpSatScheduler.Complete(plant, book, new Schedule(plant.Id, "poor", poor))).Co2Kg;
        Assert.True(goodCo2 < poorCo2, $"the book should tell the rules apart: {goodCo2:F0} against {poorCo2:F0} kg");
        var notes = new List<string>();

        var kept = CpSatScheduler.BestByTheJudge(plant, book, [], [], book.Orders.ToList(), poor, [good, poor], Options, "window 1/1", notes);

        Assert.Same(good, kept);
        var note = Assert.Single(notes);
        Assert.Contains("the exact judge kept CP-SAT's plan 1 of the last 2 it found, not the last", note, StringComparison.Ordinal);
        Assert.Contains($"({goodCo2 - poorCo2:+#,0;-#,0;0} kg CO2)", note, StringComparison.Ordinal);
        Assert.Matches(@"not the last: [\d,]+ kg-CO2-eq better on the objective", note);
    }

    [Fact]
    public void TheLastPlanStaysWhenNoEarlierOneIsBetterAndWindowsAlreadyCommittedCount()
    {
        var (plant, book, good, poor) = TwoPlans();
        // A second window: the first half of the orders is committed as the good plan has it; the
        // candidates hold every order, and only the second half's operations are taken from them.
        var firstHalf = book.Orders.Take(6).ToList();
        var committed = good.Where(o => firstHalf.Any(f => f.Id == o.Order)).ToList();
        var notes = new List<string>();

        var kept = CpSatScheduler.BestByTheJudge(plant, book, committed, firstHalf.ToDictionary(o => o.Id), book.Orders.Skip(6).ToList(),
            good, [poor, good], Options, "window 2/2", notes);

        Assert.Same(good, kept);
        Assert.Empty(notes);
    }
}
