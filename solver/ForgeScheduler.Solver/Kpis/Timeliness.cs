using ForgeScheduler.Solver.Evaluation;

namespace ForgeScheduler.Solver.Kpis;

internal sealed record TimelinessResult(double WeightedTardinessH, int LateOrders, double MakespanH);

/// <summary>Due-date and makespan KPIs.</summary>
internal static class Timeliness
{
    /// <summary>An order finishing less than this after its due time is not counted late: schedules
    /// written to the minute, and read back through JSON, should not turn on seconds.</summary>
    public const double LateToleranceMinutes = 1.0;

    public static TimelinessResult Compute(DateTimeOffset planStart, IReadOnlyList<EvaluatedOperation> operations)
    {
        double tardiness = 0;
        var late = 0;
        foreach (var order in operations.GroupBy(e => e.Order.Id))
        {
            var o = order.First().Order;
            var completion = order.Max(e => e.Operation.End);
            var lateness = completion - o.Due;
            tardiness += o.Weight * Math.Max(0, lateness.TotalHours);
            if (lateness.TotalMinutes > LateToleranceMinutes) late++;
        }
        var makespan = operations.Count == 0
            ? 0
            : Math.Max(0, (operations.Max(e => e.Operation.End) - planStart).TotalHours);
        return new TimelinessResult(tardiness, late, makespan);
    }
}
