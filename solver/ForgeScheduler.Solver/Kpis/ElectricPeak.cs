using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Evaluation;

namespace ForgeScheduler.Solver.Kpis;

/// <summary>Highest electric power drawn by furnace operations together.</summary>
internal static class ElectricPeak
{
    /// <summary>Each electric furnace operation draws energy/duration kW over [start, end); an HT
    /// batch is the sum of its pieces. Presses and idle draws are left out, as for the power cap.
    /// Operations of zero length draw no power over time and are skipped.</summary>
    public static double Kw(Plant plant, IReadOnlyList<EvaluatedOperation> operations)
    {
        var steps = new List<(DateTimeOffset At, double DeltaKw)>();
        foreach (var e in operations)
        {
            var op = e.Operation;
            var hours = (op.End - op.Start).TotalHours;
            if (e.Carrier != Carrier.Electric || hours <= 0 || plant.FindFurnace(op.Resource) is null) continue;
            var kw = e.EnergyKwh / hours;
            steps.Add((op.Start, kw));
            steps.Add((op.End, -kw));
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
