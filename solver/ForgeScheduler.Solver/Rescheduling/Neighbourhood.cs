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
            if (with.Count <= max && with.Contains(order)) { chosen.Clear(); chosen.AddRange(with); }
        }
        foreach (var id in weight.Where(kv => movable.Contains(kv.Key)).OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key))
            Take(id);
        if (chosen.Count == 0) return [];

        AddNear(chosen, free, max, Take);
        return chosen;
    }

    /// <summary>Their neighbours on the same resources, nearest in time first, while there is room.</summary>
    private static void AddNear(List<string> chosen, List<ScheduledOperation> free, int max, Action<string> take)
    {
        var mine = free.Where(o => chosen.Contains(o.Order)).ToList();
        var near = free.Where(o => !chosen.Contains(o.Order))
            .Select(o => (o.Order, Gap: mine.Where(m => m.Resource == o.Resource).Select(m => Math.Abs((o.Start - m.End).TotalMinutes)).DefaultIfEmpty(double.MaxValue).Min()))
            .Where(x => x.Gap < 12 * 60)
            .GroupBy(x => x.Order).Select(g => (Order: g.Key, Gap: g.Min(x => x.Gap)))
            .OrderBy(x => x.Gap).ThenBy(x => x.Order, StringComparer.Ordinal).ToList();
        foreach (var (order, _) in near)
        {
            if (chosen.Count >= max) break;
            if (!chosen.Contains(order)) take(order);
        }
    }

    /// <summary>Where the rounds after the first centre their neighbourhoods, most promising first:
    /// orders late in the repair, orders the event changed (the most moved first), orders with work
    /// right after what a cancellation took off a resource (they may close its gap), then every other
    /// order that may still move, in the order of its first free operation — a sweep over the plan
    /// that a fresh optimisation would be free to re-plan too. Moves still pay the stability penalty.</summary>
    public static List<string> Seeds(Floor floor, Schedule repair)
    {
        var diff = ScheduleDiff.Between(floor.Current, repair);
        var free = repair.Operations.Where(o => !o.Interrupted && o.Start >= floor.FreezeEnd).ToList();
        var firstFree = free.GroupBy(o => o.Order).ToDictionary(g => g.Key, g => g.Min(o => o.Start), StringComparer.Ordinal);
        var seeds = new List<string>();
        void Add(IEnumerable<string> ids)
        {
            foreach (var id in ids) if (firstFree.ContainsKey(id) && !seeds.Contains(id)) seeds.Add(id);
        }
        Add(Rescheduler.LateOrders(floor.Book, repair).OrderByDescending(id => floor.Book.Find(id)?.Weight ?? 0).ThenBy(id => id, StringComparer.Ordinal));
        Add(diff.Changes.Where(c => c.Moved || c.Reassigned || c.Added || c.Interrupted)
            .GroupBy(c => c.Order).OrderByDescending(g => g.Sum(c => Math.Abs(c.ShiftMinutes) + (c.Reassigned || c.Added || c.Interrupted ? 60 : 0)))
            .ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key));
        var removed = diff.Changes.Where(c => c.Removed && c.OldResource is not null && c.OldStart is not null).ToList();
        Add(free.Where(o => removed.Any(r => r.OldResource == o.Resource && o.Start >= r.OldStart))
            .OrderBy(o => removed.Where(r => r.OldResource == o.Resource && o.Start >= r.OldStart).Min(r => (o.Start - r.OldStart!.Value).TotalMinutes))
            .ThenBy(o => o.Order, StringComparer.Ordinal).Select(o => o.Order));
        Add(firstFree.OrderBy(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key));
        return seeds;
    }

    /// <summary>A neighbourhood centred on <paramref name="seed"/> in <paramref name="plan"/>: the seed
    /// with its charge mates, then — for a late seed — the orders with free work before its due time
    /// (the ones that can make room for it, lightest first), else its neighbours on the same resources.</summary>
    public static IReadOnlyList<string> AroundSeed(Floor floor, Schedule plan, string seed, int max)
    {
        if (max <= 0) return [];
        var free = plan.Operations.Where(o => !o.Interrupted && o.Start >= floor.FreezeEnd).ToList();
        var chosen = new List<string>();
        void Take(string order)
        {
            var with = WithChargeMates(plan, [.. chosen, order], free);
            if (with.Count <= max && with.Contains(order)) { chosen.Clear(); chosen.AddRange(with); }
        }
        Take(seed);
        if (chosen.Count == 0) return [];
        if (Rescheduler.LateOrders(floor.Book, plan).Contains(seed) && floor.Book.Find(seed) is { } late)
        {
            var before = free.Where(o => !chosen.Contains(o.Order) && o.Start < late.Due)
                .GroupBy(o => o.Order)
                .Select(g => (Order: g.Key, Weight: floor.Book.Find(g.Key)?.Weight ?? 1, First: g.Min(o => o.Start)))
                .OrderBy(x => x.Weight).ThenByDescending(x => x.First).ThenBy(x => x.Order, StringComparer.Ordinal).ToList();
            foreach (var (order, _, _) in before)
            {
                if (chosen.Count >= max) break;
                if (!chosen.Contains(order)) Take(order);
            }
        }
        AddNear(chosen, free, max, Take);
        return chosen;
    }

    /// <summary>Every order that may still move (with whole charges), or nothing when that is more than
    /// <paramref name="max"/>.</summary>
    public static IReadOnlyList<string> Everything(Floor floor, Schedule plan, int max)
    {
        var free = plan.Operations.Where(o => !o.Interrupted && o.Start >= floor.FreezeEnd).ToList();
        var ids = free.Select(o => o.Order).Distinct().Order(StringComparer.Ordinal).ToList();
        var all = WithChargeMates(plan, ids, free);
        return all.Count <= max ? all : [];
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
