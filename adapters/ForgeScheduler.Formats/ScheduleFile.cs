using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Evaluation;
using ForgeScheduler.Solver.Kpis;

namespace ForgeScheduler.Formats;

/// <summary>schedule.json (docs/formats.md).</summary>
public sealed class ScheduleDocument
{
    public string? Plant { get; set; }
    public string? Method { get; set; }
    /// <summary>The baseline's winning dispatch rule (baseline schedules only).</summary>
    public string? Rule { get; set; }
    public int? Version { get; set; }
    public List<OperationDocument>? Operations { get; set; }
    /// <summary>Per furnace used: what it costs besides steel heat (written, never read back: physics
    /// recomputes it). Operations' energy_kwh + gap_kwh + cold_start_kwh + the press idle of the KPI
    /// block add up to the KPI total.</summary>
    public List<FurnaceEnergyDocument>? FurnaceEnergy { get; set; }
    public KpiReport? Kpis { get; set; }
}

/// <summary>One furnace's energy besides steel heat (furnace energy v2, docs/formats.md).</summary>
public sealed class FurnaceEnergyDocument
{
    public string? Furnace { get; set; }
    public string? Carrier { get; set; }
    public bool HotAtStart { get; set; }
    /// <summary>Hours hot: loaded, or empty and kept hot across a gap.</summary>
    public double HotH { get; set; }
    public double LoadedH { get; set; }
    /// <summary>Holding while loaded; already inside the operations' energy_kwh, shared by mass.</summary>
    public double HoldingKwh { get; set; }
    /// <summary>Gaps by the gap rule (kept hot, or let go cold and restarted), including the stretch
    /// from plan start to the first use of a furnace hot at start.</summary>
    public double GapKwh { get; set; }
    public int ColdStarts { get; set; }
    /// <summary>The cold start before the first use of a furnace not hot at plan start.</summary>
    public double ColdStartKwh { get; set; }
}

public sealed class OperationDocument
{
    public string? Order { get; set; }
    public int? Step { get; set; }
    public string? Kind { get; set; }
    public string? Resource { get; set; }
    public string? Charge { get; set; }
    public DateTimeOffset? Start { get; set; }
    public DateTimeOffset? End { get; set; }
    public double? ChargeTempC { get; set; }
    public double? EnergyKwh { get; set; }
    public string? Carrier { get; set; }
    /// <summary>True for a heat or heat treatment cut short by a furnace trip (the step appears again); absent otherwise.</summary>
    public bool? Interrupted { get; set; }
}

public static class ScheduleFile
{
    public static Schedule Load(string path) => Parse(JsonFiles.ReadText(path), path);

    public static Schedule Parse(string json, string source)
    {
        var doc = JsonFiles.Deserialize<ScheduleDocument>(json, source);
        var r = new Required(source);
        var ops = r.Get(doc.Operations, "operations").Select((o, i) =>
        {
            var p = $"operations[{i}]";
            return new ScheduledOperation(
                r.Get(o.Order, $"{p}.order"),
                r.Get(o.Step, $"{p}.step"),
                ParseKind(r.Get(o.Kind, $"{p}.kind"), $"{p}.kind", source),
                r.Get(o.Resource, $"{p}.resource"),
                o.Charge ?? $"{o.Resource}-{i}",
                r.Get(o.Start, $"{p}.start"),
                r.Get(o.End, $"{p}.end"),
                o.ChargeTempC ?? double.NaN,
                o.EnergyKwh ?? 0,
                o.Carrier is null ? null : PlantFile.ParseCarrier(o.Carrier, $"{p}.carrier", source)) { Interrupted = o.Interrupted ?? false };
        }).ToList();
        return new Schedule(r.Get(doc.Plant, "plant"), doc.Method ?? "unknown", ops) { Rule = doc.Rule };
    }

    /// <summary>With <paramref name="plant"/> and <paramref name="orders"/>, the furnace_energy blocks are written too.</summary>
    public static ScheduleDocument ToDocument(Schedule schedule, KpiReport? kpis, int? version = null, Plant? plant = null, OrderBook? orders = null) => new()
    {
        Plant = schedule.Plant,
        Method = schedule.Method,
        Rule = schedule.Rule,
        Version = version,
        FurnaceEnergy = plant is null || orders is null ? null : FurnaceEnergyDocuments(plant, orders, schedule),
        Operations = schedule.Operations.OrderBy(o => o.Start).ThenBy(o => o.Resource).Select(o => new OperationDocument
        {
            Order = o.Order,
            Step = o.Step,
            Kind = KindName(o.Kind),
            Resource = o.Resource,
            Charge = o.Charge,
            Start = o.Start,
            End = o.End,
            ChargeTempC = double.IsNaN(o.ChargeTempC) ? null : Math.Round(o.ChargeTempC, 1),
            EnergyKwh = Math.Round(o.EnergyKwh, 1),
            Carrier = o.Carrier is null ? null : (o.Carrier == Solver.Domain.Carrier.Gas ? "gas" : "electric"),
            Interrupted = o.Interrupted ? true : null,
        }).ToList(),
        Kpis = kpis,
    };

    public static void Save(string path, Schedule schedule, KpiReport? kpis, int? version = null, Plant? plant = null, OrderBook? orders = null) =>
        JsonFiles.Write(path, ToDocument(schedule, kpis, version, plant, orders));

    public static List<FurnaceEnergyDocument> FurnaceEnergyDocuments(Plant plant, OrderBook orders, Schedule schedule) =>
        ScheduleEvaluator.Evaluate(plant, orders, schedule).Furnaces.Select(f => new FurnaceEnergyDocument
        {
            Furnace = f.Furnace.Id,
            Carrier = f.Furnace.Carrier == Solver.Domain.Carrier.Gas ? "gas" : "electric",
            HotAtStart = f.HotAtStart,
            HotH = Math.Round(f.HotHours, 3),
            LoadedH = Math.Round(f.LoadedHours, 3),
            HoldingKwh = Math.Round(f.HoldingKwh, 1),
            GapKwh = Math.Round(f.GapKwh, 1),
            ColdStarts = f.ColdStarts,
            ColdStartKwh = Math.Round(f.ColdStartKwh, 1),
        }).ToList();

    public static string KindName(OperationKind kind) => kind switch
    {
        OperationKind.Heat => "heat",
        OperationKind.Forge => "forge",
        _ => "heat_treat",
    };

    public static OperationKind ParseKind(string value, string field, string source) => value switch
    {
        "heat" => OperationKind.Heat,
        "forge" => OperationKind.Forge,
        "heat_treat" => OperationKind.HeatTreat,
        _ => throw new ForgeInputException(source, field, $"'{value}' is not an operation kind (heat, forge, heat_treat)"),
    };
}
