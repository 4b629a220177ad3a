using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Solver.Kpis;

/// <summary>The KPIs of one schedule, computed from (plant, orders, schedule) alone.</summary>
public sealed record KpiReport
{
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
}

public static class KpiCalculator
{
    public static KpiReport Compute(Plant plant, OrderBook orders, Schedule schedule) =>
        throw new NotImplementedException("KPI calculator: being built");
}
