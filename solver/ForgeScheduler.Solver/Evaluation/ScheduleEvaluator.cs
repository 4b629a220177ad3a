using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Physics;

namespace ForgeScheduler.Solver.Evaluation;

/// <summary>An operation with what physics says about it: the temperature the piece really has when
/// charged (after cooling in the yard since its previous step), the time it needs, and its energy.</summary>
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
}

public sealed record EvaluatedSchedule(
    Plant Plant,
    OrderBook Orders,
    Schedule Schedule,
    IReadOnlyList<EvaluatedOperation> Operations);

/// <summary>Follows every piece through its route and recomputes charge temperatures, required
/// durations and energies from the physics contract alone, whatever the schedule claims. The
/// validator and the KPI calculator both stand on this.</summary>
public static class ScheduleEvaluator
{
    public static EvaluatedSchedule Evaluate(Plant plant, OrderBook orders, Schedule schedule)
    {
        var byOrder = schedule.Operations.GroupBy(o => o.Order).ToDictionary(g => g.Key, g => g.OrderBy(o => o.Step).ToList());
        var result = new List<EvaluatedOperation>(schedule.Operations.Count);
        foreach (var order in orders.Orders)
        {
            if (!byOrder.TryGetValue(order.Id, out var ops)) continue;
            result.AddRange(EvaluateOrder(plant, order, ops));
        }
        return new EvaluatedSchedule(plant, orders, schedule, result);
    }

    public static IReadOnlyList<EvaluatedOperation> EvaluateOrder(Plant plant, Order order, IReadOnlyList<ScheduledOperation> ops)
    {
        var tau = ThermalPhysics.CoolingTauHours(plant, order);
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
            var chargeC = ThermalPhysics.CooledTempC(tempC, plant.AmbientC, wait, tau);
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
                    energy = ThermalPhysics.HeatingEnergyKwh(order.MassTonnes, heat.ForgeTempC, chargeC, eff)
                             + (furnace?.HoldingKw ?? 0) * Math.Max(0, duration - required) / 60.0;
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
            list.Add(new EvaluatedOperation(op, order, step, chargeC, required, energy, carrier, Math.Max(0, wait)) { ExitTempC = tempC });
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
