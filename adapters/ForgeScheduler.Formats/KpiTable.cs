using System.Globalization;
using ForgeScheduler.Solver.Kpis;

namespace ForgeScheduler.Formats;

/// <summary>One line of the KPI comparison: the method's value beside the baseline's, and their ratio.</summary>
public sealed record KpiRow(string Key, string Label, string Unit, int Decimals, double Baseline, double Method)
{
    /// <summary>Method ÷ baseline; null when the baseline is zero (a ratio would mean nothing).</summary>
    public double? Ratio => Baseline == 0 ? null : Method / Baseline;
}

/// <summary>The KPIs a planner compares, in the order they are shown (terminal table, Gantt page).
/// Keys are the snake_case field names of kpis.json.</summary>
public static class KpiTable
{
    private sealed record Line(string Key, string Label, string Unit, int Decimals, Func<KpiReport, double> Value);

    private static readonly Line[] Lines =
    [
        new("tonnes", "Forged mass", "t", 1, k => k.Tonnes),
        new("energy_kwh", "Energy", "kWh", 0, k => k.EnergyKwh),
        new("energy_kwh_per_t", "Energy intensity", "kWh/t", 1, k => k.EnergyKwhPerT),
        new("co2_kg", "CO2", "kg", 0, k => k.Co2Kg),
        new("co2_kg_per_t", "CO2 intensity", "kg/t", 1, k => k.Co2KgPerT),
        new("hot_charge_ratio", "Hot-charge ratio", "by mass", 3, k => k.HotChargeRatio),
        new("hot_transfer_ratio", "Hot-transfer ratio", "by mass", 3, k => k.HotTransferRatio),
        new("electric_share", "Electric share", "of furnace energy", 3, k => k.ElectricShare),
        new("furnace_hot_idle_h", "Furnace hot idle", "h", 1, k => k.FurnaceHotIdleH),
        new("press_idle_h", "Press idle", "h", 1, k => k.PressIdleH),
        new("weighted_tardiness_h", "Weighted tardiness", "h", 1, k => k.WeightedTardinessH),
        new("late_orders", "Late orders", "", 0, k => k.LateOrders),
        new("makespan_h", "Makespan", "h", 1, k => k.MakespanH),
        new("energy_cost", "Energy cost", "currency", 0, k => k.EnergyCost),
    ];

    /// <summary>The kpis.json keys shown in the table, in order.</summary>
    public static IReadOnlyList<string> Keys { get; } = Lines.Select(l => l.Key).ToArray();

    public static IReadOnlyList<KpiRow> Rows(KpiReport baseline, KpiReport method) =>
        Lines.Select(l => new KpiRow(l.Key, l.Label, l.Unit, l.Decimals, l.Value(baseline), l.Value(method))).ToList();

    public static string FormatValue(KpiRow row, double value) =>
        value.ToString("N" + row.Decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string FormatRatio(double? ratio) =>
        ratio is { } r ? r.ToString("0.000", CultureInfo.InvariantCulture) : "—";
}
