using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Learning;

namespace ForgeScheduler.Cluster.Grains;

/// <summary>Learning the yard cooling law (ε, and h_c where the readings allow) from the floor, for the plant grain: readings from
/// operation_finished/operation_started pairs (as <see cref="CoolingFit.FromEvents"/> pairs them, but
/// kept by order and step so a reading arriving again replaces itself), fitted per grade and diameter
/// class with <see cref="CoolingFit.Fit"/>; a fit is used once it is good.</summary>
internal static class PlantCooling
{
    public const int MinPoints = 5;
    public const double MinRSquared = 0.9;
    /// <summary>The newest readings kept: plenty for a fit, bounded state.</summary>
    public const int KeptReadings = 5000;

    /// <summary>The readings with those the kept event log now pairs up (a finished step n−1 with a
    /// measured temperature, then a started step n with one, later).</summary>
    public static IReadOnlyList<CoolingReading> Update(IReadOnlyList<CoolingReading> readings, IReadOnlyList<LoggedEvent> log,
        Plant plant, IReadOnlyList<Order> orders)
    {
        var events = log.Select(l => l.Event).ToList();
        var finished = events
            .Where(e => e is { Type: ShopFloorEventTypes.OperationFinished, TempC: not null, Order: not null, Step: not null })
            .GroupBy(e => (e.Order!, e.Step!.Value)).ToDictionary(g => g.Key, g => g.Last());
        var byKey = readings.ToDictionary(r => r.Key);
        var added = new List<CoolingReading>();
        foreach (var s in events.Where(e => e is { Type: ShopFloorEventTypes.OperationStarted, TempC: not null, Order: not null, Step: not null }))
        {
            if (orders.FirstOrDefault(o => o.Id == s.Order) is not { } order) continue;
            if (!finished.TryGetValue((s.Order!, s.Step!.Value - 1), out var f) || s.At <= f.At) continue;
            var reading = new CoolingReading
            {
                Key = $"{s.Order}#{s.Step}", Grade = order.Grade, DiameterMetres = order.DiameterMetres, AmbientC = plant.AmbientC,
                T0C = f.TempC!.Value, Minutes = (s.At - f.At).TotalMinutes, TempC = s.TempC!.Value,
            };
            if (byKey.ContainsKey(reading.Key)) byKey[reading.Key] = reading;
            else { byKey[reading.Key] = reading; added.Add(reading); }
        }
        // Oldest first, new ones at the end, so trimming drops the oldest.
        var kept = readings.Select(r => byKey[r.Key]).Concat(added).TakeLast(KeptReadings).ToList();
        return kept;
    }

    public static IReadOnlyList<CoolingFitConstant> Fits(IReadOnlyList<CoolingReading> readings, CoolingParameters plantCooling) =>
        readings.Count == 0 ? [] : CoolingFit.Fit(readings.Select(r => new CoolingMeasurement(r.Key, r.Grade, r.DiameterMetres, r.AmbientC, r.T0C, r.Minutes, r.TempC)),
            CoolingFit.DefaultClassWidthMetres, plantCooling);

    public static bool IsGood(CoolingFitConstant fit) => fit.Points >= MinPoints && fit.RSquared >= MinRSquared && fit.IsGood;

    /// <summary>The plant with the good fits in place of any it had for the same class.</summary>
    public static Plant WithGoodFits(Plant plant, IReadOnlyList<CoolingReading> readings)
    {
        var good = Fits(readings, plant.Cooling).Where(IsGood).ToList();
        return good.Count == 0 ? plant : CoolingFit.Apply(plant, good);
    }

    public static IReadOnlyList<CoolingFitSummary> Summaries(IReadOnlyList<CoolingReading> readings, Plant? plant) =>
        [.. Fits(readings, plant?.Cooling ?? CoolingParameters.Default).Select(f => new CoolingFitSummary
        {
            Grade = f.Grade, DiameterMinMetres = f.DiameterMinMetres, DiameterMaxMetres = f.DiameterMaxMetres,
            TauHours = CoolingFit.EquivalentTauHours(f, plant?.AmbientC ?? 20, plant?.Cooling ?? CoolingParameters.Default),
            RSquared = f.RSquared, Points = f.Points, InUse = IsGood(f),
            Emissivity = f.Emissivity, ConvectionWPerM2K = f.ConvectionWPerM2K,
        })];
}
