namespace ForgeScheduler.Solver.Validation;

/// <summary>Something that adds <see cref="Amount"/> to a load while it runs, in minutes after the
/// context origin.</summary>
internal readonly record struct Load<T>(double StartMinutes, double EndMinutes, double Amount, T Item);

/// <summary>A stretch of time during which the load stays above the limit: the item whose start
/// pushed it over, when, the highest load reached and the items running at that peak.</summary>
internal sealed record Excursion<T>(T Trigger, double AtMinutes, double Peak, IReadOnlyList<T> Inside);

/// <summary>Sort + sweep over start and end events, O(n log n): one excursion per stretch above the
/// limit rather than one per pair, so a crowded furnace reads as one problem, not dozens.</summary>
internal static class LoadSweep
{
    public static IReadOnlyList<Excursion<T>> Excursions<T>(IReadOnlyList<Load<T>> loads, double limit, double epsilon)
    {
        // An interval ends TimeTolerance early, and ends sort before starts at the same instant, so a
        // piece leaving as the next one enters never counts twice.
        var events = new List<(double At, int IsStart, int Index)>(loads.Count * 2);
        for (var i = 0; i < loads.Count; i++)
        {
            var end = loads[i].EndMinutes - ValidationContext.TimeToleranceMin;
            if (end <= loads[i].StartMinutes) continue;
            events.Add((loads[i].StartMinutes, 1, i));
            events.Add((end, 0, i));
        }
        events.Sort();

        var result = new List<Excursion<T>>();
        var active = new HashSet<int>();
        double load = 0;
        Excursion<T>? current = null;
        foreach (var (at, isStart, index) in events)
        {
            if (isStart == 0)
            {
                load -= loads[index].Amount;
                active.Remove(index);
                if (current is not null && load <= limit + epsilon)
                {
                    result.Add(current);
                    current = null;
                }
                continue;
            }
            load += loads[index].Amount;
            active.Add(index);
            if (load <= limit + epsilon) continue;
            if (current is null || load > current.Peak)
            {
                var inside = active.Order().Select(i => loads[i].Item).ToList();
                current = current is null
                    ? new Excursion<T>(loads[index].Item, at, load, inside)
                    : current with { Peak = load, Inside = inside };
            }
        }
        if (current is not null) result.Add(current);
        return result;
    }
}
