using System.Globalization;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Kpis;
using ForgeScheduler.Solver.Optimisation;
using ForgeScheduler.Solver.Validation;

namespace ForgeScheduler.Solver.WhatIf;

/// <summary>Which gas furnaces to electrify and which furnaces to retrofit (either may be empty, not
/// both), and optionally the grid to judge it on (1 flat value or 24 hourly values, kgCO2/kWh) instead
/// of the plant's own.</summary>
public sealed record ElectrificationRequest(IReadOnlyList<string> FurnaceIds)
{
    public IReadOnlyList<double>? GridCo2KgPerKwh { get; init; }

    /// <summary>Burner or lining retrofits, applied after electrification (so an electrified furnace
    /// can be given its own figures too).</summary>
    public IReadOnlyList<BurnerRetrofit> Retrofits { get; init; } = [];

    /// <summary>What the change costs to build (plant currency), for the payback in tonnes.</summary>
    public double? Investment { get; init; }
}

/// <summary>The figures the what-if compares, per tonne forged.</summary>
public sealed record WhatIfFigures(double Co2KgPerT, double CostPerT, double EnergyKwhPerT, double ElectricShare, double PeakElectricKw)
{
    /// <summary>Gas bought per tonne forged (kWh of fuel): what a burner retrofit saves.</summary>
    public double GasKwhPerT { get; init; }

    /// <summary>Electricity per tonne forged (kWh, imported and on-site PV).</summary>
    public double ElectricKwhPerT { get; init; }

    public double GasNm3PerT { get; init; }

    public static WhatIfFigures From(KpiReport k) => new(
        k.Co2KgPerT, k.Tonnes > 0 ? k.EnergyCost / k.Tonnes : 0, k.EnergyKwhPerT, k.ElectricShare, k.PeakElectricKw)
    {
        GasKwhPerT = k.Tonnes > 0 ? k.GasKwh / k.Tonnes : 0,
        ElectricKwhPerT = k.Tonnes > 0 ? k.ElectricKwh / k.Tonnes : 0,
        GasNm3PerT = k.Tonnes > 0 ? k.GasNm3 / k.Tonnes : 0,
    };
}

/// <summary>A schedule a scheduler made for the study, and anything it wants said about it.</summary>
public sealed record ScheduledCase(Schedule Schedule, IReadOnlyList<string> Notes);

/// <summary>One side of the comparison: the plant, its schedule and what that schedule achieves.</summary>
public sealed record PlantCase(string Name, Plant Plant, Schedule Schedule, KpiReport Kpis, IReadOnlyList<string> Notes)
{
    public WhatIfFigures Figures => WhatIfFigures.From(Kpis);
}

/// <summary>What the what-if found. <see cref="Electrified"/> is the plant with the change studied —
/// electrified furnaces, retrofitted ones, or both (its JSON name stays <c>electrified</c>).</summary>
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

    /// <summary>Furnaces whose burners or lining were changed (after any electrification).</summary>
    public IReadOnlyList<RetrofittedFurnace> Retrofitted { get; init; } = [];

    /// <summary>What the changed plant is called in tables: electrified, retrofitted, or both.</summary>
    public string ChangeName => ElectrificationStudy.ChangeName(Converted.Count, Retrofitted.Count);

    /// <summary>The change in words: "electrifying HT-G2 and retrofitting HF-G1".</summary>
    public string ChangeText
    {
        get
        {
            var parts = new List<string>();
            if (Converted.Count > 0) parts.Add("electrifying " + string.Join(", ", Converted.Select(c => c.Gas.Id)));
            if (Retrofitted.Count > 0) parts.Add("retrofitting " + string.Join(", ", Retrofitted.Select(r => r.Before.Id)));
            return string.Join(" and ", parts);
        }
    }

    /// <summary>Energy cost saved per tonne forged (currency/t, positive when the change is cheaper to run).</summary>
    public double CostSavingPerT => AsIs.Figures.CostPerT - Electrified.Figures.CostPerT;

    /// <summary>Tonnes to forge before an investment of <paramref name="investment"/> (plant currency) is
    /// paid back by the energy cost saved; null when the change saves no cost on this book.</summary>
    public double? PaybackTonnes(double investment) => CostSavingPerT > 1e-9 ? investment / CostSavingPerT : null;

    /// <summary>What the change would cost to build (plant currency), when the planner gave it.</summary>
    public double? Investment { get; init; }

    /// <summary>Energy, cost and carbon saved per 1,000 t forged, and the payback when an investment was
    /// given: the figures an investment case is built on. Tonnes, not years: the order book says what a
    /// tonne costs, not how many tonnes a year the plant forges.</summary>
    public string SavingText()
    {
        var a = AsIs.Figures;
        var c = Electrified.Figures;
        var text = string.Create(CultureInfo.InvariantCulture,
            $"Per 1,000 t forged: gas {(c.GasKwhPerT - a.GasKwhPerT) * 1000:+#,0;-#,0;0} kWh ({(c.GasNm3PerT - a.GasNm3PerT) * 1000:+#,0;-#,0;0} Nm³), " +
            $"electricity {(c.ElectricKwhPerT - a.ElectricKwhPerT) * 1000:+#,0;-#,0;0} kWh, energy cost {-CostSavingPerT * 1000:+#,0;-#,0;0}, " +
            $"CO2 {Co2ChangeKgPerT:+#,0.0;-#,0.0;0} t.");
        if (Investment is not { } investment) return text;
        var tonnes = PaybackTonnes(investment);
        var book = AsIs.Kpis.Tonnes;
        return text + (tonnes is { } t
            ? string.Create(CultureInfo.InvariantCulture,
                $" An investment of {investment:#,0} is paid back by the energy cost saved after {t:#,0} t forged ({t / Math.Max(book, 1e-9):#,0.0} order books like this one).")
            : string.Create(CultureInfo.InvariantCulture, $" An investment of {investment:#,0} is never paid back on energy cost: the change saves none on this book."));
    }

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
                $"The as-is schedule itself, run on the {ChangeName} furnaces, would emit {same.Co2KgPerT:0.0} kg/t (as is {AsIs.Figures.Co2KgPerT:0.0})") +
                (SameScheduleElectrifiedViolations > 0 ? $", but breaks {SameScheduleElectrifiedViolations} rule(s) there (power limits)." : "."));
        return caveats;
    }

    /// <summary>True when, over the sweep, electrifying is cleaner below the break-even (the usual case).</summary>
    public bool CleanerBelowBreakEven => Sweep.Count > 0 && Sweep.OrderBy(p => p.GridFactor).First().DifferenceKgPerT < 0;

    /// <summary>One sentence a planner can quote.</summary>
    public string BreakEvenText()
    {
        var change = ChangeText;
        var Change = change.Length > 0 ? char.ToUpperInvariant(change[0]) + change[1..] : change;
        if (BreakEvenGridFactor is { } g)
        {
            var side = CleanerBelowBreakEven ? "below" : "above";
            return string.Create(CultureInfo.InvariantCulture,
                $"{Change} lowers CO2 per tonne only when the grid emits {side} {g:0.000} kgCO2/kWh (these schedules, flat grid).");
        }
        if (Sweep.Count == 0) return "No sweep was computed.";
        var lo = Sweep.Min(p => p.GridFactor);
        var hi = Sweep.Max(p => p.GridFactor);
        var range = string.Create(CultureInfo.InvariantCulture, $"{lo:0.00}–{hi:0.00} kgCO2/kWh");
        if (Sweep.All(p => p.DifferenceKgPerT == 0)) return $"Break-even: none in range {range}: the two schedules emit the same at every grid factor.";
        var verdict = Sweep.All(p => p.DifferenceKgPerT <= 0) ? "lowers" : "raises";
        return $"Break-even: none in range {range}: {change} {verdict} CO2 per tonne across the whole range.";
    }
}

/// <summary>The electrification what-if (DESIGN.md, "Electric is not always cleaner"): schedule the plant
/// as it is and with the named gas furnaces electric, compare the KPIs, and find the grid factor at
/// which the change breaks even on carbon. Method and caveats: docs/whatif.md.</summary>
public static class ElectrificationStudy
{
    public const string AsIsName = "as is";
    public const string ElectrifiedName = "electrified";

    public static string ChangeName(int electrified, int retrofitted) => (electrified > 0, retrofitted > 0) switch
    {
        (true, true) => "electrified + retrofitted",
        (false, true) => "retrofitted",
        _ => ElectrifiedName,
    };

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
        var (electrifiedPlant, converted) = Change(studyPlant, request);

        var asIs = Case(AsIsName, studyPlant, book, schedule);
        var electrified = Case(ChangeName(converted.Converted.Count, converted.Retrofitted.Count), electrifiedPlant, book, schedule);
        var sweep = GridFactorSweep.Reprice(book, studyPlant, asIs.Schedule, electrifiedPlant, electrified.Schedule);

        return new ElectrificationResult(asIs, electrified, converted.Converted, sweep, GridFactorSweep.BreakEven(sweep),
            plant.Grid.Co2KgPerKwh.Average(), studyPlant.Grid.Co2KgPerKwh.Average())
        {
            Retrofitted = converted.Retrofitted,
            Investment = request.Investment,
            SameScheduleElectrified = KpiCalculator.Compute(electrifiedPlant, book, asIs.Schedule),
            SameScheduleElectrifiedViolations = ScheduleValidator.Validate(electrifiedPlant, book, asIs.Schedule).Count,
        };
    }

    /// <summary>The plant with the change applied: electrification first, then retrofits. Throws
    /// <see cref="ElectrificationException"/> or <see cref="RetrofitException"/> naming the bad id.</summary>
    public static (Plant Plant, (IReadOnlyList<ConvertedFurnace> Converted, IReadOnlyList<RetrofittedFurnace> Retrofitted) Changes) Change(
        Plant plant, ElectrificationRequest request)
    {
        if (request.FurnaceIds.Count == 0 && request.Retrofits.Count == 0)
            throw new ElectrificationException("", "name at least one gas furnace to electrify or one furnace to retrofit");
        var (electrified, converted) = request.FurnaceIds.Count > 0
            ? FurnaceElectrification.Convert(plant, request.FurnaceIds)
            : (plant, (IReadOnlyList<ConvertedFurnace>)[]);
        var (changed, retrofitted) = FurnaceRetrofit.Apply(electrified, request.Retrofits);
        return (changed, (converted, retrofitted));
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
