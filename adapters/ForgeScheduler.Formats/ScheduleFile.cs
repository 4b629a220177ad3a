using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Kpis;

namespace ForgeScheduler.Formats;

/// <summary>schedule.json (docs/formats.md).</summary>
public sealed class ScheduleDocument
{
    public string? Plant { get; set; }
    public string? Method { get; set; }
    public int? Version { get; set; }
    public List<OperationDocument>? Operations { get; set; }
    public KpiReport? Kpis { get; set; }
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
        return new Schedule(r.Get(doc.Plant, "plant"), doc.Method ?? "unknown", ops);
    }

    public static ScheduleDocument ToDocument(Schedule schedule, KpiReport? kpis, int? version = null) => new()
    {
        Plant = schedule.Plant,
        Method = schedule.Method,
        Version = version,
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

    public static void Save(string path, Schedule schedule, KpiReport? kpis, int? version = null) =>
        JsonFiles.Write(path, ToDocument(schedule, kpis, version));

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
