using static ForgeScheduler.Solver.Validation.ValidationContext;

namespace ForgeScheduler.Solver.Validation;

/// <summary>press_overlap: a press forges one piece at a time.</summary>
internal static class PressRules
{
    public static void Check(ValidationContext ctx)
    {
        foreach (var onPress in ctx.Placed.Where(p => p.Press is not null).GroupBy(p => p.Op.Resource))
        {
            // Sorted by start, each operation is compared with the one that holds the press longest so
            // far: every operation that overlaps anything is named once, in O(n log n).
            PlacedOperation? holder = null;
            foreach (var p in onPress.OrderBy(p => p.Op.Start).ThenBy(p => p.Op.End))
            {
                if (holder is not null && p.Op.Start < holder.Op.End.AddMinutes(-TimeToleranceMin))
                {
                    var overlap = (Min(p.Op.End, holder.Op.End) - p.Op.Start).TotalMinutes;
                    ctx.Add("press_overlap", p.Op,
                        $"forges {Span(p.Op)} while order {holder.Order.Id} step {holder.Op.Step} is on the press until {Time(holder.Op.End)} ({Num(overlap)} min overlap)");
                }
                if (holder is null || p.Op.End > holder.Op.End) holder = p;
            }
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
