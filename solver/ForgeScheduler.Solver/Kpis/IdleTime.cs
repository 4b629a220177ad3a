using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Evaluation;
using ForgeScheduler.Solver.Physics;

namespace ForgeScheduler.Solver.Kpis;

/// <summary>Idle energy draws and the idle hours a KPI counts (furnaces: hours kept hot; presses:
/// idle hours within shifts).</summary>
internal sealed record IdleResult(IReadOnlyList<EnergyDraw> Draws, double Hours);

/// <summary>Idle running of furnaces and presses between their operations.</summary>
internal static class IdleTime
{
    /// <summary>Per furnace (Evaluation/FurnaceEnergy): holding while loaded, drawn over each occupied
    /// period; every gap by the gap rule, drawn over the gap; the cold start before the first use of a
    /// furnace not hot at plan start, drawn at that first start (it has no span of its own in the
    /// plan). Hours: empty but kept hot.</summary>
    public static IdleResult Furnaces(IReadOnlyList<FurnaceEnergy> furnaces)
    {
        var draws = new List<EnergyDraw>();
        double hotIdleHours = 0;
        foreach (var f in furnaces)
        {
            var furnace = f.Furnace;
            if (f.InitialColdStart)
            {
                var first = f.Occupied[0].Start;
                draws.Add(new EnergyDraw(furnace.Id, true, furnace.Carrier, EnergyUse.FurnaceColdStart, furnace.RestartKwh, first, first));
            }
            foreach (var w in f.Occupied)
                draws.Add(new EnergyDraw(furnace.Id, true, furnace.Carrier, EnergyUse.FurnaceHolding, ThermalPhysics.HoldingKwh(furnace, w.Hours), w.Start, w.End));
            foreach (var gap in f.Gaps)
                draws.Add(new EnergyDraw(furnace.Id, true, furnace.Carrier, gap.KeptHot ? EnergyUse.FurnaceIdle : EnergyUse.FurnaceColdStart,
                    gap.EnergyKwh, gap.Start, gap.End));
            hotIdleHours += f.HotIdleHours;
        }
        return new IdleResult(draws, hotIdleHours);
    }

    /// <summary>Shifts are consecutive blocks of plant.ShiftHours from the plan start; a forge
    /// operation belongs to the shift it starts in. Within a shift a press idles in the gaps between
    /// its forging periods (first start to last end, minus the time forging), at its idle power,
    /// electric, drawn over each gap.</summary>
    public static IdleResult Presses(Plant plant, DateTimeOffset planStart, IReadOnlyList<EvaluatedOperation> operations)
    {
        var draws = new List<EnergyDraw>();
        double idleHours = 0;
        foreach (var press in plant.Presses)
        {
            var shifts = operations
                .Where(e => e.Operation.Resource == press.Id)
                .GroupBy(e => ShiftOf(e.Operation.Start, planStart, plant.ShiftHours));
            foreach (var shift in shifts)
            {
                var forging = TimeWindow.Union(shift.Select(e => new TimeWindow(e.Operation.Start, e.Operation.End)));
                foreach (var gap in TimeWindow.Gaps(forging))
                {
                    idleHours += gap.Hours;
                    draws.Add(new EnergyDraw(press.Id, false, Carrier.Electric, EnergyUse.PressIdle, press.IdleKw * gap.Hours, gap.Start, gap.End));
                }
            }
        }
        return new IdleResult(draws, idleHours);
    }

    /// <summary>Index of the shift an instant falls in (negative before the plan start).</summary>
    public static long ShiftOf(DateTimeOffset at, DateTimeOffset planStart, double shiftHours) =>
        (long)Math.Floor((at - planStart).TotalHours / shiftHours);
}
