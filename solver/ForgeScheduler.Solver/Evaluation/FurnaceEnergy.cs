using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Kpis;
using ForgeScheduler.Solver.Physics;

namespace ForgeScheduler.Solver.Evaluation;

/// <summary>A stretch between two occupied periods of a furnace (or, for a furnace hot at plan start,
/// between the plan start and its first use), costed by the gap rule: kept hot at holding power, or
/// let go cold and restarted, whichever is cheaper.</summary>
public sealed record FurnaceGap(DateTimeOffset Start, DateTimeOffset End, double EnergyKwh, bool KeptHot)
{
    public double Hours => (End - Start).TotalHours;
}

/// <summary>What one furnace costs besides the steel heat of its pieces (DESIGN.md, furnace energy
/// v2): holding power for every hour it is loaded (<see cref="HoldingKwh"/>, shared among the pieces
/// inside by mass), the gap rule between occupied periods (<see cref="Gaps"/>), and a cold start
/// before its first use unless it was hot at plan start. Nothing after its last operation.</summary>
public sealed record FurnaceEnergy(
    Furnace Furnace,
    bool HotAtStart,
    IReadOnlyList<TimeWindow> Occupied,
    IReadOnlyList<FurnaceGap> Gaps,
    double HoldingKwh,
    bool InitialColdStart)
{
    public double LoadedHours => TimeWindow.TotalHours(Occupied);

    /// <summary>Hours the furnace is hot: loaded, or empty and kept hot across a gap.</summary>
    public double HotHours => LoadedHours + HotIdleHours;

    public double HotIdleHours => Gaps.Where(g => g.KeptHot).Sum(g => g.Hours);

    public double GapKwh => Gaps.Sum(g => g.EnergyKwh);

    /// <summary>The cold start before the first use (restart_kWh), zero when hot at start or unused.</summary>
    public double ColdStartKwh => InitialColdStart ? Furnace.RestartKwh : 0;

    /// <summary>Cold starts: the first one, plus every gap let go cold and restarted.</summary>
    public int ColdStarts => (InitialColdStart ? 1 : 0) + Gaps.Count(g => !g.KeptHot);

    public double TotalKwh => HoldingKwh + GapKwh + ColdStartKwh;
}

/// <summary>Furnace energy v2 for a whole schedule: occupied periods, gaps and cold starts per furnace,
/// and each operation's share (by mass) of the holding while it is inside. One place: the KPIs, the
/// validator's power rules, schedule.json and the reports all read it.</summary>
internal static class FurnaceEnergyCalculator
{
    public static (IReadOnlyList<FurnaceEnergy> Furnaces, Dictionary<EvaluatedOperation, double> HoldingShares) Compute(
        Plant plant, OrderBook book, IReadOnlyList<EvaluatedOperation> operations)
    {
        var shares = new Dictionary<EvaluatedOperation, double>(ReferenceEqualityComparer.Instance);
        var furnaces = new List<FurnaceEnergy>();
        var byResource = operations.GroupBy(e => e.Operation.Resource).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var furnace in plant.Furnaces)
        {
            if (!byResource.TryGetValue(furnace.Id, out var inside)) continue;
            var hotAtStart = book.IsHotAtStart(furnace.Id);
            var occupied = TimeWindow.Union(inside.Select(e => new TimeWindow(e.Operation.Start, e.Operation.End)));
            var gaps = new List<FurnaceGap>();
            if (hotAtStart && occupied[0].Start > book.PlanStart)
                gaps.Add(Gap(furnace, book.PlanStart, occupied[0].Start));
            foreach (var gap in TimeWindow.Gaps(occupied)) gaps.Add(Gap(furnace, gap.Start, gap.End));
            ShareHolding(furnace, inside, shares);
            furnaces.Add(new FurnaceEnergy(furnace, hotAtStart, occupied, gaps,
                ThermalPhysics.HoldingKwh(furnace, TimeWindow.TotalHours(occupied)), InitialColdStart: !hotAtStart));
        }
        return (furnaces, shares);
    }

    private static FurnaceGap Gap(Furnace furnace, DateTimeOffset start, DateTimeOffset end)
    {
        var choice = ThermalPhysics.IdleCost(furnace.HoldingKw, furnace.RestartKwh, (end - start).TotalHours);
        return new FurnaceGap(start, end, choice.EnergyKwh, choice.KeptHot);
    }

    /// <summary>Sweeps the furnace's operations: in every stretch where the same pieces are inside,
    /// holding power × stretch is split among them by mass. The shares add up to holding × loaded hours.</summary>
    private static void ShareHolding(Furnace furnace, List<EvaluatedOperation> inside, Dictionary<EvaluatedOperation, double> shares)
    {
        foreach (var e in inside) shares[e] = 0;
        if (furnace.HoldingKw <= 0) return;
        var events = new List<(DateTimeOffset At, int Delta, int Index)>(inside.Count * 2);
        for (var i = 0; i < inside.Count; i++)
        {
            var op = inside[i].Operation;
            if (op.End <= op.Start) continue;
            events.Add((op.Start, +1, i));
            events.Add((op.End, -1, i));
        }
        // Ends before starts at the same instant: a piece leaving as the next enters shares nothing.
        events.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Delta.CompareTo(b.Delta));
        var active = new List<int>();
        double activeMass = 0;
        DateTimeOffset? from = null;
        foreach (var (at, delta, index) in events)
        {
            if (from is { } f && at > f && active.Count > 0)
            {
                var kwh = furnace.HoldingKw * (at - f).TotalHours;
                foreach (var i in active)
                    shares[inside[i]] += activeMass > 0 ? kwh * inside[i].Order.MassTonnes / activeMass : kwh / active.Count;
            }
            from = at;
            if (delta > 0)
            {
                active.Add(index);
                activeMass += inside[index].Order.MassTonnes;
            }
            else
            {
                active.Remove(index);
                activeMass -= inside[index].Order.MassTonnes;
                if (active.Count == 0) activeMass = 0; // no float residue between occupied periods
            }
        }
    }
}
