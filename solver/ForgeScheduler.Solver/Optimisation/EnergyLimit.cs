using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Physics;

namespace ForgeScheduler.Solver.Optimisation;

/// <summary>What no schedule can beat: every piece charged at its release temperature, reheated
/// straight off the press, transferred to heat treatment at the hottest the recipe allows, in the
/// most efficient (for energy) or cleanest (for CO2) capable furnace and hour, with no idle and no
/// capacity limits. The gap to it says how much is left.</summary>
public sealed record EnergyLimit(double Tonnes, double EnergyKwh, double EnergyKwhPerT, double Co2Kg, double Co2KgPerT);

public static class EnergyLimitCalculator
{
    public static EnergyLimit Compute(Plant plant, OrderBook book)
    {
        double tonnes = 0, energy = 0, co2 = 0;
        var cleanestHour = Enumerable.Range(0, 24).Min(plant.Grid.Co2At);
        double Co2PerKwhIn(Furnace f) => f.Carrier == Carrier.Gas ? ThermalPhysics.GasCo2Kg(1.0, plant.Gas) : cleanestHour;

        foreach (var order in book.Orders)
        {
            tonnes += order.MassTonnes;
            var fromC = order.StartTempC(plant.AmbientC);
            foreach (var heat in order.Heats)
            {
                var furnaces = plant.HeatingFurnaces.Where(f => f.CapacityTonnes >= order.MassTonnes && f.MaxTempC >= heat.ForgeTempC).ToList();
                var atUnit = ThermalPhysics.HeatingEnergyKwh(order.MassTonnes, heat.ForgeTempC, fromC, 1.0);
                if (furnaces.Count > 0)
                {
                    energy += atUnit / furnaces.Max(f => f.Efficiency);
                    co2 += furnaces.Min(f => atUnit / f.Efficiency * Co2PerKwhIn(f));
                }
                var presses = plant.Presses.Where(p => p.ForceMn >= heat.MinForceMn && p.MaxPieceTonnes >= order.MassTonnes).ToList();
                if (presses.Count > 0)
                {
                    var pressKwh = presses.Min(p => p.KwhPerTonne) * order.MassTonnes;
                    energy += pressKwh;
                    co2 += pressKwh * cleanestHour;
                }
                fromC = heat.FinishTempC;
            }
            var recipe = plant.FindRecipe(order.HeatTreatment);
            if (recipe is null) continue;
            var htFurnaces = plant.HeatTreatmentFurnaces.Where(f => f.Recipes.Contains(recipe.Id) && f.CapacityTonnes >= order.MassTonnes).ToList();
            if (htFurnaces.Count == 0) continue;
            var chargeC = Math.Min(fromC, recipe.MaxChargeC);
            var htUnit = ThermalPhysics.HeatingEnergyKwh(order.MassTonnes, recipe.SoakC, chargeC, 1.0);
            energy += htUnit / htFurnaces.Max(f => f.Efficiency);
            co2 += htFurnaces.Min(f => htUnit / f.Efficiency * Co2PerKwhIn(f));
        }
        return new EnergyLimit(tonnes, energy, tonnes > 0 ? energy / tonnes : 0, co2, tonnes > 0 ? co2 / tonnes : 0);
    }
}
