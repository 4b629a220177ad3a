namespace ForgeScheduler.Solver.Domain;

/// <summary>Which furnace or press can take which piece: the one statement of the plant's capability
/// rules. The optimiser, the dispatch rules, the repair, the limit, the feasibility report and the
/// generator all ask here; the validator states the same rules rule by rule, with a message for each
/// part that fails (Validation/CapabilityRules).</summary>
public static class Capability
{
    /// <summary>A heating furnace takes the piece for this heat: big enough for its mass and able to
    /// reach the forging temperature.</summary>
    public static bool CanHeat(Furnace furnace, Order order, ForgingHeat heat) =>
        furnace.CapacityTonnes >= order.MassTonnes && furnace.CapacityPieces >= 1 && furnace.MaxTempC >= heat.ForgeTempC;

    /// <summary>A press forges this heat: enough force, and the piece within its maximum mass.</summary>
    public static bool CanForge(Press press, Order order, ForgingHeat heat) =>
        press.ForceMn >= heat.MinForceMn && press.MaxPieceTonnes >= order.MassTonnes;

    /// <summary>A heat-treatment furnace runs this recipe and holds a piece of this mass.</summary>
    public static bool CanTreat(Furnace furnace, double massTonnes, string recipe) =>
        furnace.Recipes.Contains(recipe) && furnace.CapacityTonnes >= massTonnes;

    /// <summary>A heat-treatment furnace takes the order's piece for its own recipe.</summary>
    public static bool CanTreat(Furnace furnace, Order order) => CanTreat(furnace, order.MassTonnes, order.HeatTreatment);
}

/// <summary>When an order counts as late: the one rule the KPIs, the rescheduler, the reports and the
/// service share.</summary>
public static class Lateness
{
    /// <summary>An order finishing less than this after its due time is not counted late: schedules
    /// written to the minute, and read back through JSON, should not turn on seconds.</summary>
    public const double ToleranceMinutes = 1.0;

    public static bool IsLate(DateTimeOffset completion, DateTimeOffset due) => (completion - due).TotalMinutes > ToleranceMinutes;

    /// <summary>Hours after due (0 when on time); weighted tardiness is the order's weight times this.</summary>
    public static double TardinessHours(DateTimeOffset completion, DateTimeOffset due) => Math.Max(0, (completion - due).TotalHours);
}
