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
    /// <summary>Per furnace, every gap between occupied periods costs the cheaper of holding and
    /// restart (ThermalPhysics.IdleCost), drawn over the gap; every used furnace also pays one cold
    /// start, drawn at the start of its first operation (it has no gap of its own to spread over).</summary>
    public static IdleResult Furnaces(Plant plant, IReadOnlyList<EvaluatedOperation> operations)
    {
        var draws = new List<EnergyDraw>();
        double hotIdleHours = 0;
        foreach (var furnace in plant.Furnaces)
        {
            var occupied = TimeWindow.Union(operations
                .Where(e => e.Operation.Resource == furnace.Id)
                .Select(e => new TimeWindow(e.Operation.Start, e.Operation.End)));
            if (occupied.Count == 0) continue;
            var first = occupied[0].Start;
            draws.Add(new EnergyDraw(furnace.Id, true, furnace.Carrier, EnergyUse.FurnaceColdStart, furnace.RestartKwh, first, first));
            foreach (var gap in TimeWindow.Gaps(occupied))
            {
                var choice = ThermalPhysics.IdleCost(furnace.HoldingKw, furnace.RestartKwh, gap.Hours);
                if (choice.KeptHot) hotIdleHours += gap.Hours;
                draws.Add(new EnergyDraw(furnace.Id, true, furnace.Carrier, EnergyUse.FurnaceIdle, choice.EnergyKwh, gap.Start, gap.End));
            }
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
