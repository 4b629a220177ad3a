using ForgeScheduler.Solver.Domain;
using static ForgeScheduler.Solver.Validation.ValidationContext;

namespace ForgeScheduler.Solver.Validation;

/// <summary>release, precedence, transfer_window: the order of a piece's steps in time. Checked on
/// every step that is scheduled exactly once, so a missing step elsewhere does not hide these.</summary>
internal static class RouteTimingRules
{
    public static void Check(ValidationContext ctx)
    {
        var max = ctx.Plant.FurnaceToPressMaxMin;
        foreach (var route in ctx.RoutesInBookOrder)
        {
            var order = route.Order;
            if (route.Single(1) is { } first && first.Start < order.Release.AddMinutes(-TimeToleranceMin))
                ctx.Add("release", first,
                    $"first heat starts at {Time(first.Start)}, {Num((order.Release - first.Start).TotalMinutes)} min before the order is released at {Time(order.Release)}");

            for (var s = 2; s <= route.Steps.Count; s++)
            {
                if (route.Single(s - 1) is not { } previous || route.Single(s) is not { } op) continue;
                var gap = (op.Start - previous.End).TotalMinutes;
                if (gap < -TimeToleranceMin)
                    ctx.Add("precedence", op,
                        $"starts at {Time(op.Start)}, {Num(-gap)} min before step {s - 1} ends at {Time(previous.End)} on {previous.Resource}");
                if (route.Steps[s - 1].Kind == OperationKind.Forge && gap > max + TimeToleranceMin)
                    ctx.Add("transfer_window", op,
                        $"forging starts {Num(gap)} min after the heat ends on {previous.Resource} at {Time(previous.End)}; furnace to press allows {Num(max)} min");
            }
        }
    }
}
