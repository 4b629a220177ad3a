using ForgeScheduler.Solver.Domain;
using Google.OrTools.Sat;

namespace ForgeScheduler.Solver.Optimisation;

/// <summary>Variables of one heat (a piece in a heating furnace).</summary>
internal sealed class HeatVars(Order order, int heatIndex, IReadOnlyList<WaitBucket> table)
{
    public Order Order { get; } = order;
    public int HeatIndex { get; } = heatIndex;
    public IReadOnlyList<WaitBucket> Table { get; } = table;
    public required IntVar Start { get; init; }
    public required IntVar End { get; init; }
    public required IntVar Wait { get; init; }
    public required BoolVar[] Bands { get; init; }
    public required IntVar Duration { get; init; }
    /// <summary>Minutes in the furnace: the band's heating time plus any soaked wait at forging
    /// temperature (a hot piece held in a hot furnace until a press is free, instead of cooling in the yard).</summary>
    public required IntVar Occupancy { get; init; }
    public Dictionary<Furnace, BoolVar> Furnaces { get; } = [];
    /// <summary>The heat's optional interval in each furnace it may go to (ForgingModel.Constraints).</summary>
    public Dictionary<Furnace, IntervalVar> Intervals { get; } = [];
    /// <summary>Points per kWh of electricity in the hour block the heat starts in (electric options only).</summary>
    public IntVar? ElectricPrice { get; set; }
    public long ShortestDuration => Table.Min(b => b.DurationMin);
}

/// <summary>Variables of one forging pass on a press.</summary>
internal sealed class ForgeVars
{
    public required IntVar Start { get; init; }
    public required long Duration { get; init; }
    /// <summary>Bounds of <see cref="Start"/>: the shifts it may fall in.</summary>
    public required long Earliest { get; init; }
    public required long Latest { get; init; }
    public Dictionary<Press, BoolVar> Presses { get; } = [];
}

/// <summary>A heat-treatment charge that may or may not be used: pieces assigned to it start and end
/// together in one furnace with one batching group.</summary>
internal sealed class HtSlot
{
    public required Furnace Furnace { get; init; }
    public required string Group { get; init; }
    public required int Index { get; init; }
    public required IntVar Start { get; init; }
    public required BoolVar Present { get; init; }
    /// <summary>The longest cycle among the pieces in it; zero when the charge is not used.</summary>
    public required IntVar Duration { get; init; }
    public required IntVar End { get; init; }
    public required long ShortestCycle { get; init; }
    public required long LongestCycle { get; init; }
    public required IntervalVar Interval { get; init; }
    public List<(OrderVars Order, BoolVar Assigned)> Members { get; } = [];
    public IntVar? ElectricPrice { get; set; }
    public string Name => $"{Furnace.Id}/c{Group}{Index}";
}

/// <summary>The heat-treatment side of one order.</summary>
internal sealed class HtVars(IReadOnlyList<WaitBucket> table, Recipe recipe)
{
    public IReadOnlyList<WaitBucket> Table { get; } = table;
    public Recipe Recipe { get; } = recipe;
    public required IntVar Start { get; init; }
    public required IntVar End { get; init; }
    public required BoolVar[] Bands { get; init; }
    public Dictionary<HtSlot, BoolVar> Slots { get; } = [];
}

internal sealed class OrderVars(Order order)
{
    public Order Order { get; } = order;
    public List<HeatVars> Heats { get; } = [];
    public List<ForgeVars> Forges { get; } = [];
    public HtVars? HeatTreatment { get; set; }
    public IntVar? Tardiness { get; set; }
}
