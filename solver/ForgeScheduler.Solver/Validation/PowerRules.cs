using ForgeScheduler.Solver.Domain;
using static ForgeScheduler.Solver.Validation.ValidationContext;

namespace ForgeScheduler.Solver.Validation;

/// <summary>power_cap and furnace_power: an electric furnace operation draws its energy evenly over
/// its duration (kW = kWh / h); at every instant the plant stays under its contracted cap and each
/// furnace under its max power (a heating furnace or an HT batch draws the sum of its pieces).</summary>
internal static class PowerRules
{
    public static void Check(ValidationContext ctx)
    {
        var loads = ctx.Placed
            .Where(p => p.Furnace?.Carrier == Carrier.Electric && p.DurationMinutes > 0)
            .OrderBy(p => p.Op.Start)
            .Select(p => new Load<PlacedOperation>(ctx.Minutes(p.Op.Start), ctx.Minutes(p.Op.End),
                p.Evaluated.EnergyKwh / (p.DurationMinutes / 60.0), p))
            .ToList();

        var cap = ctx.Plant.ElectricPowerCapKw;
        foreach (var x in LoadSweep.Excursions(loads, cap, PowerToleranceKw))
            ctx.Add("power_cap", x.Trigger.Op,
                $"from {Time(ctx.At(x.AtMinutes))} electric furnaces draw up to {Num(x.Peak)} kW, plant cap {Num(cap)} kW ({Drawing(x)})");

        foreach (var inFurnace in loads.GroupBy(l => l.Item.Op.Resource))
        {
            var furnace = inFurnace.First().Item.Furnace!;
            foreach (var x in LoadSweep.Excursions(inFurnace.ToList(), furnace.MaxPowerKw, PowerToleranceKw))
                ctx.Add("furnace_power", x.Trigger.Op,
                    $"from {Time(ctx.At(x.AtMinutes))} {furnace.Id} draws up to {Num(x.Peak)} kW, max {Num(furnace.MaxPowerKw)} kW ({Drawing(x)})");
        }
    }

    private static string Drawing(Excursion<PlacedOperation> x) =>
        Names(x.Inside.Select(p => $"{p.Order.Id} step {p.Op.Step} on {p.Op.Resource}"));
}
