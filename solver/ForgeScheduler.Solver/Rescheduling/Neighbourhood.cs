using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Solver.Rescheduling;

/// <summary>Which orders CP-SAT may re-plan around a repair: those the repair changed or that are late
/// (late ones first, then the most moved), the other pieces of their heat-treatment charges, and — if
/// there is room — orders with work right after theirs on the same resources, so there is something to
/// make room with. Everything else stays exactly as the repair put it.</summary>
internal static class Neighbourhood
{
    public static IReadOnlyList<string> Around(Floor floor, Schedule repair, int max)
    {
        if (max <= 0) return [];
        var diff = ScheduleDiff.Between(floor.Current, repair);
        var late = Rescheduler.LateOrders(floor.Book, repair);
        var weight = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var c in diff.Changes.Where(c => c.Moved || c.Reassigned || c.Added || c.Interrupted))
            weight[c.Order] = weight.GetValueOrDefault(c.Order) + Math.Abs(c.ShiftMinutes) + (c.Reassigned || c.Added || c.Interrupted ? 60 : 0);
        foreach (var id in late) weight[id] = weight.GetValueOrDefault(id) + 1e6;
        var free = repair.Operations.Where(o => !o.Interrupted && o.Start >= floor.FreezeEnd).ToList();
        var movable = free.Select(o => o.Order).ToHashSet(StringComparer.Ordinal);
        var chosen = new List<string>();
        void Take(string order)
        {
            // An order comes with its charge mates, or not at all if that would make too many.
            var with = WithChargeMates(repair, [.. chosen, order], free);
            if (with.Count <= max && with.Contains(order)) chosen = with;
        }
        foreach (var id in weight.Where(kv => movable.Contains(kv.Key)).OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key))
            Take(id);
        if (chosen.Count == 0) return [];

        // Their neighbours on the same resources, nearest in time first.
        var mine = free.Where(o => chosen.Contains(o.Order)).ToList();
        var near = free.Where(o => !chosen.Contains(o.Order))
            .Select(o => (o.Order, Gap: mine.Where(m => m.Resource == o.Resource).Select(m => Math.Abs((o.Start - m.End).TotalMinutes)).DefaultIfEmpty(double.MaxValue).Min()))
            .Where(x => x.Gap < 12 * 60)
            .GroupBy(x => x.Order).Select(g => (Order: g.Key, Gap: g.Min(x => x.Gap)))
            .OrderBy(x => x.Gap).ThenBy(x => x.Order, StringComparer.Ordinal).ToList();
        foreach (var (order, _) in near)
        {
            if (chosen.Count >= max) break;
            if (!chosen.Contains(order)) Take(order);
        }
        return chosen;
    }

    /// <summary>Closes the set over heat-treatment charges: CP-SAT re-plans a charge only with all its
    /// pieces (it cannot add a piece to a charge it takes as fixed). An order whose charge holds a piece
    /// that may not move (started, or in the freeze window) is left out.</summary>
    public static List<string> WithChargeMates(Schedule repair, List<string> orders, List<ScheduledOperation> free)
    {
        var chosen = orders.ToHashSet(StringComparer.Ordinal);
        var freeKeys = free.Select(o => (o.Order, o.Step, o.Start)).ToHashSet();
        var charges = repair.Operations.Where(o => o.Kind == OperationKind.HeatTreat && !o.Interrupted)
            .GroupBy(o => (o.Resource, o.Charge)).Select(g => g.ToList()).ToList();
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var charge in charges.Where(c => c.Any(o => chosen.Contains(o.Order))))
            {
                if (charge.All(o => freeKeys.Contains((o.Order, o.Step, o.Start))))
                {
                    foreach (var o in charge) changed |= chosen.Add(o.Order);
                }
                else
                {
                    foreach (var o in charge) changed |= chosen.Remove(o.Order);
                }
            }
        }
        return orders.Concat(chosen).Distinct().Where(chosen.Contains).ToList();
    }
}
