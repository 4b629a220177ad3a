using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Optimisation;
using ForgeScheduler.Solver.Physics;

namespace ForgeScheduler.Solver.Baseline;

/// <summary>What one more booking adds now, in the optimiser's kg-CO2-equivalent (ObjectiveWeights:
/// CO2 plus weighted cost): what a dispatcher without look-ahead can know from the board and the
/// hour. Energy of a furnace is its steel heat plus the change in its overhead (holding while loaded,
/// gaps, cold starts: ThermalPhysics.FurnaceOverheadKwh), so an already hot furnace costs little.</summary>
internal static class MarginalCost
{
    /// <summary>kg-CO2-eq of putting pieces needing <paramref name="steelKwh"/> of heat (at this
    /// furnace's efficiency) into <paramref name="furnace"/> over [from, to).</summary>
    public static double FurnacePoints(DispatchBoard board, ObjectiveWeights weights, Furnace furnace, double steelKwh, int from, int to)
    {
        var before = board.OccupiedUnion(furnace.Id);
        var after = Merge(before, from, to);
        var hot = board.HotAtStart.Contains(furnace.Id);
        var overhead = ThermalPhysics.FurnaceOverheadKwh(furnace, hot, Hours(after)) - ThermalPhysics.FurnaceOverheadKwh(furnace, hot, Hours(before));
        var kw = to > from ? (steelKwh + furnace.HoldingKw * (to - from) / 60.0) / ((to - from) / 60.0) : 0;
        return (steelKwh + overhead) * PointsPerKwh(board, weights, furnace.Carrier, from, to, kw);
    }

    /// <summary>kg-CO2-eq of forging <paramref name="massTonnes"/> on a press at [from, to): its kWh per
    /// tonne plus the change in its pump-station idle within the shift (idle runs between the first and
    /// last forging of a shift), electric at the hour's price.</summary>
    public static double PressPoints(DispatchBoard board, ObjectiveWeights weights, Press press, double massTonnes, int from, int to)
    {
        var shiftMinutes = (int)Math.Round(board.Plant.ShiftHours * 60);
        var shiftStart = (int)Math.Floor((double)from / shiftMinutes) * shiftMinutes;
        var inShift = board.StartingIn(press.Id, shiftStart, shiftStart + shiftMinutes).Select(s => (s.Start, s.End)).ToList();
        var idleBefore = IdleMinutes(inShift);
        inShift.Add((from, to));
        var idleDelta = IdleMinutes(inShift) - idleBefore;
        var kwh = press.KwhPerTonne * massTonnes + press.IdleKw * idleDelta / 60.0;
        return kwh * PointsPerKwh(board, weights, Carrier.Electric, from, to, 0);
    }

    /// <summary>Price of a kWh drawn evenly over [from, to): gas flat; electricity hour by hour, the part
    /// the PV surplus left over by what is already booked can cover at the export tariff and no CO2.</summary>
    private static double PointsPerKwh(DispatchBoard board, ObjectiveWeights weights, Carrier carrier, int from, int to, double kw)
    {
        var plant = board.Plant;
        if (carrier == Carrier.Gas)
            return weights.Co2PerKg * ThermalPhysics.GasCo2Kg(1.0, plant.Gas) + weights.CostPerCurrencyUnit * ThermalPhysics.GasCost(1.0, plant.Gas);
        var samples = Math.Max(1, Math.Min(48, (to - from) / 30));
        var hour0 = new DateTimeOffset(board.PlanStart.Year, board.PlanStart.Month, board.PlanStart.Day, board.PlanStart.Hour, 0, 0, board.PlanStart.Offset);
        double sum = 0;
        for (var i = 0; i < samples; i++)
        {
            var minute = to > from ? from + (int)((i + 0.5) * (to - from) / samples) : from;
            var at = board.At(minute);
            var local = plant.LocalHour(at);
            var pvKw = plant.Grid.PvSurplusKwAt(local, (long)Math.Floor((at - hour0).TotalHours));
            var pvShare = pvKw <= 0 ? 0 : kw <= 0 ? 1 : Math.Clamp((pvKw - board.ElectricLoadKw(minute)) / kw, 0, 1);
            var imported = weights.Co2PerKg * plant.Grid.Co2At(local) + weights.CostPerCurrencyUnit * plant.Grid.TariffAt(local);
            sum += (1 - pvShare) * imported + pvShare * weights.CostPerCurrencyUnit * plant.Grid.ExportTariffPerKwh;
        }
        return sum / samples;
    }

    private static List<(int From, int To)> Merge(IReadOnlyList<(int From, int To)> union, int from, int to)
    {
        var all = union.Append((From: from, To: to)).OrderBy(w => w.From).ToList();
        var merged = new List<(int From, int To)>();
        foreach (var w in all)
        {
            if (merged.Count > 0 && w.From <= merged[^1].To) merged[^1] = (merged[^1].From, Math.Max(merged[^1].To, w.To));
            else merged.Add(w);
        }
        return merged;
    }

    private static List<(double FromH, double ToH)> Hours(IReadOnlyList<(int From, int To)> windows) =>
        windows.Select(w => (w.From / 60.0, w.To / 60.0)).ToList();

    /// <summary>Span from first start to last end minus the time covered.</summary>
    private static int IdleMinutes(List<(int Start, int End)> slots)
    {
        if (slots.Count == 0) return 0;
        var merged = new List<(int From, int To)>();
        foreach (var w in slots.OrderBy(s => s.Start))
        {
            if (merged.Count > 0 && w.Start <= merged[^1].To) merged[^1] = (merged[^1].From, Math.Max(merged[^1].To, w.End));
            else merged.Add((w.Start, w.End));
        }
        return merged[^1].To - merged[0].From - merged.Sum(w => w.To - w.From);
    }
}
