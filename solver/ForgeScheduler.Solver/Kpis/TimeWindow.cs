namespace ForgeScheduler.Solver.Kpis;

/// <summary>A half-open span of time [Start, End).</summary>
public readonly record struct TimeWindow(DateTimeOffset Start, DateTimeOffset End)
{
    public double Hours => (End - Start).TotalHours;

    /// <summary>Merges windows that overlap or touch into disjoint windows in time order (the
    /// occupied periods of a resource); a window that only touches the next leaves no gap.</summary>
    public static IReadOnlyList<TimeWindow> Union(IEnumerable<TimeWindow> windows)
    {
        var merged = new List<TimeWindow>();
        foreach (var w in windows.OrderBy(w => w.Start).ThenBy(w => w.End))
        {
            if (merged.Count > 0 && w.Start <= merged[^1].End)
            {
                var last = merged[^1];
                if (w.End > last.End) merged[^1] = last with { End = w.End };
            }
            else
            {
                merged.Add(w);
            }
        }
        return merged;
    }

    /// <summary>The gaps between consecutive windows of a union.</summary>
    public static IEnumerable<TimeWindow> Gaps(IReadOnlyList<TimeWindow> union)
    {
        for (var i = 1; i < union.Count; i++) yield return new TimeWindow(union[i - 1].End, union[i].Start);
    }

    public static double TotalHours(IEnumerable<TimeWindow> windows) => windows.Sum(w => w.Hours);
}
