using ForgeScheduler.Solver.Rescheduling;

namespace ForgeScheduler.Formats;

/// <summary>diff.json (docs/formats.md): what a reschedule changed, counts first, then one line per
/// changed operation.</summary>
public sealed class DiffDocument
{
    public int FromVersion { get; set; }
    public int ToVersion { get; set; }
    public DateTimeOffset Now { get; set; }
    public int Unchanged { get; set; }
    public int Moved { get; set; }
    public int Reassigned { get; set; }
    public int Added { get; set; }
    public int Removed { get; set; }
    /// <summary>Operations moved or reassigned, each once.</summary>
    public int Changed { get; set; }
    /// <summary>Operations newly cut short by a furnace trip.</summary>
    public int Interrupted { get; set; }
    /// <summary>UNCHANGED, REPAIR, IMPROVED(…), FALLBACK: the text of RescheduleResult.Status (SolverStatus.Text).</summary>
    public string? Status { get; set; }
    /// <summary>The objective (kg-CO2-equivalent) of the plain repair and of the answer.</summary>
    public double? RepairObjective { get; set; }
    public double? Objective { get; set; }
    public List<ChangeDocument> Changes { get; set; } = [];
    public List<string> Notes { get; set; } = [];
}

public sealed class ChangeDocument
{
    public string Order { get; set; } = "";
    public int Step { get; set; }
    public string Kind { get; set; } = "";
    /// <summary>moved, reassigned, added, removed, interrupted (moved and reassigned can come together).</summary>
    public List<string> Change { get; set; } = [];
    public string? OldResource { get; set; }
    public string? NewResource { get; set; }
    public DateTimeOffset? OldStart { get; set; }
    public DateTimeOffset? NewStart { get; set; }
    public double ShiftMin { get; set; }
}

public static class DiffFile
{
    public static DiffDocument ToDocument(RescheduleResult result, DateTimeOffset now) => new()
    {
        FromVersion = result.Version - 1,
        ToVersion = result.Version,
        Now = now,
        Unchanged = result.Diff.Unchanged,
        Moved = result.Diff.Moved,
        Reassigned = result.Diff.Reassigned,
        Added = result.Diff.Added,
        Removed = result.Diff.Removed,
        Changed = result.Diff.Changed,
        Interrupted = result.Diff.Interrupted,
        Status = result.Status.Text,
        RepairObjective = result.Steps is { } s ? Math.Round(s.RepairScore, 1) : null,
        Objective = result.Steps is { } t ? Math.Round(t.Score, 1) : null,
        Changes = result.Diff.Changes.Select(c => new ChangeDocument
        {
            Order = c.Order,
            Step = c.Step,
            Kind = ScheduleFile.KindName(c.Kind),
            Change = new[] { (c.Moved, "moved"), (c.Reassigned, "reassigned"), (c.Added, "added"), (c.Removed, "removed"), (c.Interrupted, "interrupted") }
                .Where(x => x.Item1).Select(x => x.Item2).ToList(),
            OldResource = c.OldResource,
            NewResource = c.NewResource,
            OldStart = c.OldStart,
            NewStart = c.NewStart,
            ShiftMin = Math.Round(c.ShiftMinutes, 1),
        }).ToList(),
        Notes = result.Notes.ToList(),
    };

    public static void Save(string path, RescheduleResult result, DateTimeOffset now) => JsonFiles.Write(path, ToDocument(result, now));
}
