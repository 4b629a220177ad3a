using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Evaluation;

namespace ForgeScheduler.Mes.Simulation;

/// <summary>What the simulated day produced: the events in time order, the schedule as it was really
/// run (planned times shifted by the disruptions), and the rush orders that arrived.</summary>
public sealed record PlantDay(IReadOnlyList<SimulatedEvent> Events, Schedule Actual, IReadOnlyList<Order> RushOrders);

/// <summary>Plays a schedule the way the shop floor would report it: a started and a finished event per
/// operation with measured temperature and metered energy (physics plus noise), and now and then a
/// furnace trip, a late heat or a rush order. Pure: all chance comes from the given <see cref="Random"/>,
/// so a seed gives the same day every time.
/// <para>The simulator does not reschedule. A disruption shifts the affected order (and everyone in the
/// same heat-treatment charge) later and the rest of the plan runs as written; answering with a repaired
/// schedule is the service's job. To play on after a reschedule, call <see cref="Simulate"/> again with
/// the new schedule and <c>notBefore</c> = now.</para></summary>
public sealed class PlantDaySimulator(Plant plant, OrderBook book, Random random, SimulationOptions? options = null)
{
    private readonly SimulationOptions _options = options ?? new SimulationOptions();
    private int _rushCount;

    public PlantDay Simulate(Schedule schedule, DateTimeOffset? notBefore = null)
    {
        // An operation a trip cut short already happened (the plan keeps it beside its resumption, same
        // order and step): the floor plays what is still to be done.
        var ops = schedule.Operations.Where(o => !o.Interrupted)
            .OrderBy(o => o.Start).ThenBy(o => o.Order, StringComparer.Ordinal).ThenBy(o => o.Step)
            .ToList();
        if (ops.Count == 0) return new PlantDay([], schedule, []);

        // Chance is drawn first, in a fixed order, so the noise below does not depend on which
        // disruptions happened to fire.
        var trips = DrawTrips(ops);
        var late = DrawLateHeats(ops);
        var rush = DrawRushOrder(ops);

        var actual = Shift(ops, trips, late);
        var actualSchedule = schedule with { Operations = actual };
        var evaluated = ScheduleEvaluator.Evaluate(plant, book, actualSchedule).Operations
            .GroupBy(e => (e.Operation.Order, e.Operation.Step)).ToDictionary(g => g.Key, g => g.Last());

        var events = new List<SimulatedEvent>();
        foreach (var (resource, (at, until)) in trips.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            events.Add(new SimulatedEvent(SimulatedEventTypes.ResourceDown, at) { Resource = resource, Until = until });
            events.Add(new SimulatedEvent(SimulatedEventTypes.ResourceUp, until) { Resource = resource });
        }
        if (rush is not null) events.Add(new SimulatedEvent(SimulatedEventTypes.OrderAdded, rush.Release) { AddedOrder = rush });
        foreach (var op in actual)
        {
            evaluated.TryGetValue((op.Order, op.Step), out var e);
            events.Add(new SimulatedEvent(SimulatedEventTypes.OperationStarted, op.Start)
            {
                Order = op.Order, Step = op.Step, Resource = op.Resource,
                TempC = e is null ? null : e.ChargeTempC + Gaussian() * _options.TempNoiseSigmaC,
            });
            var leaving = e is null ? null : LeavingTempC(e);
            events.Add(new SimulatedEvent(SimulatedEventTypes.OperationFinished, op.End)
            {
                Order = op.Order, Step = op.Step,
                TempC = leaving is { } t ? t + Gaussian() * _options.TempNoiseSigmaC : null,
                EnergyKwh = e is null ? null : e.EnergyKwh * Math.Max(0.0, 1.0 + Gaussian() * _options.EnergyNoiseSigma),
            });
        }

        var ordered = events
            .Where(ev => notBefore is null || ev.At >= notBefore)
            .OrderBy(ev => ev.At).ThenBy(ev => Rank(ev.Type))
            .ThenBy(ev => ev.Order ?? ev.Resource ?? "", StringComparer.Ordinal).ThenBy(ev => ev.Step ?? 0)
            .ToList();
        return new PlantDay(ordered, actualSchedule, rush is null ? [] : [rush]);
    }

    /// <summary>At one instant: a furnace coming back and a piece leaving come before a trip, a new order
    /// and a piece entering — the way a plant log reads.</summary>
    private static int Rank(string type) => type switch
    {
        SimulatedEventTypes.ResourceUp => 0,
        SimulatedEventTypes.OperationFinished => 1,
        SimulatedEventTypes.ResourceDown => 2,
        SimulatedEventTypes.OrderAdded => 3,
        _ => 4,
    };

    private Dictionary<string, (DateTimeOffset At, DateTimeOffset Until)> DrawTrips(IReadOnlyList<ScheduledOperation> ops)
    {
        var trips = new Dictionary<string, (DateTimeOffset, DateTimeOffset)>();
        foreach (var group in ops.Where(o => plant.FindFurnace(o.Resource) is not null)
                     .GroupBy(o => o.Resource).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var (chance, where, length) = (random.NextDouble(), random.NextDouble(), random.NextDouble());
            if (chance >= _options.FurnaceTripProbability) continue;
            var first = group.Min(o => o.Start);
            var last = group.Max(o => o.End);
            var at = first + Minutes(where * (last - first).TotalMinutes);
            var minutes = _options.TripMinMinutes + length * (_options.TripMaxMinutes - _options.TripMinMinutes);
            trips[group.Key] = (at, at + Minutes(minutes));
        }
        return trips;
    }

    private Dictionary<(string, int), TimeSpan> DrawLateHeats(IReadOnlyList<ScheduledOperation> ops)
    {
        var late = new Dictionary<(string, int), TimeSpan>();
        foreach (var op in ops.Where(o => o.Kind == OperationKind.Heat))
        {
            var (chance, length) = (random.NextDouble(), random.NextDouble());
            if (chance >= _options.LateHeatProbability) continue;
            late[(op.Order, op.Step)] = Minutes(_options.LateHeatMinMinutes + length * (_options.LateHeatMaxMinutes - _options.LateHeatMinMinutes));
        }
        return late;
    }

    private Order? DrawRushOrder(IReadOnlyList<ScheduledOperation> ops)
    {
        var (chance, when, which) = (random.NextDouble(), random.NextDouble(), random.Next(Math.Max(1, book.Orders.Count)));
        if (chance >= _options.RushOrderProbability || book.Orders.Count == 0) return null;
        // Arrives in the first two thirds of the day, so there is still time to fit it in.
        var first = ops.Min(o => o.Start);
        var span = (ops.Max(o => o.End) - first).TotalMinutes;
        var at = first + Minutes(when * span * 2.0 / 3.0);
        // A copy of a real order of the book, so the plant is known to be able to make it.
        var template = book.Orders[which];
        var id = $"RUSH-{++_rushCount}";
        while (book.Find(id) is not null || _options.TakenOrderIds.Contains(id)) id = $"RUSH-{++_rushCount}";
        return template with
        {
            Id = id,
            Release = at,
            ReleaseTempC = null,
            Due = at + Minutes(ShortestFlowMinutes(template) * _options.RushDueFactor),
            Weight = _options.RushWeight,
        };
    }

    /// <summary>Heats from cold stock, forging and heat treatment back to back, without any waiting.</summary>
    private double ShortestFlowMinutes(Order order)
    {
        var minutes = 0.0;
        var temp = plant.AmbientC;
        foreach (var heat in order.Heats)
        {
            minutes += ScheduleEvaluator.HeatingMinutes(plant, order, heat.ForgeTempC, temp) + heat.PressMinutes;
            temp = heat.FinishTempC;
        }
        return minutes + (plant.FindRecipe(order.HeatTreatment)?.CycleHours ?? 0) * 60.0;
    }

    /// <summary>Each order carries a delay forward along its route; a late heat adds to it; a tripped
    /// furnace holds everything that should have started while it was down; an HT charge starts
    /// together, so it waits for its latest piece.</summary>
    private static List<ScheduledOperation> Shift(
        IReadOnlyList<ScheduledOperation> ops,
        IReadOnlyDictionary<string, (DateTimeOffset At, DateTimeOffset Until)> trips,
        IReadOnlyDictionary<(string, int), TimeSpan> late)
    {
        var delay = new Dictionary<string, TimeSpan>();
        var charges = ops.Where(o => o.Kind == OperationKind.HeatTreat)
            .GroupBy(o => (o.Resource, o.Charge))
            .ToDictionary(g => g.Key, g => g.ToList());
        var shifted = new Dictionary<ScheduledOperation, TimeSpan>(ReferenceEqualityComparer.Instance);
        TimeSpan DelayOf(string order) => delay.GetValueOrDefault(order);
        foreach (var op in ops)
        {
            if (shifted.ContainsKey(op)) continue;
            var members = op.Kind == OperationKind.HeatTreat ? charges[(op.Resource, op.Charge)] : [op];
            var by = members.Max(m => DelayOf(m.Order) + late.GetValueOrDefault((m.Order, m.Step)));
            var start = op.Start + by;
            if (trips.TryGetValue(op.Resource, out var trip) && start >= trip.At && start < trip.Until)
                by += trip.Until - start;
            foreach (var m in members)
            {
                shifted[m] = by;
                delay[m.Order] = by;
            }
        }
        return ops.Select(o => o with { Start = o.Start + shifted[o], End = o.End + shifted[o] }).ToList();
    }

    /// <summary>The temperature a piece leaves with: forging temperature from a heating furnace, the
    /// finish temperature from the press, the soak temperature from heat treatment.</summary>
    private double? LeavingTempC(EvaluatedOperation e) => e.RouteStep.Kind switch
    {
        OperationKind.Heat => e.Order.Heats[e.RouteStep.HeatIndex].ForgeTempC,
        OperationKind.Forge => e.Order.Heats[e.RouteStep.HeatIndex].FinishTempC,
        _ => plant.FindRecipe(e.Order.HeatTreatment)?.SoakC,
    };

    /// <summary>Whole minutes: plants log to the minute, and it keeps the events easy to read.</summary>
    private static TimeSpan Minutes(double minutes) => TimeSpan.FromMinutes(Math.Round(minutes));

    /// <summary>Standard normal by Box–Muller (Random has no Gaussian of its own).</summary>
    private double Gaussian()
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
