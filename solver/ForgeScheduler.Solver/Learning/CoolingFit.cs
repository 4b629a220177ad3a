using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Rescheduling;
using MathNet.Numerics;

namespace ForgeScheduler.Solver.Learning;

/// <summary>One temperature reading of a piece cooling in the yard: it was at <see cref="T0C"/>
/// when it left the furnace or press, and <see cref="Minutes"/> later it measured <see cref="TempC"/>.</summary>
public sealed record CoolingMeasurement(string Piece, string Grade, double DiameterMetres, double AmbientC, double T0C, double Minutes, double TempC);

/// <summary>Learns Newton's cooling constant τ from the floor, per steel grade and diameter class:
/// T(t) = Ta + (T0 − Ta)·exp(−t/τ), linearised as ln((T − Ta)/(T0 − Ta)) = −t/τ and fitted as a line
/// through the origin (MathNet.Numerics).</summary>
public static class CoolingFit
{
    public const double DefaultClassWidthMetres = 0.25;

    public static IReadOnlyList<CoolingFitConstant> Fit(IEnumerable<CoolingMeasurement> measurements, double classWidthMetres = DefaultClassWidthMetres)
    {
        if (classWidthMetres <= 0) throw new ArgumentOutOfRangeException(nameof(classWidthMetres), "must be positive");
        return measurements
            .GroupBy(m => (Grade: m.Grade, Class: (int)Math.Floor(m.DiameterMetres / classWidthMetres)))
            .OrderBy(g => g.Key.Grade, StringComparer.Ordinal).ThenBy(g => g.Key.Class)
            .Select(g => FitClass(g.Key.Grade, g.Key.Class * classWidthMetres, (g.Key.Class + 1) * classWidthMetres, g.ToList()))
            .OfType<CoolingFitConstant>()
            .ToList();
    }

    /// <summary>Null when fewer than two readings of the class can be linearised (at or below ambient, or at t = 0).</summary>
    private static CoolingFitConstant? FitClass(string grade, double minD, double maxD, List<CoolingMeasurement> all)
    {
        // A reading at or below ambient, or taken at t = 0, says nothing about τ (the log is undefined or 0 = 0).
        var usable = all.Where(m => m.Minutes > 0 && m.T0C > m.AmbientC && m.TempC > m.AmbientC && m.TempC < m.T0C).ToList();
        // MathNet's regression needs two readings; one could never make a usable fit (n ≥ 5) anyway.
        if (usable.Count < 2) return null;
        var hours = usable.Select(m => m.Minutes / 60.0).ToArray();
        var logs = usable.Select(m => Math.Log((m.TempC - m.AmbientC) / (m.T0C - m.AmbientC))).ToArray();
        var slope = MathNet.Numerics.Fit.LineThroughOrigin(hours, logs);
        var tau = slope < 0 ? -1.0 / slope : double.PositiveInfinity;
        var modelled = usable.Select(m => m.AmbientC + (m.T0C - m.AmbientC) * Math.Exp(-(m.Minutes / 60.0) / tau));
        // 1 − SSres/SStot on the temperatures themselves: MathNet's RSquared is the squared Pearson
        // correlation, which would call a fit good that is consistently a few degrees off.
        var r2 = GoodnessOfFit.CoefficientOfDetermination(modelled, usable.Select(m => m.TempC));
        return new CoolingFitConstant(grade, Math.Round(minD, 6), Math.Round(maxD, 6), double.IsFinite(tau) ? tau : 0, double.IsFinite(r2) ? r2 : 0, usable.Count);
    }

    /// <summary>The plant with these fits, replacing earlier fits of the same grade and class.</summary>
    public static Plant Apply(Plant plant, IReadOnlyList<CoolingFitConstant> fits)
    {
        var kept = plant.CoolingFits.Where(old => !fits.Any(f => SameClass(f, old)));
        return plant with { CoolingFits = kept.Concat(fits).ToList() };
    }

    private static bool SameClass(CoolingFitConstant a, CoolingFitConstant b) =>
        string.Equals(a.Grade, b.Grade, StringComparison.OrdinalIgnoreCase)
        && Math.Abs(a.DiameterMinMetres - b.DiameterMinMetres) < 1e-9 && Math.Abs(a.DiameterMaxMetres - b.DiameterMaxMetres) < 1e-9;

    /// <summary>Readings from shop-floor events: a piece leaving a step at a measured temperature
    /// (operation_finished) and entering its next step at a measured temperature
    /// (operation_started) cooled in the yard in between.</summary>
    public static IReadOnlyList<CoolingMeasurement> FromEvents(Plant plant, OrderBook book, IEnumerable<ShopEvent> events)
    {
        var list = events.ToList();
        var finished = list.OfType<OperationFinished>().Where(f => f.TempC is not null)
            .GroupBy(f => (f.Order, f.Step)).ToDictionary(g => g.Key, g => g.Last());
        var result = new List<CoolingMeasurement>();
        foreach (var s in list.OfType<OperationStarted>().Where(s => s.TempC is not null))
        {
            if (book.Find(s.Order) is not { } order) continue;
            if (!finished.TryGetValue((s.Order, s.Step - 1), out var f) || s.At <= f.At) continue;
            result.Add(new CoolingMeasurement(order.Id, order.Grade, order.DiameterMetres, plant.AmbientC,
                f.TempC!.Value, (s.At - f.At).TotalMinutes, s.TempC!.Value));
        }
        return result;
    }
}
