using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Evaluation;
using ForgeScheduler.Solver.Physics;

namespace ForgeScheduler.Solver.Optimisation;

/// <summary>One band of waiting time [FromMin, ToMin) before a piece is charged, with what physics
/// says at the band's cold end: so the model never promises a piece hotter than it is.</summary>
public sealed record WaitBucket(long FromMin, long ToMin, double ChargeTempC, long DurationMin, double EnergyKwhAtUnitEfficiency);

/// <summary>Tables over waiting time (DESIGN: "tables over waiting time, not a guess"): charge
/// temperature, heating time and energy for each waiting band, from the physics module.</summary>
public static class WaitTable
{
    /// <summary>Band edges in minutes: fine where the piece is hottest and cooling fastest.</summary>
    public static readonly long[] Edges = [0, 5, 10, 20, 40, 60, 90, 120, 180, 240, 360, 480, 720, 1080, 1440];

    public const long Open = long.MaxValue / 4;

    /// <summary>Heating to <paramref name="targetC"/> after waiting in the yard since the piece was at
    /// <paramref name="startTempC"/>.</summary>
    public static IReadOnlyList<WaitBucket> ForHeating(Plant plant, Order order, double startTempC, double targetC)
    {
        var buckets = new List<WaitBucket>(Edges.Length);
        for (var k = 0; k < Edges.Length; k++)
        {
            var to = k + 1 < Edges.Length ? Edges[k + 1] : Open;
            // A piece released below ambient warms towards it: its coldest is where it starts.
            var chargeC = to == Open ? Math.Min(plant.AmbientC, startTempC) : Math.Min(startTempC, ThermalPhysics.CooledTempC(plant, order, startTempC, to));
            // One minute of margin so rounding never makes a heat shorter than physics needs.
            var duration = (long)Math.Ceiling(ScheduleEvaluator.HeatingMinutes(plant, order, targetC, chargeC)) + 1;
            var energy = ThermalPhysics.HeatingEnergyKwh(order.MassTonnes, targetC, chargeC, 1.0);
            buckets.Add(new WaitBucket(Edges[k], to, chargeC, duration, energy));
        }
        return buckets;
    }

    /// <summary>Minutes a piece at <paramref name="fromC"/> must cool in the yard to reach
    /// <paramref name="toC"/>; zero if it is already cool enough.</summary>
    public static long CoolingMinutes(Plant plant, Order order, double fromC, double toC)
    {
        if (fromC <= toC) return 0;
        if (toC <= plant.AmbientC) return Open;
        return (long)Math.Ceiling(ThermalPhysics.CoolingMinutes(plant, order, fromC, toC)) + 1;
    }

    /// <summary>Heat treatment after the last forging: the piece must first cool to the recipe's
    /// highest charge temperature (metallurgy), then every minute more costs heat.</summary>
    public static IReadOnlyList<WaitBucket> ForHeatTreatment(Plant plant, Order order, Recipe recipe)
    {
        // A forged piece with only its heat treatment left (rescheduling) starts from its release temperature.
        var finishC = order.Heats.Count > 0 ? order.Heats[^1].FinishTempC : order.StartTempC(plant.AmbientC);
        var minWait = CoolingMinutes(plant, order, finishC, recipe.MaxChargeC);
        var buckets = new List<WaitBucket>(Edges.Length);
        for (var k = 0; k < Edges.Length; k++)
        {
            var from = minWait + Edges[k];
            var to = k + 1 < Edges.Length ? minWait + Edges[k + 1] : Open;
            var chargeC = to == Open ? plant.AmbientC : ThermalPhysics.CooledTempC(plant, order, finishC, to);
            var energy = ThermalPhysics.HeatingEnergyKwh(order.MassTonnes, recipe.SoakC, chargeC, 1.0);
            buckets.Add(new WaitBucket(from, to, chargeC, (long)Math.Ceiling(recipe.CycleHours * 60), energy));
        }
        return buckets;
    }

    /// <summary>Heating minutes as the model sees them (the band's cold end) for (order, heat index,
    /// minutes waited): lets the baseline be replayed in the model's own time.</summary>
    public static Func<Order, int, double, int> ModelHeatingMinutes(Plant plant)
    {
        var cache = new Dictionary<(string, int), IReadOnlyList<WaitBucket>>();
        return (order, index, waited) =>
        {
            if (!cache.TryGetValue((order.Id, index), out var table))
            {
                var fromC = index == 0 ? order.StartTempC(plant.AmbientC) : order.Heats[index - 1].FinishTempC;
                table = cache[(order.Id, index)] = ForHeating(plant, order, fromC, order.Heats[index].ForgeTempC);
            }
            var w = (long)Math.Floor(Math.Max(0, waited));
            return (int)table.Last(b => b.FromMin <= w).DurationMin;
        };
    }
}
