using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Solver.Rescheduling;

/// <summary>One operation that differs between two schedule versions. An operation can be both
/// moved and reassigned; added ones have no old values, removed ones no new values. An
/// <see cref="Interrupted"/> change is an operation cut short by a furnace trip that the old version
/// did not have (its step is done again by the operation of the same step in the new version).</summary>
public sealed record OperationChange(
    string Order,
    int Step,
    OperationKind Kind,
    bool Moved,
    bool Reassigned,
    bool Added,
    bool Removed,
    string? OldResource,
    string? NewResource,
    DateTimeOffset? OldStart,
    DateTimeOffset? NewStart)
{
    public bool Interrupted { get; init; }

    /// <summary>New start minus old start, in minutes (0 for added or removed operations).</summary>
    public double ShiftMinutes => OldStart is { } o && NewStart is { } n ? (n - o).TotalMinutes : 0;
}

/// <summary>What changed between two schedule versions, by (order, step): the one definition of a
/// move that the CLI, the service, the plant grain and the metrics all use. An operation is
/// <b>moved</b> when its start changed by <see cref="MoveToleranceMinutes"/> or more and
/// <b>reassigned</b> when its resource changed (both can hold; <see cref="Changed"/> counts it once).</summary>
public sealed record ScheduleDiff(int Unchanged, int Moved, int Reassigned, int Added, int Removed, IReadOnlyList<OperationChange> Changes)
{
    /// <summary>A start that changed by at least this is a move; less is rounding.</summary>
    public const double MoveToleranceMinutes = 1.0;

    /// <summary>Operations moved or reassigned (each counted once).</summary>
    public int Changed => Changes.Count(c => c.Moved || c.Reassigned);

    /// <summary>Operations newly cut short by a furnace trip.</summary>
    public int Interrupted => Changes.Count(c => c.Interrupted);

    public static ScheduleDiff Empty { get; } = new(0, 0, 0, 0, 0, []);

    public static bool IsMove(DateTimeOffset before, DateTimeOffset after) =>
        Math.Abs((after - before).TotalMinutes) >= MoveToleranceMinutes;

    /// <summary>The diff from <paramref name="before"/> (null: nothing planned yet, all added) to <paramref name="after"/>.</summary>
    public static ScheduleDiff Between(Schedule? before, Schedule after)
    {
        var previous = before?.Operations ?? [];
        var old = Steps(previous);
        var now = Steps(after.Operations);
        var changes = new List<OperationChange>();
        var unchanged = 0;
        foreach (var (key, a) in now)
        {
            if (!old.TryGetValue(key, out var b))
            {
                changes.Add(new OperationChange(a.Order, a.Step, a.Kind, false, false, true, false, null, a.Resource, null, a.Start));
                continue;
            }
            var moved = IsMove(b.Start, a.Start);
            var reassigned = a.Resource != b.Resource;
            if (moved || reassigned)
                changes.Add(new OperationChange(a.Order, a.Step, a.Kind, moved, reassigned, false, false, b.Resource, a.Resource, b.Start, a.Start));
            else unchanged++;
        }
        foreach (var (_, b) in old.Where(kv => !now.ContainsKey(kv.Key)))
            changes.Add(new OperationChange(b.Order, b.Step, b.Kind, false, false, false, true, b.Resource, null, b.Start, null));
        // Interrupted operations are facts, matched by (order, step, resource, start); a new one is listed as such.
        var oldCuts = previous.Where(o => o.Interrupted).Select(o => (o.Order, o.Step, o.Resource, o.Start)).ToHashSet();
        foreach (var cut in after.Operations.Where(o => o.Interrupted && !oldCuts.Contains((o.Order, o.Step, o.Resource, o.Start))))
            changes.Add(new OperationChange(cut.Order, cut.Step, cut.Kind, false, false, false, false, cut.Resource, cut.Resource, cut.Start, cut.Start) { Interrupted = true });
        var ordered = changes.OrderBy(c => c.NewStart ?? c.OldStart).ThenBy(c => c.Order, StringComparer.Ordinal).ThenBy(c => c.Step).ToList();
        return new ScheduleDiff(unchanged, ordered.Count(c => c.Moved), ordered.Count(c => c.Reassigned),
            ordered.Count(c => c.Added), ordered.Count(c => c.Removed), ordered);
    }

    /// <summary>The operation that does each (order, step) to the end: interrupted ones left aside.</summary>
    private static Dictionary<(string Order, int Step), ScheduledOperation> Steps(IEnumerable<ScheduledOperation> ops) =>
        ops.Where(o => !o.Interrupted).GroupBy(o => (o.Order, o.Step)).ToDictionary(g => g.Key, g => g.First());
}
