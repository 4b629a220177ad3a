using ForgeScheduler.Solver.Baseline;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Evaluation;
using ForgeScheduler.Solver.Optimisation;
using ForgeScheduler.Solver.Physics;

namespace ForgeScheduler.Solver.Rescheduling;

/// <summary>A heat-treatment charge booked during a repair: its members start and end together.</summary>
internal sealed class RepairCharge(Furnace furnace, string id, int start, int end, string group, bool isFixed)
{
    public Furnace Furnace { get; } = furnace;
    public string Id { get; } = id;
    public int Start { get; } = start;
    public int End { get; } = end;
    public string Group { get; } = group;
    /// <summary>Started or frozen: nothing joins it.</summary>
    public bool Fixed { get; } = isFixed;
    public List<(Order Order, double Kw)> Members { get; } = [];
}

/// <summary>What a repair works on: the dispatcher's board (furnace capacity, presses, heat-treatment
/// furnaces, electric load, downtime — the baseline's own bookkeeping, in whole minutes from plan
/// start), the operations placed so far per order, the heat-treatment charges, and the physics probes
/// and costs every placement decision uses. Physics only through <see cref="ScheduleEvaluator"/>, so
/// the repair's durations and temperatures are the validator's.</summary>
internal sealed class RepairContext
{
    private readonly Dictionary<(string, int, double), IReadOnlyList<WaitBucket>> _bands = [];

    public RepairContext(Floor floor, RescheduleOptions options)
    {
        Floor = floor;
        Plant = floor.Plant;
        Options = options;
        Board = new DispatchBoard(floor.Plant, floor.Book.PlanStart);
        FreezeMinute = Board.MinuteAtOrAfter(floor.FreezeEnd);
        TransferMinutes = (int)Math.Floor(floor.Plant.FurnaceToPressMaxMin);
        foreach (var plan in floor.Orders) Placed[plan.Order.Id] = [];
    }

    public Floor Floor { get; }
    public Plant Plant { get; }
    public RescheduleOptions Options { get; }
    public DispatchBoard Board { get; }
    public int FreezeMinute { get; }
    public int TransferMinutes { get; }
    public ObjectiveWeights Weights => Options.Solver.Weights;

    /// <summary>Operations placed so far (facts, cuts and decisions), per order.</summary>
    public Dictionary<string, List<ScheduledOperation>> Placed { get; } = new(StringComparer.Ordinal);

    public List<RepairCharge> Charges { get; } = [];

    /// <summary>(order, step) of operations kept exactly as the plan in force had them, facts included.</summary>
    public HashSet<(string, int)> Kept { get; } = [];

    public List<string> Notes => Floor.Notes;

    public int Minute(DateTimeOffset at) => (int)Math.Floor((at - Floor.Book.PlanStart).TotalMinutes);

    public int MinuteCeil(DateTimeOffset at) => Board.MinuteAtOrAfter(at);

    public DateTimeOffset At(int minute) => Board.At(minute);

    /// <summary>Books an operation: on the board (its furnace or press and the electric load) and in its order.</summary>
    public void Book(Order order, ScheduledOperation op, double powerKw)
    {
        var furnace = Plant.FindFurnace(op.Resource);
        var from = Minute(op.Start);
        var to = Math.Max(from, MinuteCeil(op.End));
        Board.Book(op.Resource, new Slot(from, to, order.MassTonnes, powerKw), furnace?.Carrier);
        Placed[order.Id].Add(op);
    }

    /// <summary>What the evaluator says of <paramref name="op"/> if it followed what is placed of its order.</summary>
    public EvaluatedOperation Probe(Order order, ScheduledOperation op)
    {
        var ops = Placed[order.Id].Where(o => !(o.Step == op.Step && !o.Interrupted && !op.Interrupted)).Append(op).ToList();
        return ScheduleEvaluator.EvaluateOrder(Plant, order, ops).Last(e => ReferenceEquals(e.Operation, op));
    }

    /// <summary>The last placed operation of an order (by route step, a cut before its redo) and where
    /// it left the piece; null before the first step.</summary>
    public (DateTimeOffset End, double ExitC)? LastExit(Order order)
    {
        var ops = Placed[order.Id];
        if (ops.Count == 0) return null;
        var evaluated = ScheduleEvaluator.EvaluateOrder(Plant, order, ops);
        var last = evaluated[^1];
        return (last.Operation.End, last.ExitTempC);
    }

    /// <summary>Whole minutes heat <paramref name="heatIndex"/> takes if it starts at minute
    /// <paramref name="start"/>: what physics requires at the piece's charge temperature, and never
    /// less than the optimiser's band for the time waited (so a repaired heat is one the CP-SAT model
    /// accepts as it is, and the repair can be its hint).</summary>
    public (int Minutes, double ChargeC) HeatMinutes(Order order, int heatIndex, int start, (DateTimeOffset End, double ExitC)? since)
    {
        var heat = order.Heats[heatIndex];
        var probe = Probe(order, Operation(order, 2 * heatIndex + 1, OperationKind.Heat, Plant.HeatingFurnaces[0].Id, "", start, start + 1));
        var physics = (int)Math.Ceiling(probe.RequiredMinutes - 1e-9);
        var (fromC, sinceAt) = since is { } s ? (s.ExitC, s.End) : (order.StartTempC(Plant.AmbientC), order.Release);
        var key = (order.Id, heatIndex, Math.Round(fromC, 1));
        if (!_bands.TryGetValue(key, out var table))
            _bands[key] = table = WaitTable.ForHeating(Plant, order, fromC, heat.ForgeTempC);
        var waited = Math.Max(0, start - Minute(sinceAt));
        var band = table.Last(b => b.FromMin <= waited).DurationMin;
        return ((int)Math.Max(physics, band), probe.ChargeTempC);
    }

    /// <summary>Electric draw of an operation over its minutes (0 on gas furnaces and presses).</summary>
    public double PowerKw(Order order, ScheduledOperation op)
    {
        if (Plant.FindFurnace(op.Resource) is not { Carrier: Carrier.Electric }) return 0;
        var hours = (op.End - op.Start).TotalHours;
        return hours <= 0 ? 0 : Probe(order, op).EnergyKwh / hours;
    }

    /// <summary>The objective's price (kg-CO2-equivalent) of the energy an operation draws.</summary>
    public double EnergyCost(Order order, ScheduledOperation op)
    {
        var e = Probe(order, op);
        var (co2, cost) = ThermalPhysics.Co2AndCost(e.Carrier, e.EnergyKwh, op.Start, op.End, Plant);
        return Weights.Co2PerKg * co2 + Weights.CostPerCurrencyUnit * cost;
    }

    /// <summary>The stability price of putting an operation at <paramref name="start"/> on
    /// <paramref name="resource"/> instead of where the plan in force had it (nothing for new work).</summary>
    public double MoveCost(ScheduledOperation? planned, string resource, int start)
    {
        if (planned is null) return 0;
        var moved = Math.Abs(start - (planned.Start - Floor.Book.PlanStart).TotalMinutes);
        return Options.StabilityKgPerMinuteMoved * moved + (planned.Resource == resource ? 0 : Options.StabilityKgPerReassignment);
    }

    /// <summary>The objective's price of an order finishing at minute <paramref name="end"/>.</summary>
    public double TardinessCost(Order order, int end) =>
        Weights.TardinessPerWeightedHour * order.Weight * Math.Max(0, (At(end) - order.Due).TotalHours);

    /// <summary>Earliest minute a piece may go into heat treatment: cooled to the recipe's highest charge
    /// temperature after what is placed of it (checked with the evaluator, as the validator will).</summary>
    public int HeatTreatmentReady(Order order, Recipe recipe)
    {
        var last = LastExit(order);
        var from = last is { } l ? MinuteCeil(l.End) : Math.Max(0, MinuteCeil(order.Release));
        var exitC = last?.ExitC ?? order.StartTempC(Plant.AmbientC);
        var cool = WaitTable.CoolingMinutes(Plant, order, exitC, recipe.MaxChargeC);
        if (cool >= WaitTable.Open) return int.MaxValue / 4;
        var ready = from + (int)cool;
        var step = Route.StepCount(order);
        for (var guard = 0; guard < 240; guard++)
        {
            var probe = Probe(order, Operation(order, step, OperationKind.HeatTreat, Plant.HeatTreatmentFurnaces[0].Id, "", ready, ready + 1));
            if (probe.ChargeTempC <= recipe.MaxChargeC + 0.25) return ready;
            ready += 5;
        }
        return ready;
    }

    public ScheduledOperation Operation(Order order, int step, OperationKind kind, string resource, string charge, int start, int end) =>
        new(order.Id, step, kind, resource, charge, At(start), At(end), double.NaN, 0, null);
}
