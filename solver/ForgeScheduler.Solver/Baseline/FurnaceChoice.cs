using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Solver.Baseline;

/// <summary>Picks, by the board's <see cref="DispatchRule"/>, one furnace among those free for a
/// booking over [from, to) now, and the press among those that can take the piece in time.</summary>
internal static class FurnaceChoice
{
    /// <summary><paramref name="steelKwh"/>: the booking's steel heat at a furnace's efficiency.</summary>
    public static Furnace Pick(DispatchBoard board, IReadOnlyList<Furnace> free, Func<Furnace, double> steelKwh, int from, int to)
    {
        if (free.Count == 1) return free[0];
        var plantOrder = board.Plant.Furnaces.Select((f, i) => (f.Id, i)).ToDictionary(x => x.Id, x => x.i);
        double Marginal(Furnace f) => MarginalCost.FurnacePoints(board, board.Weights, f, steelKwh(f), from, to);
        var rule = board.Rule;
        if (rule == DispatchRule.PlantOrder) return free.MinBy(f => plantOrder[f.Id])!;
        if (rule == DispatchRule.GasFirst)
            return free.OrderBy(f => f.Carrier == Carrier.Gas ? 0 : 1).ThenBy(f => f.Id, StringComparer.Ordinal).First();
        if (rule == DispatchRule.SmallestGasFirst)
            return free.OrderBy(f => f.Carrier == Carrier.Gas ? 0 : 1).ThenBy(f => f.CapacityTonnes).ThenByDescending(f => f.Efficiency)
                .ThenBy(f => plantOrder[f.Id]).First();
        if (rule == DispatchRule.CoLoad)
        {
            var loaded = free.Where(f => board.IsLoadedAt(f.Id, from)).ToList();
            if (loaded.Count > 0)
                return loaded.OrderByDescending(f => board.TonnesAt(f.Id, from) / f.CapacityTonnes).ThenBy(Marginal).ThenBy(f => plantOrder[f.Id]).First();
        }
        return free.Select(f => (Furnace: f, Points: Marginal(f))).OrderBy(x => x.Points).ThenBy(x => plantOrder[x.Furnace.Id]).First().Furnace;
    }

    /// <summary>The press that adds the least (forging kWh plus the change in its shift idle), then
    /// the earliest, then the smallest: whichever rule picks furnaces, a planner would not run the
    /// big press's 2 MW pumps idle for a small piece a small press can take as soon.</summary>
    public static (Press Press, int Start) PickPress(DispatchBoard board, IReadOnlyList<(Press Press, int Start)> candidates, double massTonnes, int pressMinutes)
    {
        if (candidates.Count == 1) return candidates[0];
        return candidates
            .Select(c => (c.Press, c.Start, Points: MarginalCost.PressPoints(board, board.Weights, c.Press, massTonnes, c.Start, c.Start + pressMinutes)))
            .OrderBy(c => Math.Round(c.Points, 6)).ThenBy(c => c.Start).ThenBy(c => c.Press.ForceMn).ThenBy(c => c.Press.Id, StringComparer.Ordinal)
            .Select(c => (c.Press, c.Start)).First();
    }
}
