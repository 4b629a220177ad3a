using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Physics;

namespace ForgeScheduler.Solver.Generation;

/// <summary>Hours of work, or of available equipment, per stage of the hot end. Heating and
/// heat-treatment hours are furnace-hours (a furnace full for an hour is one hour).</summary>
public sealed record StageHours(double HeatingFurnaceHours, double PressHours, double HeatTreatmentHours)
{
    /// <summary>Each stage's work divided by what is available; 0 for a stage with nothing available.</summary>
    public StageHours DividedBy(StageHours available) => new(
        Ratio(HeatingFurnaceHours, available.HeatingFurnaceHours),
        Ratio(PressHours, available.PressHours),
        Ratio(HeatTreatmentHours, available.HeatTreatmentHours));

    /// <summary>The largest of the three: the bottleneck.</summary>
    public double Max => Math.Max(HeatingFurnaceHours, Math.Max(PressHours, HeatTreatmentHours));

    private static double Ratio(double work, double available) => available > 0 ? work / available : 0;
}

/// <summary>
/// How loaded a plant is by an order book: the work the book needs at each stage against the
/// equipment hours over a horizon, with the load the bottleneck stage's ratio. The work is counted
/// at its least (no waiting, pieces packed to the furnace's limits), so a load of 1 is a plant that
/// could just keep up with perfect coordination; the dispatcher's and the optimiser's schedules
/// need more. Rules (datasets/README.md, "Order books at a chosen load"):
/// <list type="bullet">
/// <item>press: Σ press minutes of every heat, against presses × horizon;</item>
/// <item>heating: every heat's heating time (from the release temperature for the first heat,
/// from the previous heat's finish temperature for a reheat: the piece goes straight back) times
/// the share of a furnace the piece takes, max(mass / capacity tonnes, 1 / capacity pieces),
/// averaged over the heating furnaces big enough for it; against heating furnaces × horizon;</item>
/// <item>heat treatment: the recipe's cycle hours times the same share, averaged over the
/// heat-treatment furnaces that run the recipe and take the piece; against heat-treatment furnaces × horizon.</item>
/// </list>
/// Downtime is not subtracted: a load says how much the book asks of the plant as built.
/// </summary>
public static class PlantCapacity
{
    /// <summary>Equipment hours over <paramref name="horizonHours"/>: each resource, all the time.</summary>
    public static StageHours Available(Plant plant, double horizonHours) => new(
        plant.HeatingFurnaces.Count * horizonHours,
        plant.Presses.Count * horizonHours,
        plant.HeatTreatmentFurnaces.Count * horizonHours);

    /// <summary>The work <paramref name="orders"/> need at each stage (rules in the class summary).</summary>
    public static StageHours Required(Plant plant, IEnumerable<Order> orders)
    {
        double heating = 0, press = 0, treatment = 0;
        foreach (var order in orders)
        {
            var soak = ThermalPhysics.SoakHours(order.DiameterMetres);
            var cold = ThermalPhysics.ColdHeatingHours(order);
            var chargeC = order.StartTempC(plant.AmbientC);
            var heatingShare = Share(plant.HeatingFurnaces.Where(f => f.CapacityTonnes >= order.MassTonnes), order.MassTonnes);
            foreach (var heat in order.Heats)
            {
                heating += ThermalPhysics.HeatingHours(soak, cold, heat.ForgeTempC, chargeC, plant.AmbientC) * heatingShare;
                press += heat.PressMinutes / 60.0;
                chargeC = heat.FinishTempC;
            }

            if (plant.FindRecipe(order.HeatTreatment) is { } recipe)
            {
                var furnaces = plant.HeatTreatmentFurnaces.Where(f => Capability.CanTreat(f, order.MassTonnes, recipe.Id));
                treatment += recipe.CycleHours * Share(furnaces, order.MassTonnes);
            }
        }

        return new StageHours(heating, press, treatment);
    }

    /// <summary>The bottleneck stage's work over its equipment hours in <paramref name="horizonHours"/>.</summary>
    public static double Load(Plant plant, IEnumerable<Order> orders, double horizonHours) =>
        Required(plant, orders).DividedBy(Available(plant, horizonHours)).Max;

    /// <summary>The horizon over which <paramref name="orders"/> load the plant's bottleneck stage to
    /// <paramref name="load"/>: the bottleneck's work ÷ (load × its resource count).</summary>
    public static double HorizonHoursAtLoad(Plant plant, IEnumerable<Order> orders, double load)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(load);
        var perHour = Required(plant, orders).DividedBy(Available(plant, 1.0));
        return perHour.Max / load;
    }

    /// <summary>Average share of a furnace one piece takes, over the furnaces that can hold it (1 when none can).</summary>
    private static double Share(IEnumerable<Furnace> furnaces, double massTonnes)
    {
        var shares = furnaces.Select(f => Math.Max(massTonnes / f.CapacityTonnes, 1.0 / Math.Max(1, f.CapacityPieces))).ToList();
        return shares.Count == 0 ? 1.0 : Math.Min(1.0, shares.Average());
    }
}
