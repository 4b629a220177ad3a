using ForgeScheduler.Solver.Domain;
using static ForgeScheduler.Solver.Validation.ValidationContext;

namespace ForgeScheduler.Solver.Validation;

/// <summary>batch_sync, batch_group, batch_capacity, batch_overlap: a heat-treatment furnace runs
/// charges; all pieces of one charge start and end together, hold one batching group and fit the
/// furnace, and different charges on one furnace do not overlap.</summary>
internal static class BatchRules
{
    public static void Check(ValidationContext ctx)
    {
        foreach (var inFurnace in ctx.Placed.Where(p => p.Furnace?.Kind == FurnaceKind.HeatTreatment).GroupBy(p => p.Op.Resource))
        {
            var furnace = inFurnace.First().Furnace!;
            var charges = inFurnace.GroupBy(p => p.Op.Charge).Select(g => g.ToList()).ToList();
            foreach (var charge in charges)
            {
                CheckSync(ctx, charge);
                CheckGroup(ctx, charge);
                CheckCapacity(ctx, furnace, charge);
            }
            CheckOverlap(ctx, charges);
        }
    }

    private static void CheckSync(ValidationContext ctx, List<PlacedOperation> charge)
    {
        var first = charge[0].Op;
        foreach (var p in charge.Skip(1))
        {
            var startDiff = Math.Abs((p.Op.Start - first.Start).TotalMinutes);
            var endDiff = Math.Abs((p.Op.End - first.End).TotalMinutes);
            if (startDiff > TimeToleranceMin || endDiff > TimeToleranceMin)
                ctx.Add("batch_sync", p.Op,
                    $"charge {p.Op.Charge} runs {Span(p.Op)} for this piece but {Span(first)} for order {first.Order}; a charge starts and ends together");
        }
    }

    private static void CheckGroup(ValidationContext ctx, List<PlacedOperation> charge)
    {
        // Unknown recipes are capable_resource's to name.
        var grouped = charge.Where(p => ctx.Recipes.ContainsKey(p.Order.HeatTreatment)).ToList();
        if (grouped.Count == 0) return;
        var first = grouped[0];
        var group = ctx.Recipes[first.Order.HeatTreatment].Group;
        foreach (var p in grouped.Skip(1))
        {
            var recipe = ctx.Recipes[p.Order.HeatTreatment];
            if (recipe.Group != group)
                ctx.Add("batch_group", p.Op,
                    $"charge {p.Op.Charge} mixes group '{recipe.Group}' (recipe {recipe.Id}) with group '{group}' of order {first.Order.Id} (recipe {first.Order.HeatTreatment})");
        }
    }

    private static void CheckCapacity(ValidationContext ctx, Furnace furnace, List<PlacedOperation> charge)
    {
        double tonnes = 0;
        var pieces = 0;
        PlacedOperation? overflow = null;
        foreach (var p in charge)
        {
            tonnes += p.Order.MassTonnes;
            pieces++;
            if (overflow is null && (tonnes > furnace.CapacityTonnes + 1e-9 || pieces > furnace.CapacityPieces)) overflow = p;
        }
        if (overflow is not null)
            ctx.Add("batch_capacity", overflow.Op,
                $"charge {overflow.Op.Charge} holds {pieces} pieces, {Num(tonnes)} t; {furnace.Id} takes {furnace.CapacityPieces} pieces, {Num(furnace.CapacityTonnes)} t (orders: {Names(charge.Select(p => p.Order.Id))})");
    }

    private static void CheckOverlap(ValidationContext ctx, List<List<PlacedOperation>> charges)
    {
        var spans = charges
            .Select(c => (Charge: c, Start: c.Min(p => p.Op.Start), End: c.Max(p => p.Op.End)))
            .OrderBy(s => s.Start)
            .ToList();
        (List<PlacedOperation> Charge, DateTimeOffset Start, DateTimeOffset End)? holder = null;
        foreach (var s in spans)
        {
            if (holder is { } h && s.Start < h.End.AddMinutes(-TimeToleranceMin))
            {
                var op = s.Charge[0].Op;
                var overlap = ((s.End < h.End ? s.End : h.End) - s.Start).TotalMinutes;
                ctx.Add("batch_overlap", op,
                    $"charge {op.Charge} ({Time(s.Start)} – {Time(s.End)}) overlaps charge {h.Charge[0].Op.Charge} ({Time(h.Start)} – {Time(h.End)}) by {Num(overlap)} min");
            }
            if (holder is not { } k || s.End > k.End) holder = s;
        }
    }
}
