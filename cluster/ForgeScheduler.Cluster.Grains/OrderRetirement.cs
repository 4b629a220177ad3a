using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Cluster.Grains;

/// <summary>An order the plant finished and took out of its book: kept as a tombstone so an MES that
/// re-sends its book does not bring a forged piece back to be planned again.</summary>
[GenerateSerializer, Immutable, Alias("forge.RetiredOrder")]
public sealed record RetiredOrder
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required DateTimeOffset FinishedAt { get; init; }
}

/// <summary>Finished orders leave the book, so a plant that runs for months plans, stores and keeps in
/// memory only what is open. An order is finished when the floor reported its last step (the heat
/// treatment) finished; it is retired once the floor's own clock — the latest event time it reported —
/// is <see cref="RetireAfter"/> past that, so the plan still sees the furnace it left hot. Tombstones
/// are kept for <see cref="KeepTombstonesFor"/>, at most <see cref="KeptTombstones"/> of them
/// (docs/cluster.md, "Finished orders").</summary>
public static class OrderRetirement
{
    public static readonly TimeSpan RetireAfter = TimeSpan.FromHours(24);
    public static readonly TimeSpan KeepTombstonesFor = TimeSpan.FromDays(30);
    public const int KeptTombstones = 20_000;

    /// <summary>The upsert outcome of an order the plant finished and retired.</summary>
    public const string Outcome = "retired";

    /// <summary>When the order's last step was reported finished; null while it is open.</summary>
    public static DateTimeOffset? FinishedAt(Order order, IEnumerable<StepReport> reports)
    {
        var last = Route.StepCount(order);
        return reports.FirstOrDefault(r => r.Order == order.Id && r.Step == last)?.FinishedAt;
    }

    /// <summary>The orders to retire as of the floor time <paramref name="floorNow"/>, with when each finished.</summary>
    public static IReadOnlyList<RetiredOrder> Due(IEnumerable<Order> orders, IReadOnlyList<StepReport> reports, DateTimeOffset floorNow) =>
        [.. orders.Select(o => (o.Id, At: FinishedAt(o, reports)))
            .Where(x => x.At is { } at && floorNow - at >= RetireAfter)
            .Select(x => new RetiredOrder { Id = x.Id, FinishedAt = x.At!.Value })];

    /// <summary>The tombstones after adding <paramref name="added"/>: the last month's, at most
    /// <see cref="KeptTombstones"/>, oldest first.</summary>
    public static IReadOnlyList<RetiredOrder> Keep(IReadOnlyList<RetiredOrder> tombstones, IReadOnlyList<RetiredOrder> added, DateTimeOffset floorNow)
    {
        if (added.Count == 0 && (tombstones.Count == 0 || floorNow - tombstones[0].FinishedAt < KeepTombstonesFor)) return tombstones;
        var ids = added.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        return [.. tombstones.Where(t => !ids.Contains(t.Id)).Concat(added)
            .Where(t => floorNow - t.FinishedAt < KeepTombstonesFor)
            .OrderBy(t => t.FinishedAt).TakeLast(KeptTombstones)];
    }
}
