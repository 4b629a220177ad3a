using ForgeScheduler.Solver.Domain;
using static ForgeScheduler.Solver.Validation.ValidationContext;

namespace ForgeScheduler.Solver.Validation;

/// <summary>furnace_capacity: a heating furnace is a cumulative resource; at every instant the pieces
/// inside total at most capacity_t tonnes and capacity_pieces pieces.</summary>
internal static class HeatingFurnaceRules
{
    public static void Check(ValidationContext ctx)
    {
        foreach (var inFurnace in ctx.Placed.Where(p => p.Furnace?.Kind == FurnaceKind.Heating).GroupBy(p => p.Op.Resource))
        {
            var furnace = inFurnace.First().Furnace!;
            var ops = inFurnace.OrderBy(p => p.Op.Start).ToList();
            Report(ctx, furnace, Loads(ctx, ops, p => p.Order.MassTonnes), furnace.CapacityTonnes, "t", 1);
            Report(ctx, furnace, Loads(ctx, ops, _ => 1.0), furnace.CapacityPieces, "pieces", 0);
        }
    }

    private static List<Load<PlacedOperation>> Loads(ValidationContext ctx, List<PlacedOperation> ops, Func<PlacedOperation, double> amount) =>
        ops.Select(p => new Load<PlacedOperation>(ctx.Minutes(p.Op.Start), ctx.Minutes(p.Op.End), amount(p), p)).ToList();

    private static void Report(ValidationContext ctx, Furnace furnace, List<Load<PlacedOperation>> loads, double capacity, string unit, int decimals)
    {
        foreach (var x in LoadSweep.Excursions(loads, capacity, 1e-9))
            ctx.Add("furnace_capacity", x.Trigger.Op,
                $"from {Time(ctx.At(x.AtMinutes))} {furnace.Id} holds up to {Num(x.Peak, decimals)} {unit}, capacity {Num(capacity, decimals)} {unit} (inside: {Names(x.Inside.Select(p => p.Order.Id))})");
    }
}
