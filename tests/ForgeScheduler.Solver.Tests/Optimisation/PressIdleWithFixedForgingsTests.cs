using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Kpis;
using ForgeScheduler.Solver.Optimisation;
using Google.OrTools.Sat;

namespace ForgeScheduler.Solver.Tests.Optimisation;

/// <summary>Issue 12: a model that re-plans some orders around fixed ones (an LNS neighbourhood, a
/// later rolling-horizon window) prices press idle with the fixed forgings in their shifts, as the
/// KPIs count it. Before, it saw only its own forgings: one alone in a shift looked free of idle.</summary>
public sealed class PressIdleWithFixedForgingsTests
{
    private static readonly CpSatOptions Options = new() { Workers = 1, Seed = 3, DeterministicTime = 2.0 };

    private static (List<ScheduledOperation> Ops, double PressIdleKwh) Solve(Plant plant, IReadOnlyList<Order> orders,
        IReadOnlyList<ScheduledOperation> fixedOps, Dictionary<string, Order> fixedOrders)
    {
        var model = new ForgingModel(plant, TestData.PlanStart, orders, 48 * 60, Options, fixedOps) { FixedOrders = fixedOrders, SpanWithFixed = true };
        model.Build();
        model.Model.Minimize(model.WeightedObjective);
        using var solver = new CpSolver { StringParameters = "num_workers:1, random_seed:3, max_deterministic_time:2" };
        var status = solver.Solve(model.Model);
        Assert.True(status is CpSolverStatus.Optimal or CpSolverStatus.Feasible, $"status {status}");
        return (model.Read(solver, orders.Select(o => o.Id).ToHashSet()), model.PressIdleKwh(solver));
    }

    [Fact]
    public void AnOrderReplannedAmongFixedForgingsPaysThePressIdleTheKpisCount()
    {
        var plant = TestData.SmallPlant();
        // Only the 80 MN press can forge them; A is planned first, B arrives four hours later and is
        // due within the shift, so the press waits between them.
        var a = TestData.Order("A", massT: 10, minForceMn: 50, dueHours: 8);
        var b = TestData.Order("B", massT: 10, minForceMn: 50, releaseHours: 4, dueHours: 8);
        var c = TestData.Order("C", massT: 10, minForceMn: 50, releaseHours: 1);
        var (aOps, _) = Solve(plant, [a], [], []);
        var (bOps, _) = Solve(plant, [b], aOps, new() { ["A"] = a });
        List<ScheduledOperation> fixedOps = [.. aOps, .. bOps];
        var idleBefore = KpiCalculator.Compute(plant, TestData.Book(a, b),
            CpSatScheduler.Complete(plant, TestData.Book(a, b), new Schedule(plant.Id, "cpsat", fixedOps))).PressIdleKwh;
        Assert.True(idleBefore > 0, "A and B leave no idle between them: the case tests nothing");

        var (cOps, modelKwh) = Solve(plant, [c], fixedOps, new() { ["A"] = a, ["B"] = b });
        var book = TestData.Book(a, b, c);
        var kpiKwh = KpiCalculator.Compute(plant, book, CpSatScheduler.Complete(plant, book, new Schedule(plant.Id, "cpsat", [.. fixedOps, .. cOps]))).PressIdleKwh;

        // Rounding to whole minutes: a minute per forging at most.
        var minute = plant.Presses.Max(p => p.IdleKw) / 60.0;
        Assert.True(Math.Abs(modelKwh - kpiKwh) <= 3 * minute, $"model {modelKwh:F0} kWh of press idle, KPIs {kpiKwh:F0} kWh");
        // C goes into the gap the press had between A and B.
        Assert.True(kpiKwh < idleBefore, $"press idle {idleBefore:F0} kWh before C, {kpiKwh:F0} kWh after");
    }
}
