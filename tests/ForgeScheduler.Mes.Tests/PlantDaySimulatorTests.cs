using System.Text.Json;
using ForgeScheduler.Mes.Simulation;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Evaluation;
using T = ForgeScheduler.Mes.Simulation.SimulatedEventTypes;

namespace ForgeScheduler.Mes.Tests;

public sealed class PlantDaySimulatorTests
{
    private static readonly SimulationOptions Stormy = new()
    {
        FurnaceTripProbability = 0.5, LateHeatProbability = 0.2, RushOrderProbability = 1,
    };

    private static PlantDay Run(int seed, SimulationOptions options, DateTimeOffset? notBefore = null) =>
        new PlantDaySimulator(Reference.Plant, Reference.Day, new Random(seed), options).Simulate(Reference.Baseline, notBefore);

    private static IReadOnlyList<EvaluatedOperation> Physics() =>
        ScheduleEvaluator.Evaluate(Reference.Plant, Reference.Day, Reference.Baseline).Operations;

    [Fact]
    public void EventsComeInTimeOrderEvenWithDisruptions()
    {
        var events = Run(3, Stormy).Events;
        Assert.Contains(events, e => e.Type == T.ResourceDown);
        Assert.Contains(events, e => e.Type == T.OrderAdded);
        for (var i = 1; i < events.Count; i++)
            Assert.True(events[i - 1].At <= events[i].At, $"event {i} ({events[i].Type} at {events[i].At:O}) comes before event {i - 1} at {events[i - 1].At:O}");
    }

    [Fact]
    public void SameSeedGivesTheSameDayAndAnotherSeedAnotherDay()
    {
        var a = SimulatedEventsJson.Write(Run(42, Stormy).Events);
        var b = SimulatedEventsJson.Write(Run(42, Stormy).Events);
        var c = SimulatedEventsJson.Write(Run(43, Stormy).Events);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void WithoutDisruptionsEveryOperationStartsAndFinishesOnceAsPlanned()
    {
        var ops = Reference.Baseline.Operations;
        var events = Run(1, SimulationOptions.NoDisruptions).Events;
        Assert.Equal(2 * ops.Count, events.Count);
        foreach (var op in ops)
        {
            var started = Assert.Single(events, e => e.Type == T.OperationStarted && e.Order == op.Order && e.Step == op.Step);
            var finished = Assert.Single(events, e => e.Type == T.OperationFinished && e.Order == op.Order && e.Step == op.Step);
            Assert.Equal((op.Start, op.Resource), (started.At, started.Resource));
            Assert.Equal(op.End, finished.At);
        }
    }

    [Fact]
    public void MeteredEnergyAddsUpToThePhysicsEnergyWithinThreePercent()
    {
        var physics = Physics().Sum(e => e.EnergyKwh);
        var metered = Run(5, SimulationOptions.NoDisruptions).Events.Where(e => e.Type == T.OperationFinished).Sum(e => e.EnergyKwh!.Value);
        Assert.InRange(metered / physics, 0.97, 1.03);
        Assert.NotEqual(physics, metered);
    }

    [Fact]
    public void MeasuredChargeTemperaturesScatterAboutFifteenDegreesAroundPhysics()
    {
        var physics = Physics().ToDictionary(e => (e.Operation.Order, e.Operation.Step), e => e.ChargeTempC);
        var errors = Run(9, SimulationOptions.NoDisruptions).Events.Where(e => e.Type == T.OperationStarted)
            .Select(e => e.TempC!.Value - physics[(e.Order!, e.Step!.Value)]).ToList();
        var mean = errors.Average();
        var sd = Math.Sqrt(errors.Sum(x => (x - mean) * (x - mean)) / (errors.Count - 1));
        Assert.InRange(mean, -3.0, 3.0);
        Assert.InRange(sd, 12.0, 18.0);
    }

    [Fact]
    public void NothingStartsOnATrippedFurnaceUntilItIsBack()
    {
        var day = Run(11, SimulationOptions.NoDisruptions with { FurnaceTripProbability = 1 });
        var downs = day.Events.Where(e => e.Type == T.ResourceDown).ToList();
        var used = Reference.Baseline.Operations.Select(o => o.Resource).Where(r => Reference.Plant.FindFurnace(r) is not null).Distinct().Count();
        Assert.Equal(used, downs.Count);
        var held = 0;
        foreach (var down in downs)
        {
            Assert.InRange((down.Until!.Value - down.At).TotalMinutes, 60, 240);
            Assert.Single(day.Events, e => e.Type == T.ResourceUp && e.Resource == down.Resource && e.At == down.Until);
            Assert.DoesNotContain(day.Events, e => e.Type == T.OperationStarted && e.Resource == down.Resource && e.At >= down.At && e.At < down.Until);
            held += Reference.Baseline.Operations.Count(o => o.Resource == down.Resource && o.Start >= down.At && o.Start < down.Until);
        }
        Assert.True(held > 0, "no planned operation fell into a trip: the test shows nothing");
    }

    [Fact]
    public void LateHeatsStartThirtyToNinetyMinutesLateAndTheirForgingFollows()
    {
        var day = Run(13, SimulationOptions.NoDisruptions with { LateHeatProbability = 1 });
        var planned = Reference.Baseline.Operations.ToDictionary(o => (o.Order, o.Step));
        foreach (var op in day.Actual.Operations.Where(o => o.Step == 1))
        {
            var late = (op.Start - planned[(op.Order, 1)].Start).TotalMinutes;
            Assert.InRange(late, 30, 90);
            var forge = day.Actual.Operations.Single(o => o.Order == op.Order && o.Step == 2);
            Assert.True(forge.Start - planned[(op.Order, 2)].Start >= TimeSpan.FromMinutes(late));
        }
    }

    [Fact]
    public void RushOrderIsACopyThePlantCanMakeWithATightDue()
    {
        var day = Run(17, SimulationOptions.NoDisruptions with { RushOrderProbability = 1 });
        var added = Assert.Single(day.Events, e => e.Type == T.OrderAdded);
        var rush = added.AddedOrder!;
        Assert.Equal(("RUSH-1", 5.0, added.At), (rush.Id, rush.Weight, rush.Release));
        Assert.Null(rush.ReleaseTempC);
        var book = Reference.Day with { Orders = [.. Reference.Day.Orders, rush] };
        Assert.Empty(InputChecks.CheckOrders(Reference.Plant, book));
        var pressAndCycle = rush.Heats.Sum(h => h.PressMinutes) + Reference.Plant.FindRecipe(rush.HeatTreatment)!.CycleHours * 60;
        Assert.InRange((rush.Due - rush.Release).TotalMinutes, 1.5 * pressAndCycle, 1.5 * (pressAndCycle + 24 * 60));
    }

    [Fact]
    public void NotBeforeKeepsOnlyTheRestOfTheDay()
    {
        var noon = Reference.Day.PlanStart.AddHours(6);
        var all = Run(21, SimulationOptions.NoDisruptions).Events;
        var rest = Run(21, SimulationOptions.NoDisruptions, noon).Events;
        Assert.All(rest, e => Assert.True(e.At >= noon));
        Assert.Equal(all.Count(e => e.At >= noon), rest.Count);
        Assert.True(rest.Count < all.Count);
    }

    [Fact]
    public void EventsJsonUsesTheSnakeCaseFieldsOfTheEventsFile()
    {
        var json = SimulatedEventsJson.Write(Run(3, Stormy).Events);
        using var doc = JsonDocument.Parse(json);
        var events = doc.RootElement.GetProperty("events").EnumerateArray().ToList();
        JsonElement First(string type) => events.First(e => e.GetProperty("type").GetString() == type);

        var started = First(T.OperationStarted);
        Assert.Equal(JsonValueKind.String, started.GetProperty("order").ValueKind);
        Assert.True(started.GetProperty("step").GetInt32() >= 1);
        Assert.NotNull(started.GetProperty("resource").GetString());
        Assert.InRange(started.GetProperty("temp_c").GetDouble(), -50, 1400);
        Assert.True(First(T.OperationFinished).GetProperty("energy_kwh").GetDouble() >= 0);
        var down = First(T.ResourceDown);
        Assert.True(down.GetProperty("until").GetDateTimeOffset() > down.GetProperty("at").GetDateTimeOffset());
        var order = First(T.OrderAdded).GetProperty("order");
        Assert.Equal("RUSH-1", order.GetProperty("id").GetString());
        Assert.True(order.GetProperty("mass_t").GetDouble() > 0);
        Assert.EndsWith("+08:00", started.GetProperty("at").GetString());
    }
}
