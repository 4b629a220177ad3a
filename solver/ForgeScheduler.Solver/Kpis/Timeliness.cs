using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Evaluation;

namespace ForgeScheduler.Solver.Kpis;

internal sealed record TimelinessResult(double WeightedTardinessH, int LateOrders, double MakespanH);

/// <summary>Due-date and makespan KPIs.</summary>
internal static class Timeliness
{

    public static TimelinessResult Compute(DateTimeOffset planStart, IReadOnlyList<EvaluatedOperation> operations)
    {
        double tardiness = 0;
        var late = 0;
        foreach (var order in operations.GroupBy(e => e.Order.Id))
        {
            var o = order.First().Order;
            var completion = order.Max(e => e.Operation.End);
            tardiness += o.Weight * Lateness.TardinessHours(completion, o.Due);
            if (Lateness.IsLate(completion, o.Due)) late++;
        }
        var makespan = operations.Count == 0
            ? 0
            : Math.Max(0, (operations.Max(e => e.Operation.End) - planStart).TotalHours);
        return new TimelinessResult(tardiness, late, makespan);
    }
}
