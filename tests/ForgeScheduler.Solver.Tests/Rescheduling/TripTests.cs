using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Evaluation;
using ForgeScheduler.Solver.Kpis;
using ForgeScheduler.Solver.Optimisation;
using ForgeScheduler.Solver.Rescheduling;
using static ForgeScheduler.Solver.Tests.Rescheduling.RescheduleScenario;

namespace ForgeScheduler.Solver.Tests.Rescheduling;

/// <summary>Resources going down: a trip stops its furnace at the event's time and the pieces inside
/// are heated again; a planned outage blocks its window once what is inside has finished.</summary>
public sealed class TripTests
{
    /// <summary>The first heat of the plan, an hour after it started.</summary>
    private static (ScheduledOperation Heat, DateTimeOffset At) FirstHeatAfterAnHour(Schedule current)
    {
        var heat = current.Operations.Where(o => o.Kind == OperationKind.Heat).MinBy(o => o.Start)!;
        return (heat, heat.Start.AddMinutes(60));
    }

    [Fact]
    public void TrippedFurnaceHoldsNothingAfterTheTripAndItsPieceIsHeatedAgainFromTheTemperatureItReached()
    {
        var (plant, book, current) = Setup();
        var (heat, at) = FirstHeatAfterAnHour(current);
        var until = at.AddHours(8);
        var inside = current.Operations.Where(o => o.Resource == heat.Resource && o.Start < at && o.End > at).Select(o => o.Order).ToHashSet();

        var result = Rescheduler.Reschedule(plant, book, current, [new ResourceDown(at, heat.Resource, until)], at, Options());

        Assert.Equal(SolverStatus.Repair, result.Status);
        // Nothing on the furnace from the trip until it is back.
        Assert.DoesNotContain(result.NewSchedule.Operations, o => o.Resource == heat.Resource && o.End > at && o.Start < until);
        Assert.Equal(inside.Count, result.Diff.Interrupted);
        foreach (var order in inside)
        {
            var ops = result.NewSchedule.ForOrder(order).ToList();
            var cut = Assert.Single(ops, o => o.Interrupted);
            var redo = Assert.Single(ops, o => o.Step == cut.Step && !o.Interrupted);
            Assert.Equal((heat.Resource, at), (cut.Resource, cut.End));
            Assert.True(redo.Start >= at.AddMinutes(60), $"the redo starts {redo.Start:t}, inside the freeze window");
            // The piece left at the linear temperature and was charged again at what the yard left of it.
            var evaluated = ScheduleEvaluator.EvaluateOrder(result.Plant, result.Orders.Find(order)!, ops);
            var cutE = evaluated.Single(e => e.Operation.Interrupted);
            var redoE = evaluated.Single(e => ReferenceEquals(e.Operation, redo));
            var target = result.Orders.Find(order)!.Heats[0].ForgeTempC;
            Assert.Equal(cutE.ChargeTempC + (target - cutE.ChargeTempC) * 60 / cutE.RequiredMinutes, cutE.ExitTempC, 6);
            Assert.Equal(redoE.ChargeTempC, redo.ChargeTempC, 6);
            Assert.InRange(redo.ChargeTempC, plant.AmbientC, cutE.ExitTempC);
        }
        Assert.Empty(Violations(result));
    }

    [Fact]
    public void HeatTreatmentFurnaceTripInterruptsItsChargeAndThePiecesAreTreatedAgainOnceCoolEnough()
    {
        var (plant, book, current) = Setup();
        var charge = current.Operations.Where(o => o.Kind == OperationKind.HeatTreat).MinBy(o => o.Start)!;
        var at = charge.Start.AddHours(2);
        var members = current.Operations.Where(o => o.Kind == OperationKind.HeatTreat && o.Charge == charge.Charge).Select(o => o.Order).ToList();

        var result = Rescheduler.Reschedule(plant, book, current, [new ResourceDown(at, charge.Resource, at.AddHours(12))], at, Options());

        Assert.Equal(members.Count, result.Diff.Interrupted);
        foreach (var order in members)
        {
            var o = result.Orders.Find(order)!;
            var ops = result.NewSchedule.ForOrder(order).ToList();
            var cut = Assert.Single(ops, x => x.Interrupted);
            Assert.Equal((charge.Resource, at), (cut.Resource, cut.End));
            var redo = ops.Single(x => x.Step == cut.Step && !x.Interrupted);
            var recipe = plant.FindRecipe(o.HeatTreatment)!;
            // Heated towards the soak temperature for two hours, the piece must cool below the recipe's
            // charge limit again before it is charged.
            Assert.True(redo.ChargeTempC <= recipe.MaxChargeC + 0.5, $"{order} charged at {redo.ChargeTempC:F0} °C");
            Assert.Equal(recipe.CycleHours * 60, (redo.End - redo.Start).TotalMinutes, 6);
        }
        Assert.DoesNotContain(result.NewSchedule.Operations, o => o.Resource == charge.Resource && o.End > at && o.Start < at.AddHours(12));
        Assert.Empty(Violations(result));
    }

    [Fact]
    public void PlannedOutageBlocksItsWindowAfterWhatIsInsideHasFinished()
    {
        var (plant, book, current) = Setup();
        var (heat, at) = FirstHeatAfterAnHour(current);
        // Known at the start of the heat: the furnace will be down from an hour in, for six hours.
        var now = heat.Start.AddMinutes(1);

        var result = Rescheduler.Reschedule(plant, book, current, [new ResourceDown(at, heat.Resource, at.AddHours(6))], now, Options());

        Assert.Equal(0, result.Diff.Interrupted);
        var window = Assert.Single(result.Plant.Downtime);
        Assert.Equal(current.Operations.Where(o => o.Resource == heat.Resource && o.Start < now && o.End > at).Max(o => o.End), window.From);
        var kept = result.NewSchedule.Operations.Single(o => o.Order == heat.Order && o.Step == heat.Step);
        Assert.Equal((heat.Start, heat.End), (kept.Start, kept.End));
        Assert.DoesNotContain(result.NewSchedule.Operations, o => o.Resource == heat.Resource && o.End > window.From && o.Start < window.To);
        Assert.Empty(Violations(result));
    }

    [Fact]
    public void DownWithoutKindIsATripWhenItIsNotInTheFutureAndPlannedWhenItIs()
    {
        var at = TestData.PlanStart.AddHours(3);
        var down = new ResourceDown(at, "HF-1", null);

        Assert.Equal(DownKind.Trip, down.KindAt(at));
        Assert.Equal(DownKind.Trip, down.KindAt(at.AddMinutes(5)));
        Assert.Equal(DownKind.Planned, down.KindAt(at.AddMinutes(-5)));
        Assert.Equal(DownKind.Trip, (down with { Kind = DownKind.Trip }).KindAt(at.AddMinutes(-5)));
    }

    [Fact]
    public void RepairKeepsEveryOperationTheTripDoesNotReach()
    {
        var (plant, book, current) = Setup();
        var (heat, at) = FirstHeatAfterAnHour(current);

        var result = Rescheduler.Reschedule(plant, book, current, [new ResourceDown(at, heat.Resource, at.AddHours(8))], at, Options());

        // Touched: orders with work on the tripped furnace from the trip on. Anything else that changed
        // must have been pushed: it sits on a resource one of theirs was moved to, at or after it.
        var touched = current.Operations.Where(o => o.Resource == heat.Resource && o.End > at).Select(o => o.Order).ToHashSet();
        var moved = result.Diff.Changes.Where(c => c.Moved || c.Reassigned).ToList();
        var landed = moved.Where(c => touched.Contains(c.Order)).Select(c => (c.NewResource, c.NewStart)).ToList();
        foreach (var c in moved.Where(c => !touched.Contains(c.Order)))
            Assert.True(landed.Any(l => l.NewResource == c.OldResource || l.NewResource == c.NewResource),
                $"{c.Order} step {c.Step} moved from {c.OldResource} {c.OldStart:t} to {c.NewResource} {c.NewStart:t} though the trip did not reach it");
        var untouchedOps = current.Operations.Count(o => !touched.Contains(o.Order));
        Assert.True(moved.Count(c => !touched.Contains(c.Order)) <= untouchedOps / 10 + 1, Describe(result));
    }

    [Fact]
    public void ImprovementIsNeverWorseThanThePlainRepairOnTheObjective()
    {
        var (plant, book, current) = Setup();
        var now = Now(current);
        var rush = TestData.Order("R", releaseHours: 0, dueHours: 12, weight: 5, heats: 2) with { Release = now };
        var (heat, at) = FirstHeatAfterAnHour(current);
        ShopEvent[] events = [new OrderAdded(now, rush, Rush: true), new ResourceDown(now, heat.Resource, now.AddHours(4))];

        var result = Rescheduler.Reschedule(plant, book, current, events, now, Options(improve: true));

        var steps = result.Steps!;
        var weights = Options().Solver.Weights;
        var score = weights.Score(KpiCalculator.Compute(result.Plant, result.Orders, result.NewSchedule));
        var repairScore = weights.Score(KpiCalculator.Compute(result.Plant, result.Orders, steps.Repair));
        Assert.Equal(repairScore, steps.RepairScore, 6);
        Assert.True(score <= repairScore + 1e-6, $"answer {score:F0}, repair {repairScore:F0}: {Describe(result)}");
        Assert.Equal(score, steps.Score, 6);
        Assert.Subset(Rescheduler.LateOrders(result.Orders, steps.Repair).ToHashSet(), Rescheduler.LateOrders(result.Orders, result.NewSchedule).ToHashSet());
        Assert.NotEmpty(steps.Neighbourhood);
        Assert.Empty(Violations(result));
    }
}
