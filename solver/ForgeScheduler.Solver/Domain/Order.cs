namespace ForgeScheduler.Solver.Domain;

/// <summary>One forging pass: the piece is heated to <see cref="ForgeTempC"/>, forged for
/// <see cref="PressMinutes"/> on a press of at least <see cref="MinForceMn"/>, and leaves the press at
/// <see cref="FinishTempC"/>.</summary>
public sealed record ForgingHeat(double ForgeTempC, double PressMinutes, double MinForceMn, double FinishTempC)
{
    /// <summary>Finish temperature when an order file, a CSV export or a B2MML document gives none: a
    /// heavy forging usually leaves the press around 800 °C (datasets/README.md).</summary>
    public const double DefaultFinishTempC = 800;
}

/// <summary>One forging order (one piece). <see cref="ReleaseTempC"/> is the temperature of a hot
/// ingot stripped at release; null means cold stock at ambient.</summary>
public sealed record Order(
    string Id,
    string Product,
    string Grade,
    double MassTonnes,
    double DiameterMetres,
    DateTimeOffset Release,
    double? ReleaseTempC,
    DateTimeOffset Due,
    double Weight,
    IReadOnlyList<ForgingHeat> Heats,
    string HeatTreatment,
    double? ColdHeatingHours)
{
    public double StartTempC(double ambientC) => ReleaseTempC ?? ambientC;
}

public sealed record OrderBook(string Plant, DateTimeOffset PlanStart, IReadOnlyList<Order> Orders)
{
    /// <summary>Furnaces that are hot when the plan starts (they ran the night before): they pay no
    /// cold start before their first use (DESIGN.md, furnace energy v2). Default: none.</summary>
    public IReadOnlyList<string> FurnacesHotAtStart { get; init; } = [];

    public bool IsHotAtStart(string furnaceId) => FurnacesHotAtStart.Contains(furnaceId, StringComparer.Ordinal);

    public Order? Find(string id) => Orders.FirstOrDefault(o => o.Id == id);
}
