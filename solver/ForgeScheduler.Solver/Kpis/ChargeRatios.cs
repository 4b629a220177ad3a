using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Evaluation;
using ForgeScheduler.Solver.Physics;

namespace ForgeScheduler.Solver.Kpis;

/// <summary>Hot charging and hot transfer, by mass, from the charge temperatures physics gives
/// (never the ones the schedule claims).</summary>
internal static class ChargeRatios
{
    /// <summary>Tonnes of orders whose first heat (route step 1) is charged at or above the plant's
    /// hot-charge minimum. An order whose first heat is not in the schedule is not hot-charged.</summary>
    public static double HotChargedTonnes(Plant plant, IReadOnlyList<EvaluatedOperation> operations) =>
        operations
            .Where(e => e.RouteStep.Step == 1 && ThermalPhysics.IsHotCharge(e.ChargeTempC, plant.HotChargeMinC))
            .DistinctBy(e => e.Order.Id)
            .Sum(e => e.Order.MassTonnes);

    /// <summary>Tonnes of orders charged into heat treatment within [hot_transfer_min_c, recipe's
    /// max charge °C]. Hotter than the recipe allows is not a hot transfer (it is infeasible).</summary>
    public static double HotTransferredTonnes(Plant plant, IReadOnlyList<EvaluatedOperation> operations) =>
        operations
            .Where(e => e.RouteStep.Kind == OperationKind.HeatTreat
                        && plant.FindRecipe(e.Order.HeatTreatment) is { } recipe
                        && ThermalPhysics.IsHotTransfer(e.ChargeTempC, plant.HotTransferMinC, recipe.MaxChargeC))
            .DistinctBy(e => e.Order.Id)
            .Sum(e => e.Order.MassTonnes);
}
