using System.Text.Json.Serialization;
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

/// <summary>kpis.json: <c>{"baseline": {…}, "&lt;method&gt;": {…}, "limit": {…}, "solver": {…}}</c>, in that order.</summary>
public static class KpiBlocks
{
    public const string Limit = "limit";
    public const string Solver = "solver";

    public static Dictionary<string, object> Build(string baselineName, KpiReport baseline, string method, KpiReport kpis,
        EnergyLimit limit, SolverBlock? solver)
    {
        var blocks = new Dictionary<string, object> { [baselineName] = baseline };
        blocks[method] = kpis;
        blocks[Limit] = limit;
        if (solver is not null) blocks[Solver] = solver;
        return blocks;
    }

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
