using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Kpis;
using ForgeScheduler.Solver.Rescheduling;

namespace ForgeScheduler.Cluster.Grains;

/// <summary>What the plant grain publishes about a schedule version: the diff summary (from the
/// solver's one <see cref="ScheduleDiff"/>), the KPI snapshot and each resource's charges.</summary>
internal static class ScheduleViews
{
    public static ScheduleDiffSummary Summary(ScheduleDiff d) => new()
    {
        Moved = d.Moved,
        Reassigned = d.Reassigned,
        Added = d.Added,
        Removed = d.Removed,
        Unchanged = d.Unchanged,
        Changed = d.Changed,
        Interrupted = d.Interrupted,
    };

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
