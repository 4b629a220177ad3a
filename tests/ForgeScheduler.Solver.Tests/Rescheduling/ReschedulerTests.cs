using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Optimisation;
using ForgeScheduler.Solver.Rescheduling;
using static ForgeScheduler.Solver.Tests.Rescheduling.RescheduleScenario;

namespace ForgeScheduler.Solver.Tests.Rescheduling;

/// <summary>The rescheduler's contract on the small plant: what stays, what the floor's actuals do,
/// orders added and cancelled, and that a reschedule without events changes nothing.</summary>
public sealed class ReschedulerTests
{
    [Fact]
    public void NoEventsGiveTheSamePlanBackWithNothingMoved()
    {
        var (plant, book, current) = Setup();
        var now = Now(current);

        var result = Rescheduler.Reschedule(plant, book, current, [], now, Options(improve: true));

        Assert.Equal(SolverStatus.Unchanged, result.Status);
        Assert.Equal(current.Operations.Select(o => (o.Order, o.Step, o.Resource, o.Start, o.End)),
            result.NewSchedule.Operations.Select(o => (o.Order, o.Step, o.Resource, o.Start, o.End)));
        Assert.Equal((0, 0, 0, 0), (result.Diff.Changed, result.Diff.Added, result.Diff.Removed, result.Diff.Interrupted));
        Assert.Equal(current.Operations.Count, result.Diff.Unchanged);
        Assert.Equal(2, result.Version);
    }

    [Fact]
    public void OperationsStartedOrInsideTheFreezeWindowStayExactlyWhereTheyWere()
    {
        var (plant, book, current) = Setup();
        var now = Now(current);
        var rush = TestData.Order("R", releaseHours: 0, dueHours: 14, weight: 5) with { Release = now };

        var result = Rescheduler.Reschedule(plant, book, current, [new OrderAdded(now, rush, Rush: true)], now, Options(improve: true));

        var frozen = current.Operations.Where(o => o.Start < now.AddMinutes(60)).ToList();
        Assert.NotEmpty(frozen);
        foreach (var op in frozen)
        {
            var after = Assert.Single(result.NewSchedule.Operations, o => o.Order == op.Order && o.Step == op.Step);
            Assert.Equal((op.Resource, op.Start, op.End), (after.Resource, after.Start, after.End));
            Assert.Contains((op.Order, op.Step), result.Fixed);
        }
        Assert.False(result.FellBack, Describe(result));
        Assert.Empty(Violations(result));
    }

    [Fact]
    public void CancelledOrderIsRemovedAndTheRepairMovesNothingElse()
    {
        var (plant, book, current) = Setup();
        var now = Now(current);

        // The plain repair; what CP-SAT may move after it: ImproveRoundsTests.
        var result = Rescheduler.Reschedule(plant, book, current, [new OrderCancelled(now, "E")], now, Options());

        Assert.Null(result.Orders.Find("E"));
        Assert.DoesNotContain(result.NewSchedule.Operations, o => o.Order == "E");
        Assert.Equal(3, result.Diff.Removed); // heat, forge, heat treatment
        Assert.All(result.Diff.Changes, c => Assert.Equal("E", c.Order));
        Assert.Empty(Violations(result));
    }

    [Fact]
    public void AddedOrderIsScheduledAfterTheFreezeWindowWithoutMovingTheOthersInTheRepair()
    {
        var (plant, book, current) = Setup();
        var now = Now(current);
        var added = TestData.Order("N", heats: 2, dueHours: 48) with { Release = now.AddHours(-1) };

        var result = Rescheduler.Reschedule(plant, book, current, [new OrderAdded(now, added)], now, Options());

        var ops = result.NewSchedule.ForOrder("N").ToList();
        Assert.Equal([1, 2, 3, 4, 5], ops.Select(o => o.Step));
        Assert.All(ops, o => Assert.True(o.Start >= now.AddMinutes(60), $"step {o.Step} starts {o.Start:t}"));
        Assert.Equal(5, result.Diff.Added);
        Assert.Equal(0, result.Diff.Changed);
        Assert.Empty(Violations(result));
    }

    [Fact]
    public void LateStartReportedByTheFloorReplacesThePlannedStartAndPushesTheForging()
    {
        var (plant, book, current) = Setup();
        var heat = current.Operations.Where(o => o.Kind == OperationKind.Heat).MinBy(o => o.Start)!;
        var forge = current.Operations.Single(o => o.Order == heat.Order && o.Step == heat.Step + 1);
        var startedAt = heat.Start.AddMinutes(25);
        var now = startedAt.AddMinutes(5);

        var result = Rescheduler.Reschedule(plant, book, current,
            [new OperationStarted(startedAt, heat.Order, heat.Step, heat.Resource, 612)], now, Options());

        var newHeat = result.NewSchedule.Operations.Single(o => o.Order == heat.Order && o.Step == heat.Step);
        var newForge = result.NewSchedule.Operations.Single(o => o.Order == heat.Order && o.Step == heat.Step + 1);
        Assert.Equal(startedAt, newHeat.Start);
        Assert.Equal(heat.Resource, newHeat.Resource);
        // Charged 25 minutes later, the piece is colder and measured colder still (612 °C): the heat
        // ends no earlier than 25 minutes after planned, and the forging follows it within the window.
        Assert.True(newHeat.End >= heat.End.AddMinutes(25), $"heat ends {newHeat.End:t}");
        Assert.InRange((newForge.Start - newHeat.End).TotalMinutes, 0, plant.FurnaceToPressMaxMin);
        Assert.True(newForge.Start >= forge.Start.AddMinutes(25));
        var actual = Assert.Single(result.Actuals);
        Assert.Equal(612, actual.StartTempC);
        Assert.Empty(Violations(result));
    }

    [Fact]
    public void PieceHalfwayThroughItsRouteKeepsItsFirstForgingAndIsReplannedFromTheYard()
    {
        var (plant, book, current) = Setup();
        var firstForge = current.ForOrder("C").Single(o => o.Step == 2);
        // The piece is on the press; the furnace of its second heat breaks down.
        var now = firstForge.Start.AddMinutes(1);

        var result = Rescheduler.Reschedule(plant, book, current,
            [new ResourceDown(now, current.ForOrder("C").Single(o => o.Step == 3).Resource, now.AddHours(8))], now, Options(improve: true));

        Assert.False(result.FellBack, Describe(result));
        var c = result.NewSchedule.ForOrder("C").ToList();
        Assert.Equal([1, 2, 3, 4, 5], c.Select(o => o.Step));
        Assert.Equal(firstForge.Start, c[1].Start);
        Assert.True(c[2].Start >= now.AddMinutes(60), Describe(result));
        Assert.Empty(Violations(result));
    }

    [Fact]
    public void ReassignmentPenaltyDecidesBetweenAnotherFurnaceNowAndTheSameOneAfterItsRepair()
    {
        var (plant, book, current) = Setup();
        // D's heat on its furnace is the first one not started yet when that furnace goes down for 3 h.
        var d = current.ForOrder("D").First();
        var now = d.Start.AddMinutes(-90);
        var down = new ResourceDown(now, d.Resource, now.AddHours(3), DownKind.Planned);

        var cheap = Rescheduler.Reschedule(plant, book, current, [down], now, Options(kgPerMove: 0));
        var dear = Rescheduler.Reschedule(plant, book, current, [down], now, Options(kgPerMove: 100_000));

        var movedAway = cheap.NewSchedule.ForOrder("D").First();
        var waited = dear.NewSchedule.ForOrder("D").First();
        Assert.NotEqual(d.Resource, movedAway.Resource);
        Assert.Equal(d.Resource, waited.Resource);
        Assert.True(waited.Start >= now.AddHours(3), $"D waits for {d.Resource}: starts {waited.Start:t}");
        Assert.Empty(Violations(cheap));
        Assert.Empty(Violations(dear));
    }
}
