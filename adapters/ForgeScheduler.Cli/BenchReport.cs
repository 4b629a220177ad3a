using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using ForgeScheduler.Formats;
using ForgeScheduler.Solver.Kpis;
using ForgeScheduler.Solver.Optimisation;

namespace ForgeScheduler.Cli;

/// <summary>bench.json: settings, one block per plant case, and the FJSP table.</summary>
public sealed record BenchReport(string GeneratedUtc, int Workers, int Seed, IReadOnlyList<PlantCaseReport> PlantCases, FjspBenchReport? Fjsp,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RescheduleBenchReport? Reschedule = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ClusterBenchReport? Cluster = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SpeedBenchReport? Speed = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] GeneratedBenchReport? Generated = null);

/// <summary>Optimiser against today's practice on one reference order book.</summary>
public sealed record PlantCaseReport(
    string Case,
    string Orders,
    int OrderCount,
    double TimeLimitSeconds,
    double WallSeconds,
    SolverBlock Solver,
    IReadOnlyDictionary<string, bool> Valid,
    IReadOnlyDictionary<string, object> Kpis,
    IReadOnlyDictionary<string, double?> Ratios)
{
    /// <summary>The dispatch rule the baseline is (the best of the portfolio by the objective).</summary>
    public string? BaselineRule { get; init; }
    /// <summary>Every dispatch rule's score and KPIs.</summary>
    public IReadOnlyDictionary<string, RuleBlock>? BaselineRules { get; init; }
}

public sealed record FjspInstanceReport(
    string Instance, int Jobs, int Machines,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] long? Makespan,
    long Bks, long Lb,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? GapPct,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] long? Bound,
    string Status, double WallSeconds, bool Valid)
{
    /// <summary>LNS neighbourhoods solved and accepted after the full solve; null when it did not run.</summary>
    public int? LnsNeighbourhoods { get; init; }

    public int? LnsAccepted { get; init; }
}

public sealed record FjspBenchReport(double TimeLimitSeconds, IReadOnlyList<FjspInstanceReport> Instances,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? MeanGapPct);

/// <summary>bench.md: the same figures as markdown tables.</summary>
public static class BenchMarkdown
{
    /// <summary>The ratios the benchmark headlines; below 1 means the optimiser needs less.</summary>
    public static readonly string[] RatioKeys = ["co2_kg_per_t", "energy_kwh_per_t", "weighted_tardiness_h"];

    public static string Render(BenchReport report)
    {
        var md = new StringBuilder();
        md.AppendLine("# ForgeScheduler benchmark").AppendLine();
        md.AppendLine(Invariant($"Generated {report.GeneratedUtc} with `forge bench`; CP-SAT with {report.Workers} worker(s), seed {report.Seed}."));
        if (report.PlantCases.Count > 0) PlantCases(md, report.PlantCases);
        if (report.Fjsp is { } fjsp) Fjsp(md, fjsp);
        if (report.Reschedule is { } reschedule) RescheduleBenchMarkdown.Render(md, reschedule);
        if (report.Cluster is { } cluster) Cluster(md, cluster);
        if (report.Speed is { } speed) SpeedBench.Render(md, speed);
        if (report.Generated is { } generated) GeneratedBench.Markdown(md, generated);
        return md.ToString();
    }

    private static void Cluster(StringBuilder md, ClusterBenchReport c)
    {
        md.AppendLine().AppendLine("## Cluster: plants rescheduling at once").AppendLine();
        md.AppendLine(Invariant($"{c.Silos} silos, {c.Clustering}; {c.Plants} plants (copies of the reference plant) with {c.OrdersPerPlant} generated orders each, solve limit {c.SolveLimitSeconds:0.#} s, all asked at once through one client. Latency: request to published version. Load average {c.LoadAverage}.")).AppendLine();
        md.AppendLine("| round | wall s | reschedules/min | latency p50 s | latency p95 s | violations | answered by silo | solver status |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---|---|");
        foreach (var r in c.Rounds)
            md.AppendLine(Invariant($"| {r.Round} | {r.WallSeconds:0.0} | {r.ReschedulesPerMinute:0.0} | {r.LatencyP50Seconds:0.0} | {r.LatencyP95Seconds:0.0} | {r.Violations} | ") +
                          string.Join(", ", r.AnsweredBySilo.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}: {s.Value}")) + " | " +
                          string.Join(", ", r.Statuses.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}: {s.Value}")) + " |");
    }

    private static void PlantCases(StringBuilder md, IReadOnlyList<PlantCaseReport> cases)
    {
        md.AppendLine().AppendLine("## Reference plant: CP-SAT against the best dispatch rule").AppendLine();
        md.AppendLine("The baseline is the best of the dispatch rules (baseline v2, docs/baseline.md) by the optimiser's own objective. Ratios are cpsat ÷ that rule (below 1: the optimiser needs less). Objective and bound are in model points, summed over windows.").AppendLine();
        md.AppendLine("| case | orders | best rule | time limit s | wall s | status | objective | bound | gap % | windows | CO2/t ratio | kWh/t ratio | tardiness ratio | valid baseline / cpsat |");
        md.AppendLine("|---|---:|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var c in cases)
        {
            var status = c.Solver.FellBackToBaseline ? $"{c.Solver.Status} (baseline kept)" : c.Solver.Status;
            md.AppendLine(Invariant($"| {c.Case} | {c.OrderCount} | {c.BaselineRule ?? "—"} | {c.TimeLimitSeconds:0.#} | {c.WallSeconds:0.0} | {status} | {Num(c.Solver.Objective, "0")} | {Num(c.Solver.Bound, "0")} | {Num(c.Solver.Gap * 100, "0.0")} | {c.Solver.Windows} | ") +
                          string.Join(" | ", RatioKeys.Select(k => Num(c.Ratios.GetValueOrDefault(k), "0.000"))) +
                          $" | {YesNo(c.Valid[ScheduleMethodNames.Baseline])} / {YesNo(c.Valid[CpSatScheduler.MethodName])} |");
        }
        md.AppendLine().AppendLine("Per tonne, every method side by side (score: the objective, kg-CO2-equivalent; late: orders late):").AppendLine();
        md.AppendLine("| case | method | CO2 kg/t | kWh/t | weighted tardiness h | late | score |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (var c in cases)
        {
            var cpsat = (KpiReport)c.Kpis[CpSatScheduler.MethodName];
            var limit = (EnergyLimit)c.Kpis[KpiBlocks.Limit];
            md.AppendLine(Invariant($"| {c.Case} | **cpsat** | {cpsat.Co2KgPerT:0.0} | {cpsat.EnergyKwhPerT:0.0} | {cpsat.WeightedTardinessH:0.0} | {cpsat.LateOrders} | {ObjectiveWeights.Default.Score(cpsat):N0} |"));
            foreach (var (rule, block) in (c.BaselineRules ?? new Dictionary<string, RuleBlock>()).OrderBy(r => r.Value.Score ?? double.MaxValue))
            {
                var label = rule == c.BaselineRule ? $"**{rule}** (best rule)" : rule;
                md.AppendLine(block.Kpis is { } k
                    ? Invariant($"| {c.Case} | {label} | {k.Co2KgPerT:0.0} | {k.EnergyKwhPerT:0.0} | {k.WeightedTardinessH:0.0} | {k.LateOrders} | {Num(block.Score, "N0")} |")
                    : $"| {c.Case} | {label} | {block.Problem} | | | | |");
            }
            md.AppendLine(Invariant($"| {c.Case} | limit | {limit.Co2KgPerT:0.0} | {limit.EnergyKwhPerT:0.0} | | | |"));
        }
        foreach (var c in cases)
        {
            md.AppendLine().AppendLine($"### {c.Case} ({c.Orders})").AppendLine();
            md.AppendLine($"| KPI | unit | baseline ({c.BaselineRule}) | cpsat | cpsat ÷ baseline | limit |");
            md.AppendLine("|---|---|---:|---:|---:|---:|");
            var baseline = (KpiReport)c.Kpis[ScheduleMethodNames.Baseline];
            var cpsat = (KpiReport)c.Kpis[CpSatScheduler.MethodName];
            var limit = (EnergyLimit)c.Kpis[KpiBlocks.Limit];
            foreach (var row in KpiTable.Rows(baseline, cpsat))
            {
                var limitValue = KpiBlocks.LimitValue(limit, row.Key) is { } v ? KpiTable.FormatValue(row, v) : "";
                md.AppendLine($"| {row.Label} | {row.Unit} | {KpiTable.FormatValue(row, row.Baseline)} | {KpiTable.FormatValue(row, row.Method)} | {KpiTable.FormatRatio(row.Ratio)} | {limitValue} |");
            }
            foreach (var note in c.Solver.Notes) md.AppendLine().AppendLine($"Note: {note}");
        }
    }

    private static void Fjsp(StringBuilder md, FjspBenchReport fjsp)
    {
        md.AppendLine().AppendLine("## Flexible job shop (Brandimarte MK01–MK10)").AppendLine();
        md.AppendLine(Invariant($"Makespan against the best-known solution (bks); gap % = 100 × (makespan − bks) / bks. Time limit {fjsp.TimeLimitSeconds:0.#} s per instance: CP-SAT on the full model for a quarter, then a tabu search on the critical path for a quarter and large-neighbourhood search for the rest, unless the full solve proved optimality.")).AppendLine();
        md.AppendLine("| instance | jobs | machines | makespan | bks | gap % | bound | lb | status | time s | valid | LNS tried / accepted |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---|---:|");
        foreach (var i in fjsp.Instances)
            md.AppendLine(Invariant($"| {i.Instance} | {i.Jobs} | {i.Machines} | {i.Makespan?.ToString(CultureInfo.InvariantCulture) ?? "—"} | {i.Bks} | {Num(i.GapPct, "0.0")} | {i.Bound?.ToString(CultureInfo.InvariantCulture) ?? "—"} | {i.Lb} | {i.Status} | {i.WallSeconds:0.0} | {YesNo(i.Valid)} | {(i.LnsNeighbourhoods is { } n ? $"{n} / {i.LnsAccepted}" : "—")} |"));
        md.AppendLine().AppendLine($"Mean gap: {Num(fjsp.MeanGapPct, "0.00")} %");
    }

    private static string Num(double? value, string format) =>
        value is { } v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "—";

    private static string YesNo(bool value) => value ? "yes" : "NO";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

internal static class ScheduleMethodNames
{
    public const string Baseline = ForgeScheduler.Solver.Baseline.BaselineDispatcher.MethodName;
}
