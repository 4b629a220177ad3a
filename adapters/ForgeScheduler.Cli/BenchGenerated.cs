using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using ForgeScheduler.Formats;
using ForgeScheduler.Solver.Baseline;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Generation;
using ForgeScheduler.Solver.Kpis;
using ForgeScheduler.Solver.Optimisation;
using ForgeScheduler.Solver.Validation;

namespace ForgeScheduler.Cli;

/// <summary>One generated book of the <c>generated</c> bench case: what it was, and the optimiser against the comparator on it.</summary>
public sealed record GeneratedBookReport(
    int Seed, int Orders, double Load, double HorizonHours, double HotShare, double Tonnes,
    double BaselineCo2KgPerT, double CpsatCo2KgPerT,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? Co2Ratio,
    double BaselineKwhPerT, double CpsatKwhPerT,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? KwhRatio,
    double BaselineWeightedTardinessH, double CpsatWeightedTardinessH, int BaselineLateOrders, int CpsatLateOrders,
    bool BaselineValid, bool CpsatValid, bool FellBack, string Status, int Windows, double WallSeconds,
    IReadOnlyDictionary<string, double> Co2SavedKgPerTByLever);

/// <summary>Smallest, mean and largest of one figure over the books (null when no book has it).</summary>
public sealed record MinMeanMax(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? Min,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? Mean,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? Max)
{
    public static MinMeanMax Of(IEnumerable<double?> values)
    {
        var list = values.Where(v => v is { } x && double.IsFinite(x)).Select(v => v!.Value).ToList();
        return list.Count == 0 ? new MinMeanMax(null, null, null) : new MinMeanMax(list.Min(), list.Average(), list.Max());
    }
}

/// <summary>
/// The <c>generated</c> case: books drawn by <see cref="OrderBookAtLoad"/> on the reference plant,
/// one per seed, each solved by the optimiser and compared with the comparator. Summary rows give
/// min / mean / max; tardiness is compared as a difference (the comparator's is often 0, so a
/// ratio would be undefined).
/// </summary>
public sealed record GeneratedBenchReport(
    double TimeLimitSeconds, string Comparator, IReadOnlyList<GeneratedBookReport> Books,
    MinMeanMax Co2Ratio, MinMeanMax KwhRatio, MinMeanMax BaselineWeightedTardinessH, MinMeanMax CpsatWeightedTardinessH,
    int Valid, int FellBack, string LoadAverage);

internal static class GeneratedBench
{
    /// <summary>Plan start of every generated book, in the plant's local time: fixed, so a seed gives the same book on any day.</summary>
    public const string PlanStart = "2026-11-26T06:00";

    /// <summary>Loads the books cycle through, so any ten seeds in a row cover 60–110 % of capacity.</summary>
    private static readonly double[] Loads = [0.6, 0.7, 0.8, 0.9, 1.0, 1.1];

    /// <summary>The comparator every book is measured against: the best rule of the dispatch portfolio.</summary>
    private static Schedule Comparator(Plant plant, OrderBook book) => BaselinePortfolio.Run(plant, book).Best;

    /// <summary>What book <paramref name="seed"/> is: 20–60 orders, a load from <see cref="Loads"/>,
    /// a hot-ingot share (by mass, or 20–90 %) and the shop's product mix reweighted, all from the seed.</summary>
    internal static (int Count, double Load, GenerationMix Mix) Describe(int seed)
    {
        var random = new Random(seed);
        var count = 20 + random.Next(0, 41);
        var load = Loads[(((seed - 1) % Loads.Length) + Loads.Length) % Loads.Length];
        double? hotShare = random.NextDouble() < 0.3 ? null : Math.Round(0.2 + (0.7 * random.NextDouble()), 2);
        var families = ProductFamily.HeavyForgingShop.Select(f => f with { Share = f.Share * (0.25 + (1.75 * random.NextDouble())) }).ToList();
        return (count, load, new GenerationMix(families, hotShare));
    }

    public static GeneratedBenchReport Run(CliContext context, Plant plant, DateTimeOffset planStart, IReadOnlyList<int> seeds,
        double limit, int workers, int solverSeed, BenchCommand.SolverTuning? tuning = null, string? booksDir = null)
    {
        var books = new List<GeneratedBookReport>();
        foreach (var seed in seeds)
        {
            var (count, load, mix) = Describe(seed);
            var generated = OrderBookAtLoad.Generate(plant, count, seed, planStart, load, mix);
            var book = generated.Book;
            var hotShare = book.Orders.Count(o => o.ReleaseTempC is not null) / (double)book.Orders.Count;
            context.Out.WriteLine(Inv($"bench generated {seed}: {count} orders, load {generated.Load:0.00} over {generated.HorizonHours:0.#} h, hot {hotShare:P0}, CP-SAT limit {limit:0.#} s"));
            var progress = new ProgressLog(context.Error, $"gen{seed}");
            var clock = Stopwatch.StartNew();
            var comparator = Comparator(plant, book);
            var result = CpSatScheduler.Solve(plant, book, (tuning ?? BenchCommand.SolverTuning.None).Apply(new CpSatOptions
            {
                TimeLimitSeconds = limit,
                Workers = workers,
                Seed = solverSeed,
                OnProgress = progress.Report,
            }), comparator);
            var wall = clock.Elapsed.TotalSeconds;
            foreach (var note in result.Notes) progress.Note(note);

            var before = KpiCalculator.Compute(plant, book, comparator);
            var after = KpiCalculator.Compute(plant, book, result.Schedule);
            var report = new GeneratedBookReport(seed, count, generated.Load, generated.HorizonHours, hotShare, before.Tonnes,
                before.Co2KgPerT, after.Co2KgPerT, Ratio(after.Co2KgPerT, before.Co2KgPerT),
                before.EnergyKwhPerT, after.EnergyKwhPerT, Ratio(after.EnergyKwhPerT, before.EnergyKwhPerT),
                before.WeightedTardinessH, after.WeightedTardinessH, before.LateOrders, after.LateOrders,
                ScheduleValidator.Validate(plant, book, comparator).Count == 0,
                ScheduleValidator.Validate(plant, book, result.Schedule).Count == 0,
                result.FellBackToBaseline, result.Status.Text, result.Windows, wall,
                LeverSavings.Compute(plant, book, comparator, result.Schedule).Levers.ToDictionary(l => l.Key, l => l.Co2SavedKg / Math.Max(1e-9, before.Tonnes)));
            books.Add(report);
            if (booksDir is not null) WriteBook(Path.Combine(booksDir, seed.ToString(CultureInfo.InvariantCulture)), plant, book, comparator, before, result.Schedule, after);
            context.Out.WriteLine(Inv($"bench generated {seed}: {result.Status}{(result.FellBackToBaseline ? " (comparator kept)" : "")} in {wall:0.0} s; CO2/t {Num(report.Co2Ratio)}, kWh/t {Num(report.KwhRatio)}, weighted tardiness {report.BaselineWeightedTardinessH:0.#} h → {report.CpsatWeightedTardinessH:0.#} h{(report.CpsatValid ? "" : ", INVALID")}"));
        }

        return new GeneratedBenchReport(limit, BaselineDispatcher.MethodName, books,
            MinMeanMax.Of(books.Select(b => b.Co2Ratio)), MinMeanMax.Of(books.Select(b => b.KwhRatio)),
            MinMeanMax.Of(books.Select(b => (double?)b.BaselineWeightedTardinessH)), MinMeanMax.Of(books.Select(b => (double?)b.CpsatWeightedTardinessH)),
            books.Count(b => b.BaselineValid && b.CpsatValid), books.Count(b => b.FellBack), LoadAverage.Read());
    }

    /// <summary>The book and both schedules, so a book of the bench can be re-run (<c>forge schedule --orders</c>)
    /// or judged (<c>forge validate</c>) on its own.</summary>
    private static void WriteBook(string dir, Plant plant, OrderBook book, Schedule comparator, KpiReport comparatorKpis, Schedule plan, KpiReport planKpis)
    {
        try
        {
            Directory.CreateDirectory(dir);
            OrdersFile.Save(Path.Combine(dir, "orders.json"), book);
            ScheduleFile.Save(Path.Combine(dir, "comparator.schedule.json"), comparator, comparatorKpis, plant: plant, orders: book);
            ScheduleFile.Save(Path.Combine(dir, "cpsat.schedule.json"), plan, planKpis, plant: plant, orders: book);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ForgeInputException(dir, "--out", $"cannot write: {e.Message}");
        }
    }

    /// <summary><c>1-10</c>, <c>3,5,8</c> or <c>1-4,9</c>: the seeds in the order given, each once.</summary>
    public static List<int> ParseSeeds(string text)
    {
        var seeds = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var range = part.Split('-', 2, StringSplitOptions.TrimEntries);
            if (!TryParseSeed(range[0], out var first) || !TryParseSeed(range[^1], out var last) || last < first)
                throw new ForgeInputException("command line", "--seeds", $"'{part}' is not a seed or a range like 1-10");
            if (last - first >= 1000) throw new ForgeInputException("command line", "--seeds", $"'{part}' is more than 1000 seeds");
            for (var s = first; s <= last; s++)
                if (!seeds.Contains(s)) seeds.Add(s);
        }
        if (seeds.Count == 0) throw new ForgeInputException("command line", "--seeds", $"'{text}' names no seed");
        return seeds;
    }

    private static bool TryParseSeed(string text, out int seed) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out seed);

    public static void Markdown(StringBuilder md, GeneratedBenchReport g)
    {
        md.AppendLine().AppendLine("## Generated books against the comparator").AppendLine();
        md.AppendLine(Inv($"Reference plant; one book per seed from `forge generate --load` (20–60 orders, load 0.6–1.1 of capacity, hot share and product mix from the seed); CP-SAT {g.TimeLimitSeconds:0.#} s per book against `{g.Comparator}`. Ratios are cpsat ÷ comparator (below 1: the optimiser needs less). Load average {g.LoadAverage}.")).AppendLine();
        md.AppendLine("| seed | orders | load | horizon h | hot | CO2/t ratio | kWh/t ratio | w. tardiness h comparator → cpsat | late | valid | fell back | status | wall s |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---|---|---|---|---|---:|");
        foreach (var b in g.Books)
            md.AppendLine(Inv($"| {b.Seed} | {b.Orders} | {b.Load:0.00} | {b.HorizonHours:0.#} | {b.HotShare:0.00} | {Num(b.Co2Ratio)} | {Num(b.KwhRatio)} | {b.BaselineWeightedTardinessH:0.#} → {b.CpsatWeightedTardinessH:0.#} | {b.BaselineLateOrders} → {b.CpsatLateOrders} | {YesNo(b.BaselineValid && b.CpsatValid)} | {YesNo(!b.FellBack, "no", "YES")} | {b.Status} | {b.WallSeconds:0.0} |"));
        var levers = g.Books.SelectMany(b => b.Co2SavedKgPerTByLever.Keys).Distinct().ToList();
        if (levers.Count > 0)
        {
            // Where each book's saving comes from (or goes): a planner asks which lever failed, not only how much.
            md.AppendLine().AppendLine("CO2 saved against the comparator by lever, kg/t (positive: the optimiser's plan emits less; docs/kpis.md#savings-by-lever):").AppendLine();
            md.AppendLine("| seed | " + string.Join(" | ", levers) + " |").AppendLine("|---:|" + string.Concat(levers.Select(_ => "---:|")));
            foreach (var b in g.Books)
                md.AppendLine(Inv($"| {b.Seed} | ") + string.Join(" | ", levers.Select(l => Num(b.Co2SavedKgPerTByLever.GetValueOrDefault(l), "0.0"))) + " |");
            md.AppendLine("| mean | " + string.Join(" | ", levers.Select(l => Num(g.Books.Average(b => b.Co2SavedKgPerTByLever.GetValueOrDefault(l)), "0.0"))) + " |");
        }
        md.AppendLine().AppendLine("| figure | min | mean | max |").AppendLine("|---|---:|---:|---:|");
        Row(md, "CO2/t cpsat ÷ comparator", g.Co2Ratio, "0.000");
        Row(md, "kWh/t cpsat ÷ comparator", g.KwhRatio, "0.000");
        Row(md, "weighted tardiness h, comparator", g.BaselineWeightedTardinessH, "0.#");
        Row(md, "weighted tardiness h, cpsat", g.CpsatWeightedTardinessH, "0.#");
        md.AppendLine().AppendLine(Inv($"Valid (both schedules): {g.Valid} of {g.Books.Count}. The optimiser fell back to the comparator on {g.FellBack} of {g.Books.Count}."));
    }

    private static void Row(StringBuilder md, string label, MinMeanMax m, string format) =>
        md.AppendLine($"| {label} | {Num(m.Min, format)} | {Num(m.Mean, format)} | {Num(m.Max, format)} |");

    private static double? Ratio(double value, double reference) => reference > 0 ? value / reference : null;

    private static string Num(double? value, string format = "0.000") =>
        value is { } v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "—";

    private static string YesNo(bool value, string yes = "yes", string no = "NO") => value ? yes : no;

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
