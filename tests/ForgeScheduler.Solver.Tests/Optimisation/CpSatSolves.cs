using System.Collections.Concurrent;
using ForgeScheduler.Formats;
using ForgeScheduler.Solver.Baseline;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Generation;
using ForgeScheduler.Solver.Kpis;
using ForgeScheduler.Solver.Optimisation;
using ForgeScheduler.Solver.Tests.Generation;
using ForgeScheduler.Solver.Validation;

namespace ForgeScheduler.Solver.Tests.Optimisation;

/// <summary>One optimiser run with everything the tests look at, computed once.</summary>
public sealed record Solved(
    Plant Plant,
    OrderBook Book,
    CpSatOptions Options,
    CpSatResult Result,
    IReadOnlyList<Violation> Violations,
    KpiReport Kpis,
    Schedule Baseline,
    KpiReport BaselineKpis)
{
    public Schedule Schedule => Result.Schedule;

    public string Describe() =>
        $"{Book.Orders.Count} orders, status {Result.Status}, fell back {Result.FellBackToBaseline}, {Result.WallSeconds:F1} s; " +
        $"cpsat: CO2 {Kpis.Co2Kg:F0} kg, hot charge {Kpis.HotChargeRatio:F2}, hot transfer {Kpis.HotTransferRatio:F2}, tardiness {Kpis.WeightedTardinessH:F2} h, " +
        $"score {Options.Weights.Score(Kpis):F0}; baseline: CO2 {BaselineKpis.Co2Kg:F0} kg, hot charge {BaselineKpis.HotChargeRatio:F2}, " +
        $"hot transfer {BaselineKpis.HotTransferRatio:F2}, tardiness {BaselineKpis.WeightedTardinessH:F2} h, score {Options.Weights.Score(BaselineKpis):F0}; " +
        $"notes: {string.Join(" | ", Result.Notes)}; violations: {string.Join(" | ", Violations.Take(5))}";
}

/// <summary>The optimiser runs the tests share: each book is solved once per test run, whatever
/// number of tests looks at it, so the suite stays within its time budget on two busy cores.
/// One worker and a deterministic-time budget make every run the same on any machine load.</summary>
public sealed class CpSatSolves
{
    public static readonly CpSatOptions Options = new() { Workers = 1, Seed = 7, DeterministicTime = 1.0 };

    public static readonly Plant ReferencePlant = PlantFile.Load(RepositoryFiles.ReferencePlant);

    private readonly ConcurrentDictionary<string, Lazy<Solved>> _runs = new();

    public Solved Get(string key, Plant plant, OrderBook book, CpSatOptions? options = null) =>
        _runs.GetOrAdd(key, _ => new Lazy<Solved>(() => Run(plant, book, options ?? Options))).Value;

    public static Solved Run(Plant plant, OrderBook book, CpSatOptions options)
    {
        var baseline = BaselineDispatcher.Dispatch(plant, book);
        var result = CpSatScheduler.Solve(plant, book, options, baseline);
        return new Solved(plant, book, options, result,
            ScheduleValidator.Validate(plant, book, result.Schedule),
            KpiCalculator.Compute(plant, book, result.Schedule),
            baseline,
            KpiCalculator.Compute(plant, book, baseline));
    }

    // ---- the books ----------------------------------------------------------------------------

    /// <summary>Five mixed orders on the small plant: hot and cold, one to three heats, both recipes.</summary>
    public Solved Small() => Get("small", TestData.SmallPlant(), SmallBook());

    public static OrderBook SmallBook() => TestData.Book(
        TestData.Order("A", massT: 20, releaseTempC: 800, dueHours: 30),
        TestData.Order("B", massT: 60, releaseTempC: null, dueHours: 40, heats: 2, minForceMn: 60),
        TestData.Order("C", massT: 10, releaseTempC: 850, releaseHours: 2, dueHours: 36, recipe: "T1"),
        TestData.Order("D", massT: 25, releaseTempC: null, releaseHours: 1, dueHours: 50, heats: 3),
        TestData.Order("E", massT: 90, releaseTempC: 700, releaseHours: 3, dueHours: 60, minForceMn: 70, recipe: "T1"));

    public Solved Reference(int seed) =>
        Get($"reference-{seed}", ReferencePlant, ReferenceBook(seed, 8));

    public static OrderBook ReferenceBook(int seed, int count) =>
        OrderBookGenerator.Generate(ReferencePlant, count, seed, TestData.PlanStart, 24);

    /// <summary>Gas heating furnace HF-1 is down for the first eight hours and the big press for two.</summary>
    public static readonly Downtime[] DowntimeWindows =
    [
        new("HF-1", TestData.PlanStart, TestData.PlanStart.AddHours(8)),
        new("P-80", TestData.PlanStart.AddHours(9), TestData.PlanStart.AddHours(11)),
    ];

    public Solved WithDowntime() => Get("downtime", TestData.SmallPlant(DowntimeWindows), TestData.Book(
        TestData.Order("A", massT: 20, releaseTempC: 800, dueHours: 36),
        TestData.Order("B", massT: 40, releaseTempC: null, dueHours: 40, minForceMn: 60),
        TestData.Order("C", massT: 15, releaseTempC: null, releaseHours: 1, dueHours: 40, recipe: "T1"),
        TestData.Order("D", massT: 30, releaseTempC: 900, releaseHours: 2, dueHours: 44, heats: 2)));

    /// <summary>Four cold 45 t pieces, due first, fill both heating furnaces at plan start (two each:
    /// 90 of 100 t); an hour later two hot 20 t ingots arrive. Dispatched in due-date order, the
    /// ingots find no room and go cold in the yard for about eight hours; holding back one cold
    /// piece (it loses no heat by waiting) lets both ingots go in hot. Due dates leave room for it.</summary>
    public Solved Coordination() => Get("coordination", TestData.SmallPlant(), CoordinationBook());

    public static OrderBook CoordinationBook() => TestData.Book(
        TestData.Order("C1", massT: 45, releaseTempC: null, dueHours: 40, minForceMn: 60),
        TestData.Order("C2", massT: 45, releaseTempC: null, dueHours: 40, minForceMn: 60),
        TestData.Order("C3", massT: 45, releaseTempC: null, dueHours: 40, minForceMn: 60),
        TestData.Order("C4", massT: 45, releaseTempC: null, dueHours: 40, minForceMn: 60),
        TestData.Order("H1", massT: 20, releaseTempC: 850, releaseHours: 1, dueHours: 44),
        TestData.Order("H2", massT: 20, releaseTempC: 850, releaseHours: 1, dueHours: 44));

    /// <summary>Order L is due six hours after release; physics alone needs 13.6 h (FeasibilityReport).</summary>
    public Solved ImpossibleDue() => Get("impossible-due", TestData.SmallPlant(), ImpossibleDueBook());

    public static OrderBook ImpossibleDueBook() => TestData.Book(
        TestData.Order("L", massT: 20, releaseTempC: 800, dueHours: 6),
        TestData.Order("A", massT: 30, releaseTempC: null, dueHours: 40),
        TestData.Order("B", massT: 10, releaseTempC: 850, releaseHours: 1, dueHours: 40, recipe: "T1"));

    /// <summary>20 small orders released every 3.5 hours over three days (0 to 66.5 h).</summary>
    public static OrderBook ThreeDayBook() => TestData.Book(Enumerable.Range(0, 20).Select(i =>
        TestData.Order($"R{i:00}", massT: 10 + 10 * (i % 3), releaseTempC: i % 2 == 0 ? 800 : null,
            releaseHours: 3.5 * i, dueHours: 3.5 * i + 30, heats: i % 4 == 3 ? 2 : 1, recipe: i % 3 == 1 ? "T1" : "N1")).ToArray());
}
