using System.Text.Json.Serialization;
using ForgeScheduler.Solver.Baseline;
using ForgeScheduler.Solver.Kpis;
using ForgeScheduler.Solver.Optimisation;

namespace ForgeScheduler.Cli;

/// <summary>The "solver" block of kpis.json and bench.json. NaN (no objective after a fallback)
/// is written as null: JSON has no NaN.</summary>
public sealed record SolverBlock(
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? Objective,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? Bound,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? Gap,
    double WallSeconds, int Windows, bool FellBackToBaseline, IReadOnlyList<string> Notes)
{
    public static SolverBlock From(SolverStats stats, IReadOnlyList<string> notes) => new(
        stats.Status, Finite(stats.Objective), Finite(stats.Bound), Finite(stats.Gap), stats.WallSeconds, stats.Windows, stats.FellBackToBaseline, notes);

    public static double? Finite(double value) => double.IsFinite(value) ? value : null;
}

/// <summary>One dispatch rule of the baseline portfolio in kpis.json: its score on the objective, or
/// why it took no part, and its KPIs.</summary>
public sealed record RuleBlock(
    string Description,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? Score,
    string? Problem,
    KpiReport? Kpis);

/// <summary>kpis.json: <c>{"baseline": {…}, "baseline_rule": "…", "baseline_rules": {…}, "&lt;method&gt;": {…},
/// "limit": {…}, "solver": {…}}</c>, in that order. <c>baseline</c> is the best dispatch rule's KPIs.</summary>
public static class KpiBlocks
{
    public const string Limit = "limit";
    public const string Solver = "solver";
    public const string BaselineRule = "baseline_rule";
    public const string BaselineRules = "baseline_rules";

    public static Dictionary<string, object> Build(string baselineName, KpiReport baseline, string method, KpiReport kpis,
        EnergyLimit limit, SolverBlock? solver, BaselineResult? portfolio = null)
    {
        var blocks = new Dictionary<string, object> { [baselineName] = baseline };
        if (portfolio is not null)
        {
            blocks[BaselineRule] = portfolio.BestRule.Name;
            blocks[BaselineRules] = Rules(portfolio);
        }
        blocks[method] = kpis;
        blocks[Limit] = limit;
        if (solver is not null) blocks[Solver] = solver;
        return blocks;
    }

    public static Dictionary<string, RuleBlock> Rules(BaselineResult portfolio) =>
        portfolio.Rules.ToDictionary(r => r.Rule.Name, r => new RuleBlock(r.Rule.Description, SolverBlock.Finite(r.Score), r.Problem, r.Kpis));

    /// <summary>kpis.json <c>savings_by_lever</c>: the CO2 and energy the method saves against the best
    /// rule, total and per lever (keys of <see cref="LeverSavings"/>; they add up to the total).</summary>
    public static Dictionary<string, object> Levers(LeverSavings levers) => new()
    {
        ["co2_saved_kg"] = levers.Co2SavedKg,
        ["energy_saved_kwh"] = levers.EnergySavedKwh,
        ["levers"] = levers.Levers.ToDictionary(l => l.Key, l => new Dictionary<string, double>
        {
            ["co2_saved_kg"] = l.Co2SavedKg,
            ["energy_saved_kwh"] = l.EnergySavedKwh,
        }),
    };

    /// <summary>The limit's value for a KPI table key, where the limit says anything about it.</summary>
    public static double? LimitValue(EnergyLimit limit, string key) => key switch
    {
        "tonnes" => limit.Tonnes,
        "energy_kwh" => limit.EnergyKwh,
        "energy_kwh_per_t" => limit.EnergyKwhPerT,
        "co2_kg" => limit.Co2Kg,
        "co2_kg_per_t" => limit.Co2KgPerT,
        _ => null,
    };
}
