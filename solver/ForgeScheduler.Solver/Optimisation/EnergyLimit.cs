using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Evaluation;
using ForgeScheduler.Solver.Physics;

namespace ForgeScheduler.Solver.Optimisation;

/// <summary>What no schedule can beat (version 2, docs/kpis.md says why each term is a bound): every
/// piece charged at the hottest it can be (its release temperature; a reheat or a heat treatment at
/// the temperature it left the press, a heat treatment no hotter than its recipe allows), in the
/// capable furnace that needs the least; each heat for at least the time physics requires from that
/// temperature and each heat treatment for its recipe's cycle, at the furnace's holding power shared
/// with as many pieces as the furnace can hold; the cold starts that capacity forces (a piece no
/// furnace hot at plan start can take means some capable furnace starts cold); no gaps, no press
/// idle; electricity at the cleanest hour, and the on-site PV surplus of the plan's horizon taken off
/// at that factor. The gap to it says how much is left.</summary>
public sealed record EnergyLimit(double Tonnes, double EnergyKwh, double EnergyKwhPerT, double Co2Kg, double Co2KgPerT);

public static class EnergyLimitCalculator
{
    public static EnergyLimit Compute(Plant plant, OrderBook book)
    {
        double tonnes = 0, energy = 0, co2 = 0, electricCo2 = 0;
        var cleanestHour = Enumerable.Range(0, 24).Min(plant.Grid.Co2At);
        var gasPerKwh = ThermalPhysics.GasCo2Kg(1.0, plant.Gas);
        double Co2PerKwhIn(Furnace f) => f.Carrier == Carrier.Gas ? gasPerKwh : cleanestHour;
        var forcedHeating = new List<IReadOnlyList<Furnace>>();
        var forcedTreatment = new List<IReadOnlyList<Furnace>>();

        // A step's least energy and least CO2 over its capable furnaces: steel heat at the furnace's
        // efficiency plus holding for the unavoidable hours, shared by the furnace's piece capacity.
        void Step(IReadOnlyList<Furnace> furnaces, double steelKwhAtUnit, double hours)
        {
            if (furnaces.Count == 0) return;
            double Kwh(Furnace f) => steelKwhAtUnit / f.Efficiency + f.HoldingKw * hours / Math.Max(1, f.CapacityPieces);
            energy += furnaces.Min(Kwh);
            var (least, furnace) = furnaces.Select(f => (Kwh(f) * Co2PerKwhIn(f), f)).MinBy(x => x.Item1);
            co2 += least;
            if (furnace.Carrier == Carrier.Electric) electricCo2 += least;
        }

        foreach (var order in book.Orders)
        {
            tonnes += order.MassTonnes;
            // A piece released colder than ambient can only warm to ambient in the yard.
            var fromC = Math.Max(order.StartTempC(plant.AmbientC), plant.AmbientC);
            foreach (var heat in order.Heats)
            {
                var furnaces = plant.HeatingFurnaces.Where(f => Capability.CanHeat(f, order, heat)).ToList();
                var hours = ScheduleEvaluator.HeatingMinutes(plant, order, heat.ForgeTempC, fromC) / 60.0;
                Step(furnaces, ThermalPhysics.HeatingEnergyKwh(order.MassTonnes, heat.ForgeTempC, fromC, 1.0), hours);
                if (furnaces.Count > 0 && !furnaces.Any(f => book.IsHotAtStart(f.Id))) forcedHeating.Add(furnaces);
                var presses = plant.Presses.Where(p => Capability.CanForge(p, order, heat)).ToList();
                if (presses.Count > 0)
                {
                    var pressKwh = presses.Min(p => p.KwhPerTonne) * order.MassTonnes;
                    energy += pressKwh;
                    co2 += pressKwh * cleanestHour;
                    electricCo2 += pressKwh * cleanestHour;
                }
                fromC = heat.FinishTempC;
            }
            var recipe = plant.FindRecipe(order.HeatTreatment);
            if (recipe is null) continue;
            var htFurnaces = plant.HeatTreatmentFurnaces.Where(f => Capability.CanTreat(f, order.MassTonnes, recipe.Id)).ToList();
            var chargeC = Math.Min(fromC, recipe.MaxChargeC);
            Step(htFurnaces, ThermalPhysics.HeatingEnergyKwh(order.MassTonnes, recipe.SoakC, chargeC, 1.0), recipe.CycleHours);
            if (htFurnaces.Count > 0 && !htFurnaces.Any(f => book.IsHotAtStart(f.Id))) forcedTreatment.Add(htFurnaces);
        }

        foreach (var sets in new[] { forcedHeating, forcedTreatment })
        {
            foreach (var set in ForcedColdStarts(sets))
            {
                energy += set.Min(f => f.RestartKwh);
                var (least, furnace) = set.Select(f => (f.RestartKwh * Co2PerKwhIn(f), f)).MinBy(x => x.Item1);
                co2 += least;
                if (furnace.Carrier == Carrier.Electric) electricCo2 += least;
            }
        }

        // Each kWh of PV surplus saves at most the cleanest hour's factor, and only on electricity.
        co2 -= Math.Min(electricCo2, cleanestHour * PvKwhInHorizon(plant, book));
        return new EnergyLimit(tonnes, energy, tonnes > 0 ? energy / tonnes : 0, co2, tonnes > 0 ? co2 / tonnes : 0);
    }

    /// <summary>Sets of capable furnaces none of which is hot at plan start, each of which must see a
    /// cold start; taken pairwise disjoint (greedily, dearest cold start first), so each needs its own.</summary>
    private static List<IReadOnlyList<Furnace>> ForcedColdStarts(List<IReadOnlyList<Furnace>> sets)
    {
        var chosen = new List<IReadOnlyList<Furnace>>();
        var used = new HashSet<string>();
        foreach (var set in sets.OrderByDescending(s => s.Min(f => f.RestartKwh)).ThenBy(s => s.Count))
        {
            if (set.Any(f => used.Contains(f.Id))) continue;
            chosen.Add(set);
            foreach (var f in set) used.Add(f.Id);
        }
        return chosen;
    }

    /// <summary>PV surplus over the plan's horizon: from the clock hour of the plan start to 24 h after
    /// the last due time (docs/kpis.md: the limit holds for schedules whose electric work ends by then).</summary>
    public static double PvKwhInHorizon(Plant plant, OrderBook book)
    {
        if (!plant.Grid.HasPvSurplus || book.Orders.Count == 0) return 0;
        var hour0 = new DateTimeOffset(book.PlanStart.Year, book.PlanStart.Month, book.PlanStart.Day, book.PlanStart.Hour, 0, 0, book.PlanStart.Offset);
        var hours = (int)Math.Ceiling((book.Orders.Max(o => o.Due).AddHours(24) - hour0).TotalHours);
        double kwh = 0;
        for (var k = 0; k < hours; k++) kwh += plant.Grid.PvSurplusKwAt(plant.LocalHour(hour0.AddHours(k)), k);
        return kwh;
    }
}
