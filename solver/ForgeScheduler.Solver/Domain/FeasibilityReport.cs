using System.Globalization;
using ForgeScheduler.Solver.Evaluation;
using ForgeScheduler.Solver.Physics;

namespace ForgeScheduler.Solver.Domain;

/// <summary>One stretch of an order's fastest possible route: what happens and how long it takes.</summary>
public sealed record RouteStage(string Name, double Minutes);

/// <summary>The earliest an order can be finished if it had the plant to itself: each stage starts
/// the moment the previous one ends.</summary>
public sealed record EarliestFinish(Order Order, DateTimeOffset Finish, IReadOnlyList<RouteStage> Stages)
{
    public double TotalMinutes => Stages.Sum(s => s.Minutes);
}

/// <summary>Warnings a planner should read before solving: orders that physics alone makes late,
/// and pieces that no electric furnace can heat under its power limits when there is no gas
/// furnace to take them. Tardiness is soft in the optimiser, so such orders are still scheduled
/// (late); these messages say why. Problems that make a book unusable are <see cref="InputChecks"/>'
/// job: orders it would reject (no heats, unknown recipe) are skipped here.</summary>
public static class FeasibilityReport
{
    public static IReadOnlyList<InputProblem> Explain(Plant plant, OrderBook book)
    {
        var problems = new List<InputProblem>();
        for (var i = 0; i < book.Orders.Count; i++)
        {
            var order = book.Orders[i];
            var recipe = plant.FindRecipe(order.HeatTreatment);
            if (order.Heats.Count == 0 || recipe is null) continue;
            var path = $"orders[{i}]";

            var earliest = Earliest(plant, order, recipe);
            if (earliest.Finish > order.Due)
                problems.Add(new InputProblem($"{path}.due",
                    $"order {order.Id} cannot be finished before {Time(earliest.Finish)} (due {Time(order.Due)}): {Breakdown(earliest)}"));

            for (var h = 0; h < order.Heats.Count; h++)
            {
                var heat = order.Heats[h];
                var candidates = plant.HeatingFurnaces.Where(f => Capability.CanHeat(f, order, heat)).ToList();
                if (PowerBlocked(plant, candidates, f => HeatingKw(plant, order, heat, f) + f.HoldingKw) is { } why)
                    problems.Add(new InputProblem($"{path}.heats[{h}]", $"no furnace can heat order {order.Id} for forging {h + 1}: {why}"));
            }
            var treaters = plant.HeatTreatmentFurnaces.Where(f => Capability.CanTreat(f, order.MassTonnes, recipe.Id)).ToList();
            if (PowerBlocked(plant, treaters, f => HeatTreatmentKw(plant, order, recipe, f) + f.HoldingKw) is { } whyHt)
                problems.Add(new InputProblem($"{path}.heat_treatment", $"no furnace can heat-treat order {order.Id} ({recipe.Id}): {whyHt}"));
        }
        return problems;
    }

    /// <summary>The fastest route physics allows, ignoring every other order and downtime: first heat
    /// from the release temperature at release; each forging straight after its heat; each reheat
    /// from the finish temperature straight after the press; then cooling in the yard until the
    /// piece is at or below the recipe's highest charge temperature; then the recipe's cycle.</summary>
    public static EarliestFinish Earliest(Plant plant, Order order) =>
        Earliest(plant, order, plant.FindRecipe(order.HeatTreatment)
            ?? throw new ArgumentException($"unknown recipe '{order.HeatTreatment}' (order {order.Id})", nameof(order)));

    private static EarliestFinish Earliest(Plant plant, Order order, Recipe recipe)
    {
        var stages = new List<RouteStage>(order.Heats.Count * 2 + 2);
        var tempC = order.StartTempC(plant.AmbientC);
        for (var h = 0; h < order.Heats.Count; h++)
        {
            var heat = order.Heats[h];
            stages.Add(new RouteStage($"heat {h + 1}", ScheduleEvaluator.HeatingMinutes(plant, order, heat.ForgeTempC, tempC)));
            stages.Add(new RouteStage($"forge {h + 1}", heat.PressMinutes));
            tempC = heat.FinishTempC;
        }
        var cooling = CoolingMinutes(plant, order, tempC, recipe.MaxChargeC);
        if (cooling > 0) stages.Add(new RouteStage("cooling", cooling));
        stages.Add(new RouteStage("heat treatment", recipe.CycleHours * 60.0));
        var total = stages.Sum(s => s.Minutes);
        // A recipe that wants the piece below ambient is never reached: the order never finishes.
        var finish = double.IsFinite(total) ? order.Release.AddMinutes(total) : DateTimeOffset.MaxValue;
        return new EarliestFinish(order, finish, stages);
    }

    /// <summary>The yard cooling law solved for time (ThermalPhysics.CoolingMinutes); zero if the
    /// piece is already cool enough. A limit at or below ambient is never reached.</summary>
    public static double CoolingMinutes(Plant plant, Order order, double fromC, double toC) =>
        ThermalPhysics.CoolingMinutes(plant, order, fromC, toC);

    /// <summary>Average power a piece draws in an electric heating furnace when charged cold (the
    /// most it can need: hotter charges need less energy per minute of heating), heated in the time
    /// physics requires. The optimiser budgets this figure for every heat, so a piece above it is
    /// never put into that furnace.</summary>
    public static double HeatingKw(Plant plant, Order order, ForgingHeat heat, Furnace furnace)
    {
        var kwh = ThermalPhysics.HeatingEnergyKwh(order.MassTonnes, heat.ForgeTempC, plant.AmbientC, furnace.Efficiency);
        var hours = ScheduleEvaluator.HeatingMinutes(plant, order, heat.ForgeTempC, plant.AmbientC) / 60.0;
        return kwh / hours;
    }

    /// <summary>Average power one cold piece adds to a heat-treatment charge: its energy spread over
    /// the recipe's cycle.</summary>
    public static double HeatTreatmentKw(Plant plant, Order order, Recipe recipe, Furnace furnace) =>
        ThermalPhysics.HeatingEnergyKwh(order.MassTonnes, recipe.SoakC, plant.AmbientC, furnace.Efficiency) / recipe.CycleHours;

    /// <summary>Null if some candidate furnace can take the piece: a gas one, or an electric one
    /// whose own maximum and the plant's cap both cover the piece's draw; otherwise why not.</summary>
    private static string? PowerBlocked(Plant plant, IReadOnlyList<Furnace> candidates, Func<Furnace, double> kw)
    {
        // No capable furnace at all is InputChecks' problem, not a power one.
        if (candidates.Count == 0 || candidates.Any(f => f.Carrier == Carrier.Gas)) return null;
        var reasons = new List<string>();
        foreach (var f in candidates)
        {
            var need = kw(f);
            var limit = Math.Min(f.MaxPowerKw, plant.ElectricPowerCapKw);
            if (need <= limit) return null;
            var which = f.MaxPowerKw <= plant.ElectricPowerCapKw ? $"max {Num(f.MaxPowerKw)} kW" : $"plant cap {Num(plant.ElectricPowerCapKw)} kW";
            reasons.Add($"{f.Id} needs {Num(need)} kW, {which}");
        }
        return "only electric furnaces can take it and the piece draws more than they may (" + string.Join("; ", reasons) + ")";
    }

    private static string Breakdown(EarliestFinish e) =>
        string.Join(" + ", e.Stages.Select(s => $"{s.Name} {Hours(s.Minutes)} h")) + $" = {Hours(e.TotalMinutes)} h from release {Time(e.Order.Release)}";

    private static string Hours(double minutes) => (minutes / 60.0).ToString("F1", CultureInfo.InvariantCulture);

    private static string Num(double v) => v.ToString("F0", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset t) => t.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);
}
