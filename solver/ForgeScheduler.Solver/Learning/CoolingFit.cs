using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Rescheduling;
using ForgeScheduler.Solver.Physics;
using MathNet.Numerics;

namespace ForgeScheduler.Solver.Learning;

/// <summary>One temperature reading of a piece cooling in the yard: it was at <see cref="T0C"/>
/// when it left the furnace or press, and <see cref="Minutes"/> later it measured <see cref="TempC"/>.</summary>
public sealed record CoolingMeasurement(string Piece, string Grade, double DiameterMetres, double AmbientC, double T0C, double Minutes, double TempC);

/// <summary>Learns the yard cooling law (version 2: radiation + convection, Physics/CoolingLaw) from the
/// floor, per steel grade and diameter class: the emissivity ε by least squares on the measured
/// temperatures, and the convective h_c too where the readings allow (enough of them, spread from hot,
/// where radiation dominates, to cool, where convection counts); else h_c stays the plant's.
/// MathNet.Numerics minimises the squared error (golden section for ε alone, Nelder–Mead for both).</summary>
public static class CoolingFit
{
    public const double DefaultClassWidthMetres = 0.25;

    /// <summary>h_c is fitted only with at least this many readings ...</summary>
    public const int MinPointsForConvection = 2 * CoolingFitConstant.MinPoints;

    /// <summary>... whose measured temperatures span at least this many kelvin.</summary>
    public const double MinSpreadForConvectionK = 300;

    private const double MinEmissivity = 0.02;
    private const double MaxEmissivity = 1.0;
    private const double MaxConvectionWPerM2K = 60;

    public static IReadOnlyList<CoolingFitConstant> Fit(IEnumerable<CoolingMeasurement> measurements, double classWidthMetres = DefaultClassWidthMetres,
        CoolingParameters? plantCooling = null)
    {
        if (classWidthMetres <= 0) throw new ArgumentOutOfRangeException(nameof(classWidthMetres), "must be positive");
        var basis = plantCooling ?? CoolingParameters.Default;
        return measurements
            .GroupBy(m => (Grade: m.Grade, Class: (int)Math.Floor(m.DiameterMetres / classWidthMetres)))
            .OrderBy(g => g.Key.Grade, StringComparer.Ordinal).ThenBy(g => g.Key.Class)
            .Select(g => FitClass(g.Key.Grade, g.Key.Class * classWidthMetres, (g.Key.Class + 1) * classWidthMetres, g.ToList(), basis))
            .OfType<CoolingFitConstant>()
            .ToList();
    }

    /// <summary>Null when fewer than two readings of the class are usable (above ambient, after some time, cooler than at the start).</summary>
    private static CoolingFitConstant? FitClass(string grade, double minD, double maxD, List<CoolingMeasurement> all, CoolingParameters basis)
    {
        var usable = all.Where(m => m.Minutes > 0 && m.T0C > m.AmbientC && m.TempC > m.AmbientC && m.TempC < m.T0C).ToList();
        if (usable.Count < 2) return null;
        var spread = usable.Max(m => m.TempC) - usable.Min(m => m.TempC);
        var withConvection = usable.Count >= MinPointsForConvection && spread >= MinSpreadForConvectionK;

        double emissivity, convection;
        if (withConvection)
        {
            // Unbounded Nelder–Mead on transformed parameters: ε = logistic(a) in (0, 1), h_c = 60·logistic(b).
            static double Logistic(double x) => 1.0 / (1.0 + Math.Exp(-x));
            var (a, b) = MathNet.Numerics.FindMinimum.OfFunction(
                (x, y) => Sse(usable, basis, Math.Max(MinEmissivity, Logistic(x)), MaxConvectionWPerM2K * Logistic(y)),
                1.4, Math.Log(basis.ConvectionWPerM2K / (MaxConvectionWPerM2K - basis.ConvectionWPerM2K)), 1e-6, 2000);
            (emissivity, convection) = (Math.Max(MinEmissivity, Logistic(a)), MaxConvectionWPerM2K * Logistic(b));
        }
        else
        {
            convection = basis.ConvectionWPerM2K;
            emissivity = MathNet.Numerics.FindMinimum.OfScalarFunctionConstrained(
                e => Sse(usable, basis, e, convection), MinEmissivity, MaxEmissivity, 1e-5, 200);
        }
        var parameters = basis with { Emissivity = emissivity, ConvectionWPerM2K = convection };
        var modelled = Predict(usable, parameters);
        // 1 − SSres/SStot on the temperatures themselves: MathNet's RSquared is the squared Pearson
        // correlation, which would call a fit good that is consistently a few degrees off.
        var r2 = GoodnessOfFit.CoefficientOfDetermination(modelled, usable.Select(m => m.TempC));
        return new CoolingFitConstant(grade, Math.Round(minD, 6), Math.Round(maxD, 6), Math.Round(emissivity, 4), Math.Round(convection, 3),
            double.IsFinite(r2) ? r2 : 0, usable.Count) { ConvectionFitted = withConvection };
    }

    private static double Sse(List<CoolingMeasurement> readings, CoolingParameters basis, double emissivity, double convection)
    {
        var predicted = Predict(readings, basis with { Emissivity = emissivity, ConvectionWPerM2K = convection });
        double sse = 0;
        for (var i = 0; i < readings.Count; i++) sse += (predicted[i] - readings[i].TempC) * (predicted[i] - readings[i].TempC);
        return sse;
    }

    /// <summary>What the law with these parameters says each reading should have been. Laws built
    /// here are not cached: a fit tries many parameters once each.</summary>
    private static double[] Predict(List<CoolingMeasurement> readings, CoolingParameters parameters)
    {
        var laws = readings.Select(m => m.AmbientC).Distinct().ToDictionary(a => a, a => CoolingLaw.Create(a, parameters));
        return readings.Select(m => laws[m.AmbientC].CooledTempC(m.T0C, m.Minutes / 60.0, m.DiameterMetres)).ToArray();
    }

    /// <summary>For comparison with version 1's τ: hours a piece of the class's middle diameter takes
    /// to cool from 850 °C to ambient + (850 °C − ambient)/e under the fitted law.</summary>
    public static double EquivalentTauHours(CoolingFitConstant fit, double ambientC, CoolingParameters plantCooling)
    {
        const double FromC = 850;
        var law = CoolingLaw.For(ambientC, fit.Parameters(plantCooling));
        return law.CoolingHours(FromC, ambientC + (FromC - ambientC) / Math.E, (fit.DiameterMinMetres + fit.DiameterMaxMetres) / 2);
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
