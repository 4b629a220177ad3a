namespace ForgeScheduler.Solver.Kpis;

/// <summary>The KPIs of one schedule, computed from (plant, orders, schedule) alone. Plain doubles,
/// not rounded; docs/kpis.md defines each one (formula and unit).</summary>
public sealed record KpiReport
{
    /// <summary>Mass of the orders with at least one operation in the schedule (t).</summary>
    public required double Tonnes { get; init; }
    public required double EnergyKwh { get; init; }
    public required double EnergyKwhPerT { get; init; }
    public required double Co2Kg { get; init; }
    public required double Co2KgPerT { get; init; }
    public required double HotChargeRatio { get; init; }
    public required double HotTransferRatio { get; init; }
    public required double ElectricShare { get; init; }
    public required double FurnaceHotIdleH { get; init; }
    public required double PressIdleH { get; init; }
    public required double WeightedTardinessH { get; init; }
    public required int LateOrders { get; init; }
    public required double MakespanH { get; init; }
    public required double EnergyCost { get; init; }
    public required double GasKwh { get; init; }
    public required double ElectricKwh { get; init; }
    public required double GasNm3 { get; init; }
    /// <summary>Energy by carrier, keys "gas" and "electric" (kWh).</summary>
    public required IReadOnlyDictionary<string, double> EnergyKwhByCarrier { get; init; }
    /// <summary>Energy per resource id (kWh), process plus idle.</summary>
    public required IReadOnlyDictionary<string, double> EnergyKwhByResource { get; init; }
    /// <summary>Busy time / makespan per resource (0–1).</summary>
    public required IReadOnlyDictionary<string, double> Utilisation { get; init; }
    public required double PeakElectricKw { get; init; }

    /// <summary>Idle energy of furnaces: holding or restart per gap plus one cold start per used furnace (kWh).</summary>
    public double FurnaceIdleKwh { get; init; }
    /// <summary>Idle energy of press pump stations within shifts (kWh).</summary>
    public double PressIdleKwh { get; init; }
    /// <summary>CO2 by carrier, keys "gas" and "electric" (kg).</summary>
    public IReadOnlyDictionary<string, double> Co2KgByCarrier { get; init; } = new Dictionary<string, double>();
    /// <summary>Orders of the book with no operation in the schedule; they count in no other KPI.</summary>
    public int UnscheduledOrders { get; init; }
}
