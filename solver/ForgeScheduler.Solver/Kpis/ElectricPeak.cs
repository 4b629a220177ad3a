using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Evaluation;

namespace ForgeScheduler.Solver.Kpis;

/// <summary>Highest electric power drawn by furnaces together.</summary>
internal static class ElectricPeak
{
    /// <summary>The furnace power draw of a schedule as the power cap sees it (validator's power rules
    /// and this KPI alike): each electric furnace operation draws its steel heat evenly over
    /// [start, end), and each electric furnace draws its holding power while loaded. Presses, and the
    /// holding of an empty furnace kept hot, are left out (docs/kpis.md). Zero-length operations draw
    /// nothing over time.</summary>
    public static IEnumerable<(EvaluatedOperation? Operation, Furnace Furnace, DateTimeOffset Start, DateTimeOffset End, double Kw)> Draws(
        Plant plant, IReadOnlyList<EvaluatedOperation> operations, IReadOnlyList<FurnaceEnergy> furnaces)
    {
        foreach (var e in operations)
        {
            var op = e.Operation;
            var hours = (op.End - op.Start).TotalHours;
            if (e.Carrier != Carrier.Electric || hours <= 0 || plant.FindFurnace(op.Resource) is not { } furnace) continue;
            yield return (e, furnace, op.Start, op.End, e.SteelHeatKwh / hours);
        }
        foreach (var f in furnaces.Where(f => f.Furnace.Carrier == Carrier.Electric && f.Furnace.HoldingKw > 0))
            foreach (var w in f.Occupied.Where(w => w.End > w.Start))
                yield return (null, f.Furnace, w.Start, w.End, f.Furnace.HoldingKw);
    }

    public static double Kw(Plant plant, IReadOnlyList<EvaluatedOperation> operations, IReadOnlyList<FurnaceEnergy> furnaces)
    {
        var steps = new List<(DateTimeOffset At, double DeltaKw)>();
        foreach (var d in Draws(plant, operations, furnaces))
        {
            steps.Add((d.Start, d.Kw));
            steps.Add((d.End, -d.Kw));
        }
        // Ends before starts at the same instant: [start, end) windows that touch do not overlap.
        double now = 0, peak = 0;
        foreach (var (_, delta) in steps.OrderBy(s => s.At).ThenBy(s => s.DeltaKw))
        {
            now += delta;
            peak = Math.Max(peak, now);
        }
        return peak;
    }
}
