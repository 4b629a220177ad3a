namespace ForgeScheduler.Solver.Baseline;

/// <summary>How the dispatcher picks a furnace for a piece among those free for it now (DESIGN.md,
/// baseline v2). Everything else — EDD order, hot ingots in on arrival if there is room, forgings
/// waiting for a full heat-treatment charge or a shift, presses by marginal energy — is the same for
/// every rule. docs/baseline.md describes each.</summary>
public sealed record DispatchRule(string Name, string Description)
{
    /// <summary>First free capable furnace in the order the plant file lists them.</summary>
    public static DispatchRule PlantOrder { get; } = new("plant-order", "first free capable furnace in plant-file order");

    /// <summary>Version 1 of today's practice: gas furnaces before electric ones, then by id.</summary>
    public static DispatchRule GasFirst { get; } = new("gas-first", "gas before electric, then by id (baseline version 1)");

    /// <summary>Gas before electric, the smallest capable furnace first (best fit by capacity).</summary>
    public static DispatchRule SmallestGasFirst { get; } = new("smallest-gas-first", "gas before electric, smallest capable furnace first");

    /// <summary>The free capable furnace where this piece adds the least CO2-equivalent now: steel heat
    /// at the furnace's efficiency plus the holding, gap and cold start it adds (an already hot
    /// furnace adds little), gas or electric priced at the hour's factor, tariff and PV surplus.</summary>
    public static DispatchRule LowestMarginal { get; } = new("lowest-marginal", "free capable furnace with the lowest marginal CO2-eq for this piece now");

    /// <summary>A furnace already loaded now that has room (the fullest first), else as lowest-marginal.</summary>
    public static DispatchRule CoLoad { get; } = new("co-load", "a furnace loaded now with room (fullest first), else the lowest marginal");

    public static IReadOnlyList<DispatchRule> All { get; } = [PlantOrder, GasFirst, SmallestGasFirst, LowestMarginal, CoLoad];

    public static DispatchRule? Find(string? name) => All.FirstOrDefault(r => r.Name == name);

    public override string ToString() => Name;
}
