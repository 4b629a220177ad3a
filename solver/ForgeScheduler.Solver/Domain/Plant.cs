namespace ForgeScheduler.Solver.Domain;

public enum Carrier { Gas, Electric }

public enum FurnaceKind { Heating, HeatTreatment }

/// <summary>Hourly electricity profile of the plant, by local hour of day (0–23).</summary>
public sealed record GridProfile(IReadOnlyList<double> Co2KgPerKwh, IReadOnlyList<double> TariffPerKwh)
{
    public double Co2At(int localHour) => Co2KgPerKwh[((localHour % 24) + 24) % 24];
    public double TariffAt(int localHour) => TariffPerKwh[((localHour % 24) + 24) % 24];
}

public sealed record GasSupply(double Co2KgPerNm3, double LhvMjPerNm3, double PricePerNm3)
{
    /// <summary>Chinese national defaults for natural gas (DESIGN.md); price is a typical industrial tariff.</summary>
    public static GasSupply Default { get; } = new(2.1622, 38.931, 3.6);
}

public sealed record CoolingParameters(double RhoCMjPerM3K, double HEffWPerM2K)
{
    public static CoolingParameters Default { get; } = new(5.0, 80.0);
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

/// <summary>A cooling time constant fitted from temperatures measured on the floor, for one steel
/// grade and diameter class [min, max). Used instead of the formula only when it is good.</summary>
public sealed record CoolingFitConstant(string Grade, double DiameterMinMetres, double DiameterMaxMetres, double TauHours, double RSquared, int Points)
{
    public const int MinPoints = 5;
    public const double MinRSquared = 0.9;

    public bool IsGood => Points >= MinPoints && RSquared >= MinRSquared && TauHours > 0;

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
