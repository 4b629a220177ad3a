namespace ForgeScheduler.Solver.Domain;

public enum Carrier { Gas, Electric }

public enum FurnaceKind { Heating, HeatTreatment }

/// <summary>Hourly electricity profile of the plant, by local hour of day (0–23): the imported
/// electricity's factor and tariff, and optionally the on-site PV surplus (kW of the plant's own
/// solar left after its other loads), which the schedule's electric draw uses first (DESIGN.md).</summary>
public sealed record GridProfile(IReadOnlyList<double> Co2KgPerKwh, IReadOnlyList<double> TariffPerKwh)
{
    /// <summary>On-site PV surplus in kW: 24 values by local hour of day, or one value per hour of
    /// the horizon counted from the clock hour the plan starts in (hours past its end have none).
    /// Empty: no surplus.</summary>
    public IReadOnlyList<double> OnsitePvSurplusKw { get; init; } = [];

    /// <summary>What a kWh of surplus would earn if exported; using it on site costs this much (per kWh).</summary>
    public double ExportTariffPerKwh { get; init; }

    public bool HasPvSurplus => OnsitePvSurplusKw.Count > 0;

    public double Co2At(int localHour) => Co2KgPerKwh[((localHour % 24) + 24) % 24];
    public double TariffAt(int localHour) => TariffPerKwh[((localHour % 24) + 24) % 24];

    /// <summary>PV surplus in kW during a clock hour, given its local hour of day and its index
    /// from the plan start's clock hour.</summary>
    public double PvSurplusKwAt(int localHour, long horizonHour)
    {
        var pv = OnsitePvSurplusKw;
        if (pv.Count == 0) return 0;
        if (pv.Count == 24) return pv[((localHour % 24) + 24) % 24];
        return horizonHour >= 0 && horizonHour < pv.Count ? pv[(int)horizonHour] : 0;
    }
}

public sealed record GasSupply(double Co2KgPerNm3, double LhvMjPerNm3, double PricePerNm3)
{
    /// <summary>Chinese national defaults for natural gas (DESIGN.md); price is a typical industrial tariff.</summary>
    public static GasSupply Default { get; } = new(2.1622, 38.931, 3.6);
}

/// <summary>Yard cooling, version 2 (radiation + convection, Physics/CoolingLaw): volumetric heat
/// capacity ρc, surface emissivity ε and convective coefficient h_c.</summary>
public sealed record CoolingParameters(double RhoCMjPerM3K, double Emissivity, double ConvectionWPerM2K)
{
    /// <summary>DESIGN.md defaults: ρc 5.0 MJ/(m³K), ε 0.8 (oxidised steel), h_c 10 W/(m²K) (still air).</summary>
    public static CoolingParameters Default { get; } = new(5.0, 0.8, 10.0);
}

/// <summary>A heating furnace (before the press) or a heat-treatment furnace (after forging).</summary>
public sealed record Furnace(
    string Id,
    FurnaceKind Kind,
    Carrier Carrier,
    double CapacityTonnes,
    int CapacityPieces,
    double Efficiency,
    double HoldingKw,
    double RestartKwh,
    double MaxPowerKw,
    double MaxTempC,
    IReadOnlyList<string> Recipes);

public sealed record Press(string Id, double ForceMn, double MaxPieceTonnes, double KwhPerTonne, double IdleKw);

/// <summary>A heat-treatment recipe; only pieces of the same batching group share a charge.</summary>
public sealed record Recipe(string Id, double SoakC, double CycleHours, double MaxChargeC, string Group);

/// <summary>Cooling constants fitted from temperatures measured on the floor, for one steel grade and
/// diameter class [min, max): the emissivity ε and, where the readings allow, the convective h_c
/// (else the plant's). Used instead of the plant's parameters only when the fit is good.</summary>
public sealed record CoolingFitConstant(string Grade, double DiameterMinMetres, double DiameterMaxMetres,
    double Emissivity, double ConvectionWPerM2K, double RSquared, int Points)
{
    public const int MinPoints = 5;
    public const double MinRSquared = 0.9;

    /// <summary>True when h_c was fitted too; false when it is the plant's, held fixed.</summary>
    public bool ConvectionFitted { get; init; }

    public bool IsGood => Points >= MinPoints && RSquared >= MinRSquared && Emissivity > 0 && Emissivity <= 1 && ConvectionWPerM2K >= 0;

    /// <summary>The cooling parameters this fit gives, with the plant's ρc.</summary>
    public CoolingParameters Parameters(CoolingParameters plant) => plant with { Emissivity = Emissivity, ConvectionWPerM2K = ConvectionWPerM2K };

    public bool Covers(string grade, double diameterMetres) =>
        string.Equals(grade, Grade, StringComparison.OrdinalIgnoreCase) && diameterMetres >= DiameterMinMetres && diameterMetres < DiameterMaxMetres;
}

public sealed record Downtime(string Resource, DateTimeOffset From, DateTimeOffset To);

public sealed record Plant(
    string Id,
    string TimeZone,
    double AmbientC,
    double ElectricPowerCapKw,
    GridProfile Grid,
    GasSupply Gas,
    double HotChargeMinC,
    double HotTransferMinC,
    CoolingParameters Cooling,
    IReadOnlyList<Furnace> HeatingFurnaces,
    IReadOnlyList<Furnace> HeatTreatmentFurnaces,
    IReadOnlyList<Press> Presses,
    IReadOnlyList<Recipe> Recipes,
    double FurnaceToPressMaxMin,
    IReadOnlyList<Downtime> Downtime)
{
    /// <summary>Length of a shift; press idle is counted per shift (DESIGN.md).</summary>
    public double ShiftHours { get; init; } = 8.0;

    /// <summary>Cooling constants fitted from floor measurements (plant.json cooling.fits); optional.</summary>
    public IReadOnlyList<CoolingFitConstant> CoolingFits { get; init; } = [];

    public IEnumerable<Furnace> Furnaces => HeatingFurnaces.Concat(HeatTreatmentFurnaces);

    public Furnace? FindFurnace(string id) => Furnaces.FirstOrDefault(f => f.Id == id);

    public Press? FindPress(string id) => Presses.FirstOrDefault(p => p.Id == id);

    public Recipe? FindRecipe(string id) => Recipes.FirstOrDefault(r => r.Id == id);

    public bool HasResource(string id) => FindFurnace(id) is not null || FindPress(id) is not null;

    /// <summary>Local hour of day at an instant, in the plant's time zone (falls back to the instant's own offset).</summary>
    public int LocalHour(DateTimeOffset at) => PlantClock.LocalHour(TimeZone, at);
}
