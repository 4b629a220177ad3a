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
    double WaitMinutes);

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
        foreach (var op in ops.OrderBy(o => o.Step))
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
                    energy = ThermalPhysics.HeatingEnergyKwh(order.MassTonnes, heat.ForgeTempC, chargeC, eff)
                             + (furnace?.HoldingKw ?? 0) * Math.Max(0, duration - required) / 60.0;
                    carrier = furnace?.Carrier ?? Carrier.Gas;
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
                    energy = recipe is null ? 0 : ThermalPhysics.HeatingEnergyKwh(order.MassTonnes, recipe.SoakC, chargeC, furnace?.Efficiency ?? 1.0);
                    carrier = furnace?.Carrier ?? Carrier.Gas;
                    tempC = plant.AmbientC;
                    break;
                }
            }
            list.Add(new EvaluatedOperation(op, order, step, chargeC, required, energy, carrier, Math.Max(0, wait)));
            since = op.End;
        }
        return list;
    }

    /// <summary>Minutes a piece charged at <paramref name="chargeC"/> needs in a heating furnace to
    /// reach <paramref name="targetC"/> and soak.</summary>
    public static double HeatingMinutes(Plant plant, Order order, double targetC, double chargeC) =>
        60.0 * ThermalPhysics.HeatingHours(
            ThermalPhysics.SoakHours(order.DiameterMetres),
            ThermalPhysics.ColdHeatingHours(order),
            targetC, chargeC, plant.AmbientC);
}
