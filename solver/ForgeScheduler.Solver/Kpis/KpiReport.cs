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

    /// <summary>Idle energy of furnaces: the gap rule (holding or restart) per gap, plus the cold start
    /// of every used furnace that was not hot at plan start (kWh).</summary>
    public double FurnaceIdleKwh { get; init; }
    /// <summary>Holding power of furnaces while loaded (wall and opening losses over the hours pieces are inside), kWh.</summary>
    public double FurnaceHoldingKwh { get; init; }
    /// <summary>Cold starts of furnaces: before first use (unless hot at plan start) and every gap let go cold.</summary>
    public int FurnaceColdStarts { get; init; }
    /// <summary>Hours furnaces are hot, loaded or kept hot while empty, summed over furnaces.</summary>
    public double FurnaceHotH { get; init; }
    /// <summary>Electricity covered by the on-site PV surplus, kWh (0 kg CO2; priced at the export tariff).</summary>
    public double OnsitePvKwh { get; init; }
    /// <summary>Idle energy of press pump stations within shifts (kWh).</summary>
    public double PressIdleKwh { get; init; }
    /// <summary>CO2 by carrier, keys "gas" and "electric" (kg).</summary>
    public IReadOnlyDictionary<string, double> Co2KgByCarrier { get; init; } = new Dictionary<string, double>();
    /// <summary>Orders of the book with no operation in the schedule; they count in no other KPI.</summary>
    public int UnscheduledOrders { get; init; }
}
