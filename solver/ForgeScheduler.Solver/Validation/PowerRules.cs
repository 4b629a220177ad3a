using ForgeScheduler.Solver.Domain;
using static ForgeScheduler.Solver.Validation.ValidationContext;

namespace ForgeScheduler.Solver.Validation;

/// <summary>power_cap and furnace_power: an electric furnace operation draws its steel heat evenly
/// over its duration (kW = kWh / h), and an electric furnace draws its holding power while loaded
/// (furnace energy v2); at every instant the plant stays under its contracted cap and each furnace
/// under its max power (a heating furnace or an HT batch draws the sum of its pieces).</summary>
internal static class PowerRules
{
    /// <summary>What draws: a piece's steel heat, or (Holding) the holding power of the furnace it is in.</summary>
    private sealed record Draw(PlacedOperation Placed, bool Holding);

    public static void Check(ValidationContext ctx)
    {
        var loads = ctx.Placed
            .Where(p => p.Furnace?.Carrier == Carrier.Electric && p.DurationMinutes > 0)
            .Select(p => new Load<Draw>(ctx.Minutes(p.Op.Start), ctx.Minutes(p.Op.End),
                p.Evaluated.SteelHeatKwh / (p.DurationMinutes / 60.0), new Draw(p, false)))
            .ToList();
        foreach (var f in ctx.FurnaceEnergy.Where(f => f.Furnace.Carrier == Carrier.Electric && f.Furnace.HoldingKw > 0))
        {
            var inFurnace = ctx.Placed.Where(p => p.Op.Resource == f.Furnace.Id).OrderBy(p => p.Op.Start).ToList();
            foreach (var w in f.Occupied.Where(w => w.End > w.Start))
            {
                var first = inFurnace.FirstOrDefault(p => p.Op.Start >= w.Start && p.Op.Start < w.End);
                if (first is null) continue;
                loads.Add(new Load<Draw>(ctx.Minutes(w.Start), ctx.Minutes(w.End), f.Furnace.HoldingKw, new Draw(first, true)));
            }
        }
        loads = loads.OrderBy(l => l.StartMinutes).ToList();

        var cap = ctx.Plant.ElectricPowerCapKw;
        foreach (var x in LoadSweep.Excursions(loads, cap, PowerToleranceKw))
            ctx.Add("power_cap", x.Trigger.Placed.Op,
                $"from {Time(ctx.At(x.AtMinutes))} electric furnaces draw up to {Num(x.Peak)} kW, plant cap {Num(cap)} kW ({Drawing(x)})");

        foreach (var inFurnace in loads.GroupBy(l => l.Item.Placed.Op.Resource))
        {
            var furnace = inFurnace.First().Item.Placed.Furnace!;
            foreach (var x in LoadSweep.Excursions(inFurnace.ToList(), furnace.MaxPowerKw, PowerToleranceKw))
                ctx.Add("furnace_power", x.Trigger.Placed.Op,
                    $"from {Time(ctx.At(x.AtMinutes))} {furnace.Id} draws up to {Num(x.Peak)} kW, max {Num(furnace.MaxPowerKw)} kW ({Drawing(x)})");
        }
    }

    private static string Drawing(Excursion<Draw> x) =>
        Names(x.Inside.Select(d => d.Holding
            ? $"holding of {d.Placed.Op.Resource}"
            : $"{d.Placed.Order.Id} step {d.Placed.Op.Step} on {d.Placed.Op.Resource}"));
}
