using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Solver.Baseline;

/// <summary>The dispatcher's board: what is already booked on every furnace and press, the plant's
/// electric load and downtime. Times are whole minutes
/// from the order book's plan start.</summary>
internal sealed class DispatchBoard
{
    // Floating-point headroom so sums recomputed elsewhere in another order stay under the limits.
    private const double Slack = 1e-6;

    private readonly Plant _plant;
    private readonly Dictionary<string, Timeline> _resources = [];
    private readonly Dictionary<string, List<(int From, int To)>> _downtime = [];
    private readonly Timeline _electricLoad = new();

    public DispatchBoard(Plant plant, DateTimeOffset planStart, IReadOnlyList<string>? hotAtStart = null)
    {
        _plant = plant;
        PlanStart = planStart;
        HotAtStart = (hotAtStart ?? []).ToHashSet(StringComparer.Ordinal);
        foreach (var d in plant.Downtime)
        {
            // Widen to whole minutes so no booked minute touches the window.
            var from = (int)Math.Floor((d.From - planStart).TotalMinutes);
            var to = (int)Math.Ceiling((d.To - planStart).TotalMinutes);
            if (!_downtime.TryGetValue(d.Resource, out var list)) _downtime[d.Resource] = list = [];
            list.Add((from, to));
        }
    }

    public DateTimeOffset PlanStart { get; }

    public Plant Plant => _plant;

    /// <summary>Furnaces hot at plan start (the order book's furnaces_hot_at_start).</summary>
    public IReadOnlySet<string> HotAtStart { get; }

    /// <summary>The rule that picks a furnace among those free for a piece.</summary>
    public DispatchRule Rule { get; init; } = DispatchRule.LowestMarginal;

    /// <summary>How CO2 and cost weigh against each other when a rule compares marginal costs.</summary>
    public Optimisation.ObjectiveWeights Weights { get; init; } = Optimisation.ObjectiveWeights.Default;

    public DateTimeOffset At(int minute) => PlanStart.AddMinutes(minute);

    /// <summary>Heating minutes by (order, heat index, minutes waited); null = exact physics.</summary>
    public Func<Order, int, double, int>? HeatingMinutes { get; init; }

    /// <summary>The first whole minute at or after an instant.</summary>
    public int MinuteAtOrAfter(DateTimeOffset at) => (int)Math.Ceiling((at - PlanStart).TotalMinutes);

    /// <summary>The end of the downtime window of a resource that overlaps [from, to), if any.</summary>
    public int? DowntimeBlocking(string resource, int from, int to)
    {
        if (!_downtime.TryGetValue(resource, out var list)) return null;
        int? end = null;
        foreach (var (f, t) in list)
        {
            if (f < to && t > from) end = Math.Max(end ?? t, t);
        }
        return end;
    }

    /// <summary>Null if a piece of <paramref name="massTonnes"/> drawing <paramref name="powerKw"/> (0 for
    /// gas) can sit in heating furnace <paramref name="furnace"/> over [from, to); otherwise the first
    /// minute worth trying again (int.MaxValue: never, the piece alone is too much for it).</summary>
    public int? HeatingFurnaceBlockedUntil(Furnace furnace, int from, int to, double massTonnes, double powerKw)
    {
        var electric = furnace.Carrier == Carrier.Electric;
        // The furnace draws its holding power once while loaded, whatever the number of pieces.
        var blocked = Later(DowntimeBlocking(furnace.Id, from, to), Load(furnace.Id).BlockedUntil(from, to,
            (mass, pieces, power) => mass + massTonnes <= furnace.CapacityTonnes + Slack
                                     && pieces + 1 <= furnace.CapacityPieces
                                     && (!electric || power + powerKw + furnace.HoldingKw <= furnace.MaxPowerKw - Slack)));
        // For the plant's cap the new piece adds the furnace's holding unless the furnace is loaded over
        // the whole stretch already (partly loaded: counted in full, a little cautious).
        var holding = IsLoadedThroughout(furnace.Id, from, to) ? 0 : furnace.HoldingKw;
        return electric ? Later(blocked, ElectricBlockedUntil(from, to, powerKw + holding)) : blocked;
    }

    /// <summary>Null if the plant's contracted power leaves room for <paramref name="powerKw"/> more over
    /// [from, to); otherwise the first minute worth trying again.</summary>
    public int? ElectricBlockedUntil(int from, int to, double powerKw) =>
        powerKw <= 0 ? null : _electricLoad.BlockedUntil(from, to, (_, _, power) => power + powerKw <= _plant.ElectricPowerCapKw - Slack);

    private static int? Later(int? a, int? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);

    /// <summary>Earliest start ≥ <paramref name="from"/> at which a one-at-a-time resource (press,
    /// heat-treatment furnace) is free for <paramref name="length"/> minutes, downtime included.</summary>
    public int EarliestFreeStart(string resource, int from, int length)
    {
        var timeline = Load(resource);
        var start = from;
        while (true)
        {
            start = timeline.EarliestGap(start, length);
            if (DowntimeBlocking(resource, start, start + length) is not { } end) return start;
            start = end;
        }
    }

    public void Book(string resource, Slot slot, Carrier? electricOrGas)
    {
        if (electricOrGas == Carrier.Electric && _plant.FindFurnace(resource) is { HoldingKw: > 0 } furnace)
        {
            // Holding power over the stretches this slot newly loads the furnace.
            var cursor = slot.Start;
            foreach (var (from, to) in OccupiedUnion(resource).Where(w => w.To > slot.Start && w.From < slot.End).Append((slot.End, slot.End)))
            {
                if (from > cursor) _electricLoad.Add(new Slot(cursor, Math.Min(from, slot.End), 0, furnace.HoldingKw));
                cursor = Math.Max(cursor, to);
            }
        }
        Load(resource).Add(slot);
        if (electricOrGas == Carrier.Electric && slot.PowerKw > 0) _electricLoad.Add(slot);
    }

    /// <summary>The occupied periods of a resource: its booked slots merged, in time order (minutes).</summary>
    public IReadOnlyList<(int From, int To)> OccupiedUnion(string resource) => Load(resource).Union();

    /// <summary>True when the resource's booked slots cover all of [from, to).</summary>
    public bool IsLoadedThroughout(string resource, int from, int to) =>
        OccupiedUnion(resource).Any(w => w.From <= from && w.To >= to);

    /// <summary>True when some piece is booked in the resource at <paramref name="minute"/>.</summary>
    public bool IsLoadedAt(string resource, int minute) => Load(resource).Overlapping(minute, minute + 1).Any();

    /// <summary>Tonnes already in a resource at <paramref name="minute"/>.</summary>
    public double TonnesAt(string resource, int minute) => Load(resource).Overlapping(minute, minute + 1).Sum(s => s.MassTonnes);

    /// <summary>Electric furnace power already booked at <paramref name="minute"/> (kW).</summary>
    public double ElectricLoadKw(int minute) => _electricLoad.Overlapping(minute, minute + 1).Sum(s => s.PowerKw);

    /// <summary>The slots of a resource starting in [from, to) (for a press's shift).</summary>
    public IEnumerable<Slot> StartingIn(string resource, int from, int to) => Load(resource).Overlapping(from, to).Where(s => s.Start >= from && s.Start < to);

    private Timeline Load(string resource)
    {
        if (!_resources.TryGetValue(resource, out var timeline)) _resources[resource] = timeline = new Timeline();
        return timeline;
    }
}
