using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Kpis;

namespace ForgeScheduler.Cluster.Grains;

internal static class ScheduleDiff
{
    /// <summary>Moves shorter than this are noise from rounding, not a change the floor would notice.</summary>
    private static readonly TimeSpan MoveThreshold = TimeSpan.FromMinutes(1);

    public static ScheduleDiffSummary Between(Schedule? previous, Schedule next)
    {
        var before = previous?.Operations.ToDictionary(o => (o.Order, o.Step)) ?? [];
        int moved = 0, reassigned = 0, added = 0, unchanged = 0;
        var seen = new HashSet<(string, int)>();
        foreach (var op in next.Operations)
        {
            seen.Add((op.Order, op.Step));
            if (!before.TryGetValue((op.Order, op.Step), out var old)) added++;
            else if (old.Resource != op.Resource) reassigned++;
            else if ((old.Start - op.Start).Duration() >= MoveThreshold) moved++;
            else unchanged++;
        }
        var removed = before.Keys.Count(k => !seen.Contains(k));
        return new ScheduleDiffSummary { Moved = moved, Reassigned = reassigned, Added = added, Removed = removed, Unchanged = unchanged };
    }

    public static KpiSnapshot Snapshot(KpiReport k, int version) => new()
    {
        Version = version,
        Tonnes = k.Tonnes,
        EnergyKwh = k.EnergyKwh,
        EnergyKwhPerT = k.EnergyKwhPerT,
        Co2Kg = k.Co2Kg,
        Co2KgPerT = k.Co2KgPerT,
        HotChargeRatio = k.HotChargeRatio,
        HotTransferRatio = k.HotTransferRatio,
        WeightedTardinessH = k.WeightedTardinessH,
        LateOrders = k.LateOrders,
        MakespanH = k.MakespanH,
        EnergyCost = k.EnergyCost,
        PeakElectricKw = k.PeakElectricKw,
    };

    /// <summary>A resource's charges in a schedule, in time order: operations sharing a charge id go together.</summary>
    public static IReadOnlyList<PlannedCharge> ChargesOn(Schedule schedule, string resource) =>
        schedule.Operations.Where(o => o.Resource == resource)
            .GroupBy(o => o.Charge)
            .Select(g => new PlannedCharge
            {
                Charge = g.Key,
                Operations = g.OrderBy(o => o.Order, StringComparer.Ordinal).ThenBy(o => o.Step)
                    .Select(o => new OperationRef { Order = o.Order, Step = o.Step }).ToList(),
                Start = g.Min(o => o.Start),
                End = g.Max(o => o.End),
            })
            .OrderBy(c => c.Start).ThenBy(c => c.Charge, StringComparer.Ordinal)
            .ToList();
}
