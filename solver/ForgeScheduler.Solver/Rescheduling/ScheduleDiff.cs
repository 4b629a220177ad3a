using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Solver.Rescheduling;

/// <summary>One operation that differs between two schedule versions. An operation can be both
/// moved and reassigned; added ones have no old values, removed ones no new values.</summary>
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
    /// <summary>New start minus old start, in minutes (0 for added or removed operations).</summary>
    public double ShiftMinutes => OldStart is { } o && NewStart is { } n ? (n - o).TotalMinutes : 0;
}

/// <summary>What a reschedule changed, by (order, step).</summary>
public sealed record ScheduleDiff(int Unchanged, int Moved, int Reassigned, int Added, int Removed, IReadOnlyList<OperationChange> Changes)
{
    /// <summary>A start that changed by more than this is a move.</summary>
    public const double MoveToleranceMinutes = 1.0;

    public static ScheduleDiff Between(Schedule before, Schedule after)
    {
        var old = before.Operations.GroupBy(o => (o.Order, o.Step)).ToDictionary(g => g.Key, g => g.First());
        var now = after.Operations.GroupBy(o => (o.Order, o.Step)).ToDictionary(g => g.Key, g => g.First());
        var changes = new List<OperationChange>();
        var unchanged = 0;
        foreach (var (key, a) in now)
        {
            if (!old.TryGetValue(key, out var b))
            {
                changes.Add(new OperationChange(a.Order, a.Step, a.Kind, false, false, true, false, null, a.Resource, null, a.Start));
                continue;
            }
            var moved = Math.Abs((a.Start - b.Start).TotalMinutes) > MoveToleranceMinutes;
            var reassigned = a.Resource != b.Resource;
            if (moved || reassigned)
                changes.Add(new OperationChange(a.Order, a.Step, a.Kind, moved, reassigned, false, false, b.Resource, a.Resource, b.Start, a.Start));
            else unchanged++;
        }
        foreach (var (key, b) in old.Where(kv => !now.ContainsKey(kv.Key)))
            changes.Add(new OperationChange(b.Order, b.Step, b.Kind, false, false, false, true, b.Resource, null, b.Start, null));
        var ordered = changes.OrderBy(c => c.NewStart ?? c.OldStart).ThenBy(c => c.Order, StringComparer.Ordinal).ThenBy(c => c.Step).ToList();
        return new ScheduleDiff(unchanged, ordered.Count(c => c.Moved), ordered.Count(c => c.Reassigned),
            ordered.Count(c => c.Added), ordered.Count(c => c.Removed), ordered);
    }
}
