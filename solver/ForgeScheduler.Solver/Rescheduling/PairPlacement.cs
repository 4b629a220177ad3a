using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Solver.Rescheduling;

/// <summary>A heat and the forging that follows it, as a repair places them.</summary>
internal sealed record PairChoice(Furnace Furnace, int HeatStart, int HeatEnd, Press Press, int ForgeStart, int ForgeEnd, double Cost);

/// <summary>Places one heat with its forging (the transfer window ties them): the plan in force kept
/// when it still fits, else the cheapest of the capable furnace × press pairs at their earliest fit —
/// cheapest by the stability penalty, the energy's price and the lateness it risks, all in the
/// objective's kg-CO2-equivalent.</summary>
internal static class PairPlacement
{
    private const int MaxSteps = 400;

    /// <summary>The plan in force for this pair, if it still fits exactly (same resources, times, and a
    /// heat at least as long as physics now requires).</summary>
    public static PairChoice? Keep(RepairContext ctx, Order order, int heatIndex, ScheduledOperation heat, ScheduledOperation forge, int ready)
    {
        var furnace = ctx.Plant.FindFurnace(heat.Resource);
        var press = ctx.Plant.FindPress(forge.Resource);
        if (furnace is null || press is null) return null;
        var (hs, he, fs) = (ctx.Minute(heat.Start), ctx.MinuteCeil(heat.End), ctx.Minute(forge.Start));
        var fe = ctx.MinuteCeil(forge.End);
        if (hs < ready || fs < he || fs > he + ctx.TransferMinutes) return null;
        if (fe - fs < Math.Ceiling(order.Heats[heatIndex].PressMinutes - 0.5)) return null;
        var probe = ctx.Probe(order, heat);
        if (probe.RequiredMinutes > (heat.End - heat.Start).TotalMinutes + 0.5) return null;
        var kw = ctx.PowerKw(order, heat);
        if (ctx.Board.HeatingFurnaceBlockedUntil(furnace, hs, he, order.MassTonnes, kw) is not null) return null;
        if (ctx.Board.EarliestFreeStart(press.Id, fs, fe - fs) != fs) return null;
        return new PairChoice(furnace, hs, he, press, fs, fe, 0);
    }

    /// <summary>The cheapest placement from minute <paramref name="ready"/> on. With
    /// <paramref name="planned"/> given, also the right shift on its own furnace and press (the heat no
    /// earlier than it was, the forging no earlier than it was), which is all a frozen pair may do.</summary>
    public static PairChoice? Best(RepairContext ctx, Order order, int heatIndex, int ready,
        (ScheduledOperation Heat, ScheduledOperation Forge)? planned, bool onlyPlannedResources)
    {
        var heat = order.Heats[heatIndex];
        PairChoice? best = null;
        void Consider(PairChoice? c)
        {
            if (c is not null && (best is null || c.Cost < best.Cost - 1e-9)) best = c;
        }
        if (planned is { } p && ctx.Plant.FindFurnace(p.Heat.Resource) is { } f0 && ctx.Plant.FindPress(p.Forge.Resource) is { } p0)
            Consider(Search(ctx, order, heatIndex, f0, p0, Math.Max(ready, ctx.Minute(p.Heat.Start)), ctx.Minute(p.Forge.Start), planned));
        if (!onlyPlannedResources || best is null)
        {
            var since = ctx.LastExit(order);
            foreach (var f in ctx.Plant.HeatingFurnaces.Where(f => Capability.CanHeat(f, order, heat)))
                foreach (var pr in ctx.Plant.Presses.Where(pr => Capability.CanForge(pr, order, heat)))
                    Consider(Search(ctx, order, heatIndex, f, pr, ready, 0, planned, since));
        }
        return best;
    }

    /// <summary>Earliest fit of the pair on one furnace and one press: the heat as long as physics (and
    /// the model's band) needs, the forging within the transfer window after it; when the press is busy
    /// the heat starts later so the piece comes out as the press frees (a later start costs some heat,
    /// holding it hot in the furnace would cost more).</summary>
    private static PairChoice? Search(RepairContext ctx, Order order, int heatIndex, Furnace furnace, Press press, int from, int forgeFrom,
        (ScheduledOperation Heat, ScheduledOperation Forge)? planned, (DateTimeOffset End, double ExitC)? since = null)
    {
        since ??= ctx.LastExit(order);
        var pressMinutes = (int)Math.Ceiling(order.Heats[heatIndex].PressMinutes);
        var window = ctx.TransferMinutes;
        var t = from;
        for (var guard = 0; guard < MaxSteps; guard++)
        {
            var (minutes, _) = ctx.HeatMinutes(order, heatIndex, t, since);
            var heatEnd = t + minutes;
            var forgeStart = ctx.Board.EarliestFreeStart(press.Id, Math.Max(heatEnd, forgeFrom), pressMinutes);
            if (forgeStart > heatEnd + window)
            {
                // Start later so the heat ends within the window before the press frees.
                var later = FirstStartEndingBy(ctx, order, heatIndex, t + 1, forgeStart - window, since);
                if (later > t)
                {
                    t = later;
                    continue;
                }
            }
            var heatOp = ctx.Operation(order, 2 * heatIndex + 1, OperationKind.Heat, furnace.Id, "", t, heatEnd);
            var kw = ctx.PowerKw(order, heatOp);
            if (ctx.Board.HeatingFurnaceBlockedUntil(furnace, t, heatEnd, order.MassTonnes, kw) is { } until)
            {
                if (until == int.MaxValue) return null;
                t = Math.Max(t + 1, until);
                continue;
            }
            var cost = ctx.MoveCost(planned?.Heat, furnace.Id, t) + ctx.MoveCost(planned?.Forge, press.Id, forgeStart)
                       + ctx.EnergyCost(order, heatOp) + LatenessCost(ctx, order, heatIndex, forgeStart + pressMinutes)
                       // New work: every minute of delay is a minute of stability's worth, so earlier wins among equals.
                       + (planned is null ? ctx.Options.StabilityKgPerMinuteMoved * (forgeStart - from) : 0);
            return new PairChoice(furnace, t, heatEnd, press, forgeStart, forgeStart + pressMinutes, cost);
        }
        return null;
    }

    /// <summary>Smallest start ≥ <paramref name="from"/> whose heat ends at or after <paramref name="target"/>
    /// (start + minutes grows with the start: a later start never means a shorter heat).</summary>
    private static int FirstStartEndingBy(RepairContext ctx, Order order, int heatIndex, int from, int target, (DateTimeOffset End, double ExitC)? since)
    {
        int lo = from, hi = Math.Max(from, target);
        while (lo < hi)
        {
            var mid = lo + (hi - lo) / 2;
            if (mid + ctx.HeatMinutes(order, heatIndex, mid, since).Minutes >= target) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }

    /// <summary>A lower bound of the order's lateness if this forging ends at <paramref name="forgeEnd"/>:
    /// what is left of its route (later heats from cold, forgings, cooling to the recipe's limit and
    /// its cycle), priced as the objective prices tardiness.</summary>
    private static double LatenessCost(RepairContext ctx, Order order, int heatIndex, int forgeEnd)
    {
        var recipe = ctx.Plant.FindRecipe(order.HeatTreatment);
        double rest = recipe is null ? 0 : recipe.CycleHours * 60;
        for (var i = heatIndex + 1; i < order.Heats.Count; i++) rest += order.Heats[i].PressMinutes;
        return ctx.TardinessCost(order, forgeEnd + (int)rest);
    }
}
