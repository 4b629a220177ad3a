using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Kpis;

namespace ForgeScheduler.Solver.WhatIf;

/// <summary>CO2 intensity of both schedules when the plant's electricity emits a flat g kgCO2/kWh.</summary>
public sealed record SweepPoint(double GridFactor, double AsIsCo2KgPerT, double ElectrifiedCo2KgPerT)
{
    /// <summary>Electrified minus as is (kg/t): negative where electrification lowers CO2.</summary>
    public double DifferenceKgPerT => ElectrifiedCo2KgPerT - AsIsCo2KgPerT;
}

/// <summary>Re-prices two fixed schedules over a range of flat grid factors and finds where they break
/// even on carbon. The schedules are not re-optimised at each g (docs/whatif.md says why).</summary>
public static class GridFactorSweep
{
    public const double From = 0.0;
    public const double To = 0.9;
    public const double Step = 0.05;

    /// <summary>0.00, 0.05, …, 0.90; computed from the index so no rounding error creeps in.</summary>
    public static IReadOnlyList<double> Factors(double from = From, double to = To, double step = Step)
    {
        var count = (int)Math.Floor((to - from) / step + 1e-9) + 1;
        return Enumerable.Range(0, count).Select(i => Math.Round(from + i * step, 10)).ToList();
    }

    /// <summary>The plant with its hourly CO2 factor replaced by one flat value; tariff untouched.</summary>
    public static Plant WithFlatGrid(Plant plant, double co2KgPerKwh) => WithGrid(plant, [co2KgPerKwh]);

    /// <summary>The plant with its CO2 factor replaced by one value (flat) or 24 hourly values.</summary>
    public static Plant WithGrid(Plant plant, IReadOnlyList<double> co2KgPerKwh)
    {
        if (co2KgPerKwh.Count is not (1 or 24))
            throw new ArgumentException($"a grid profile has 1 or 24 values, not {co2KgPerKwh.Count}", nameof(co2KgPerKwh));
        if (co2KgPerKwh.Any(v => v < 0 || !double.IsFinite(v)))
            throw new ArgumentException("grid factors must be finite and not negative", nameof(co2KgPerKwh));
        var hourly = co2KgPerKwh.Count == 1 ? Enumerable.Repeat(co2KgPerKwh[0], 24).ToList() : co2KgPerKwh.ToList();
        return plant with { Grid = plant.Grid with { Co2KgPerKwh = hourly } };
    }

    /// <summary>Both schedules re-priced at each factor. KpiCalculator is pure, so this costs two KPI
    /// evaluations per point and no solving.</summary>
    public static IReadOnlyList<SweepPoint> Reprice(
        OrderBook book, Plant asIs, Schedule asIsSchedule, Plant electrified, Schedule electrifiedSchedule,
        IEnumerable<double>? factors = null) =>
        (factors ?? Factors()).Select(g => new SweepPoint(
            g,
            KpiCalculator.Compute(WithFlatGrid(asIs, g), book, asIsSchedule).Co2KgPerT,
            KpiCalculator.Compute(WithFlatGrid(electrified, g), book, electrifiedSchedule).Co2KgPerT)).ToList();

    /// <summary>The first grid factor where electrified − as-is changes sign, interpolated linearly between
    /// the two sweep points around it (exact here: with fixed schedules CO2/t is linear in g). Null when
    /// the difference keeps one sign over the whole sweep, or is zero everywhere (nothing changed).</summary>
    public static double? BreakEven(IReadOnlyList<SweepPoint> points)
    {
        var sorted = points.OrderBy(p => p.GridFactor).ToList();
        for (var i = 0; i + 1 < sorted.Count; i++)
        {
            var (a, b) = (sorted[i], sorted[i + 1]);
            var (da, db) = (a.DifferenceKgPerT, b.DifferenceKgPerT);
            if (da == 0 && db == 0) continue;
            if (da == 0) return a.GridFactor;
            if (Math.Sign(da) == Math.Sign(db)) continue;
            // db may be 0: then the crossing is exactly at b.
            return a.GridFactor + (b.GridFactor - a.GridFactor) * da / (da - db);
        }
        return null;
    }
}
