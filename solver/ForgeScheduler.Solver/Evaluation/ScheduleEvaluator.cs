using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Physics;

namespace ForgeScheduler.Solver.Evaluation;

/// <summary>An operation with what physics says about it: the temperature the piece really has when
/// charged (after cooling in the yard since its previous step), the time it needs, and its energy.
/// For a furnace operation <see cref="EnergyKwh"/> is its steel heat plus its share (by mass) of the
/// furnace's holding while it is inside; for a forging, the press's kWh per tonne.</summary>
public sealed record EvaluatedOperation(
    ScheduledOperation Operation,
    Order Order,
    RouteStep RouteStep,
    double ChargeTempC,
    double RequiredMinutes,
    double EnergyKwh,
    Carrier Carrier,
    double WaitMinutes)
{
    /// <summary>The piece's temperature when it leaves this operation: the forging temperature after a
    /// heat, the finish temperature after a forging, ambient after heat treatment — or, for an
    /// interrupted operation, the temperature it had reached (<see cref="ScheduleEvaluator.ReachedTempC"/>).</summary>
    public double ExitTempC { get; init; }

    /// <summary>m·(h(T_target) − h(T_charge))/η for a furnace operation; zero for a forging.</summary>
    public double SteelHeatKwh { get; init; }

    /// <summary>This piece's share of the furnace's holding power while it is inside.</summary>
    public double HoldingKwh { get; init; }
}

/// <summary>A schedule as physics sees it: every operation, and what every furnace used costs
/// besides steel heat (holding, gaps, cold starts).</summary>
public sealed record EvaluatedSchedule(
    Plant Plant,
    OrderBook Orders,
    Schedule Schedule,
    IReadOnlyList<EvaluatedOperation> Operations)
{
    public IReadOnlyList<FurnaceEnergy> Furnaces { get; init; } = [];
}

/// <summary>Follows every piece through its route and recomputes charge temperatures, required
/// durations and energies from the physics contract alone, whatever the schedule claims. The
/// validator and the KPI calculator both stand on this.</summary>
public static class ScheduleEvaluator
{
    public static EvaluatedSchedule Evaluate(Plant plant, OrderBook orders, Schedule schedule)
    {
        var byOrder = schedule.Operations.GroupBy(o => o.Order).ToDictionary(g => g.Key, g => g.OrderBy(o => o.Step).ToList());
        var steel = new List<EvaluatedOperation>(schedule.Operations.Count);
        foreach (var order in orders.Orders)
        {
            if (!byOrder.TryGetValue(order.Id, out var ops)) continue;
            steel.AddRange(EvaluateOrder(plant, order, ops));
        }
        var (furnaces, shares) = FurnaceEnergyCalculator.Compute(plant, orders, steel);
        var result = steel.Select(e => shares.TryGetValue(e, out var holding) && holding > 0
            ? e with { HoldingKwh = holding, EnergyKwh = e.SteelHeatKwh + holding }
            : e).ToList();
        return new EvaluatedSchedule(plant, orders, schedule, result) { Furnaces = furnaces };
    }

    /// <summary>One order's operations with charge temperatures, required times and steel heat. The
    /// holding shares need every piece in each furnace, so energies here are steel heat only: use
    /// <see cref="Evaluate"/> for the full picture.</summary>
    public static IReadOnlyList<EvaluatedOperation> EvaluateOrder(Plant plant, Order order, IReadOnlyList<ScheduledOperation> ops)
    {
        var route = Route.Of(order);
        var tempC = order.StartTempC(plant.AmbientC);
        var since = order.Release;
        var list = new List<EvaluatedOperation>(ops.Count);
        // An interrupted operation comes before the one that does its step again (same step number).
        foreach (var op in ops.OrderBy(o => o.Step).ThenBy(o => o.Interrupted ? 0 : 1).ThenBy(o => o.Start))
        {
            if (op.Step < 1 || op.Step > route.Count) continue;
            var step = route[op.Step - 1];
            var wait = (op.Start - since).TotalMinutes;
            var chargeC = ThermalPhysics.CooledTempC(plant, order, tempC, wait);
            var duration = (op.End - op.Start).TotalMinutes;
            double required, energy;
            Carrier carrier;
            switch (step.Kind)
            {
                case OperationKind.Heat:
                {
                    var heat = order.Heats[step.HeatIndex];
                    var furnace = plant.FindFurnace(op.Resource);
                    required = HeatingMinutes(plant, order, heat.ForgeTempC, chargeC);
                    var eff = furnace?.Efficiency ?? 1.0;
                    carrier = furnace?.Carrier ?? Carrier.Gas;
                    if (op.Interrupted)
                    {
                        tempC = ReachedTempC(chargeC, heat.ForgeTempC, duration, required);
                        energy = ThermalPhysics.HeatingEnergyKwh(order.MassTonnes, tempC, chargeC, eff);
                        break;
                    }
                    energy = ThermalPhysics.HeatingEnergyKwh(order.MassTonnes, heat.ForgeTempC, chargeC, eff);
                    tempC = heat.ForgeTempC;
                    break;
                }
                case OperationKind.Forge:
                {
                    var heat = order.Heats[step.HeatIndex];
                    var press = plant.FindPress(op.Resource);
                    required = heat.PressMinutes;
                    energy = (press?.KwhPerTonne ?? 0) * order.MassTonnes;
                    carrier = Carrier.Electric;
                    tempC = heat.FinishTempC;
                    break;
                }
                default:
                {
                    var recipe = plant.FindRecipe(order.HeatTreatment);
                    var furnace = plant.FindFurnace(op.Resource);
                    required = (recipe?.CycleHours ?? 0) * 60.0;
                    var reachedC = op.Interrupted && recipe is not null ? ReachedTempC(chargeC, recipe.SoakC, duration, required) : recipe?.SoakC ?? chargeC;
                    energy = recipe is null ? 0 : ThermalPhysics.HeatingEnergyKwh(order.MassTonnes, reachedC, chargeC, furnace?.Efficiency ?? 1.0);
                    carrier = furnace?.Carrier ?? Carrier.Gas;
                    tempC = op.Interrupted ? reachedC : plant.AmbientC;
                    break;
                }
            }
            list.Add(new EvaluatedOperation(op, order, step, chargeC, required, energy, carrier, Math.Max(0, wait))
            {
                ExitTempC = tempC,
                SteelHeatKwh = step.Kind == OperationKind.Forge ? 0 : energy,
            });
            since = op.End;
        }
        return list;
    }

    /// <summary>Where an interrupted heat (or heat treatment) left the piece: linear between the charge
    /// temperature and the target over the time it needed, so a piece heated for half the required
    /// time left halfway (never beyond the target).</summary>
    public static double ReachedTempC(double chargeC, double targetC, double heatedMinutes, double requiredMinutes)
    {
        if (targetC <= chargeC) return chargeC;
        var fraction = requiredMinutes <= 0 ? 1.0 : Math.Clamp(heatedMinutes / requiredMinutes, 0.0, 1.0);
        return chargeC + (targetC - chargeC) * fraction;
    }

    /// <summary>Minutes a piece charged at <paramref name="chargeC"/> needs in a heating furnace to
    /// reach <paramref name="targetC"/> and soak.</summary>
    public static double HeatingMinutes(Plant plant, Order order, double targetC, double chargeC) =>
        60.0 * ThermalPhysics.HeatingHours(
            ThermalPhysics.SoakHours(order.DiameterMetres),
            ThermalPhysics.ColdHeatingHours(order),
            targetC, chargeC, plant.AmbientC);
}
