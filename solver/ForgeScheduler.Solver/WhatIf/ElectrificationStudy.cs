using System.Globalization;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Kpis;
using ForgeScheduler.Solver.Optimisation;
using ForgeScheduler.Solver.Validation;

namespace ForgeScheduler.Solver.WhatIf;

/// <summary>Which gas furnaces to electrify, and optionally the grid to judge it on (1 flat value or 24
/// hourly values, kgCO2/kWh) instead of the plant's own.</summary>
public sealed record ElectrificationRequest(IReadOnlyList<string> FurnaceIds)
{
    public IReadOnlyList<double>? GridCo2KgPerKwh { get; init; }
}

/// <summary>The figures the what-if compares, per tonne forged.</summary>
public sealed record WhatIfFigures(double Co2KgPerT, double CostPerT, double EnergyKwhPerT, double ElectricShare, double PeakElectricKw)
{
    public static WhatIfFigures From(KpiReport k) => new(
        k.Co2KgPerT, k.Tonnes > 0 ? k.EnergyCost / k.Tonnes : 0, k.EnergyKwhPerT, k.ElectricShare, k.PeakElectricKw);
}

/// <summary>A schedule a scheduler made for the study, and anything it wants said about it.</summary>
public sealed record ScheduledCase(Schedule Schedule, IReadOnlyList<string> Notes);

/// <summary>One side of the comparison: the plant, its schedule and what that schedule achieves.</summary>
public sealed record PlantCase(string Name, Plant Plant, Schedule Schedule, KpiReport Kpis, IReadOnlyList<string> Notes)
{
    public WhatIfFigures Figures => WhatIfFigures.From(Kpis);
}

/// <summary>What the what-if found.</summary>
/// <param name="PlantGridFactor">Average of the plant file's 24 hourly factors (kgCO2/kWh).</param>
/// <param name="StudyGridFactor">Average of the grid the study scheduled and priced on: the plant's, or
/// the replacement the planner gave.</param>
public sealed record ElectrificationResult(
    PlantCase AsIs,
    PlantCase Electrified,
    IReadOnlyList<ConvertedFurnace> Converted,
    IReadOnlyList<SweepPoint> Sweep,
    double? BreakEvenGridFactor,
    double PlantGridFactor,
    double StudyGridFactor)
{
    public double Co2ChangeKgPerT => Electrified.Figures.Co2KgPerT - AsIs.Figures.Co2KgPerT;

    /// <summary>The as-is schedule priced on the electrified plant: the same operations at the same times,
    /// only the carrier and efficiency of the converted furnaces changed (heating times do not depend on
    /// the carrier). It isolates the furnaces from the re-optimisation; it may break the power limits.</summary>
    public KpiReport? SameScheduleElectrified { get; init; }

    /// <summary>Rules the as-is schedule breaks on the electrified plant (power cap, furnace max power).</summary>
    public int SameScheduleElectrifiedViolations { get; init; }

    /// <summary>Things a reader must know before quoting the numbers.</summary>
    public IReadOnlyList<string> Caveats()
    {
        var caveats = new List<string>();
        if (Electrified.Figures.ElectricShare < AsIs.Figures.ElectricShare - 1e-9)
            caveats.Add(string.Create(CultureInfo.InvariantCulture,
                $"The electrified schedule takes a smaller share of its furnace energy from electricity ({Electrified.Figures.ElectricShare:0.000}) than the as-is one ({AsIs.Figures.ElectricShare:0.000}): the optimiser moved work off electric furnaces, so the difference is mostly between two schedules, not between gas and electric furnaces. A longer --time-limit may narrow it."));
        if (SameScheduleElectrified is { } same)
            caveats.Add(string.Create(CultureInfo.InvariantCulture,
                $"The as-is schedule itself, run on the electrified furnaces, would emit {same.Co2KgPerT:0.0} kg/t (as is {AsIs.Figures.Co2KgPerT:0.0})") +
                (SameScheduleElectrifiedViolations > 0 ? $", but breaks {SameScheduleElectrifiedViolations} rule(s) there (power limits)." : "."));
        return caveats;
    }

    /// <summary>True when, over the sweep, electrifying is cleaner below the break-even (the usual case).</summary>
    public bool CleanerBelowBreakEven => Sweep.Count > 0 && Sweep.OrderBy(p => p.GridFactor).First().DifferenceKgPerT < 0;

    /// <summary>One sentence a planner can quote.</summary>
    public string BreakEvenText()
    {
        var ids = string.Join(", ", Converted.Select(c => c.Gas.Id));
        if (BreakEvenGridFactor is { } g)
        {
            var side = CleanerBelowBreakEven ? "below" : "above";
            return string.Create(CultureInfo.InvariantCulture,
                $"Electrifying {ids} lowers CO2 per tonne only when the grid emits {side} {g:0.000} kgCO2/kWh (these schedules, flat grid).");
        }
        if (Sweep.Count == 0) return "No sweep was computed.";
        var lo = Sweep.Min(p => p.GridFactor);
        var hi = Sweep.Max(p => p.GridFactor);
        var range = string.Create(CultureInfo.InvariantCulture, $"{lo:0.00}–{hi:0.00} kgCO2/kWh");
        if (Sweep.All(p => p.DifferenceKgPerT == 0)) return $"Break-even: none in range {range}: the two schedules emit the same at every grid factor.";
        var verdict = Sweep.All(p => p.DifferenceKgPerT <= 0) ? "lowers" : "raises";
        return $"Break-even: none in range {range}: electrifying {ids} {verdict} CO2 per tonne across the whole range.";
    }
}

/// <summary>The electrification what-if (DESIGN.md, "Electric is not always cleaner"): schedule the plant
/// as it is and with the named gas furnaces electric, compare the KPIs, and find the grid factor at
/// which the change breaks even on carbon. Method and caveats: docs/whatif.md.</summary>
public static class ElectrificationStudy
{
    public const string AsIsName = "as is";
    public const string ElectrifiedName = "electrified";

    /// <summary>Both plants scheduled by CP-SAT with the same options.</summary>
    public static ElectrificationResult Run(Plant plant, OrderBook book, ElectrificationRequest request, CpSatOptions options) =>
        Run(plant, book, request, (p, b) =>
        {
            var result = CpSatScheduler.Solve(p, b, options);
            var notes = result.Notes.ToList();
            if (result.FellBackToBaseline) notes.Insert(0, "CP-SAT kept the baseline schedule (today's practice) for this plant.");
            return new ScheduledCase(result.Schedule, notes);
        });

    /// <summary>Both plants scheduled by <paramref name="schedule"/> (tests pass the baseline dispatcher).</summary>
    public static ElectrificationResult Run(Plant plant, OrderBook book, ElectrificationRequest request,
        Func<Plant, OrderBook, ScheduledCase> schedule)
    {
        // Fail on a bad furnace id before spending any solver time.
        var studyPlant = request.GridCo2KgPerKwh is { } grid ? GridFactorSweep.WithGrid(plant, grid) : plant;
        var (electrifiedPlant, converted) = FurnaceElectrification.Convert(studyPlant, request.FurnaceIds);

        var asIs = Case(AsIsName, studyPlant, book, schedule);
        var electrified = Case(ElectrifiedName, electrifiedPlant, book, schedule);
        var sweep = GridFactorSweep.Reprice(book, studyPlant, asIs.Schedule, electrifiedPlant, electrified.Schedule);

        return new ElectrificationResult(asIs, electrified, converted, sweep, GridFactorSweep.BreakEven(sweep),
            plant.Grid.Co2KgPerKwh.Average(), studyPlant.Grid.Co2KgPerKwh.Average())
        {
            SameScheduleElectrified = KpiCalculator.Compute(electrifiedPlant, book, asIs.Schedule),
            SameScheduleElectrifiedViolations = ScheduleValidator.Validate(electrifiedPlant, book, asIs.Schedule).Count,
        };
    }

    private static PlantCase Case(string name, Plant plant, OrderBook book, Func<Plant, OrderBook, ScheduledCase> schedule)
    {
        var scheduled = schedule(plant, book);
        var notes = scheduled.Notes.ToList();
        // Say so rather than compare a schedule that could not run; the figures are still shown.
        var violations = ScheduleValidator.Validate(plant, book, scheduled.Schedule);
        if (violations.Count > 0) notes.Add($"the {name} schedule breaks {violations.Count} rule(s), first: {violations[0]}");
        return new PlantCase(name, plant, scheduled.Schedule, KpiCalculator.Compute(plant, book, scheduled.Schedule), notes);
    }
}
