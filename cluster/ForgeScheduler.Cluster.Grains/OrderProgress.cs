using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Cluster.Grains;

/// <summary>What the floor reported of one step of an order (operation_started/finished).</summary>
[GenerateSerializer, Immutable, Alias("forge.StepReport")]
public sealed record StepReport
{
    [Id(0)] public required string Order { get; init; }
    [Id(1)] public required int Step { get; init; }
    [Id(2)] public DateTimeOffset? StartedAt { get; init; }
    [Id(3)] public DateTimeOffset? FinishedAt { get; init; }
    [Id(4)] public double? TempC { get; init; }
}

/// <summary>Order identity with progress: an order the floor has started is the same piece whatever the
/// MES re-sends. A new version of it may change what is still ahead (due date, weight, the heats not yet
/// begun) but not what already happened: the piece (product, grade, mass, diameter), a release after it
/// was first worked on, a heat that has begun, the heat treatment once it has begun.</summary>
public static class OrderProgress
{
    public static IReadOnlyList<StepReport> Record(IReadOnlyList<StepReport> reports, ShopFloorEvent e)
    {
        if (e.Order is not { } order || e.Step is not { } step) return reports;
        var key = reports.FirstOrDefault(r => r.Order == order && r.Step == step) ?? new StepReport { Order = order, Step = step };
        var updated = e.Type == ShopFloorEventTypes.OperationStarted
            ? key with { StartedAt = key.StartedAt ?? e.At, TempC = e.TempC ?? key.TempC }
            : key with { FinishedAt = e.At, StartedAt = key.StartedAt ?? e.At };
        return [.. reports.Where(r => !(r.Order == order && r.Step == step)), updated];
    }

    public static IReadOnlyList<StepReport> Forget(IReadOnlyList<StepReport> reports, string order) =>
        reports.Any(r => r.Order == order) ? [.. reports.Where(r => r.Order != order)] : reports;

    /// <summary>The fields of <paramref name="next"/> that contradict what the floor reported of
    /// <paramref name="known"/>, as (file-format field under <paramref name="path"/>, why).</summary>
    public static IReadOnlyList<(string Field, string Message)> Conflicts(Order known, Order next, IEnumerable<StepReport> reports, string path)
    {
        var done = reports.Where(r => r.Order == known.Id).OrderBy(r => r.Step).ToList();
        if (done.Count == 0) return [];
        var problems = new List<(string, string)>();
        var first = done.Min(r => r.StartedAt ?? r.FinishedAt ?? DateTimeOffset.MaxValue);
        var what = $"order {known.Id} has started (step {done[0].Step} at {first:O})";
        void Same<T>(T was, T now, string field)
        {
            if (!EqualityComparer<T>.Default.Equals(was, now)) problems.Add(($"{path}.{field}", $"{what}: {field} cannot change from {was} to {now}"));
        }
        Same(known.Product, next.Product, "product");
        Same(known.Grade, next.Grade, "grade");
        Same(known.MassTonnes, next.MassTonnes, "mass_t");
        Same(known.DiameterMetres, next.DiameterMetres, "diameter_m");
        if (next.Release > first) problems.Add(($"{path}.release", $"{what}: release {next.Release:O} is after the piece was first worked on"));
        var heatTreatStep = Route.StepCount(known);
        foreach (var report in done)
        {
            if (report.Step >= heatTreatStep)
            {
                if (next.Heats.Count != known.Heats.Count)
                    problems.Add(($"{path}.heats", $"{what}: its heat treatment (step {report.Step}) has begun, so its {known.Heats.Count} heats cannot become {next.Heats.Count}"));
                Same(known.HeatTreatment, next.HeatTreatment, "heat_treatment");
                continue;
            }
            var heat = (report.Step - 1) / 2;
            if (heat >= next.Heats.Count)
                problems.Add(($"{path}.heats", $"{what}: heat {heat + 1} (step {report.Step}) has begun but the new route has {next.Heats.Count} heats"));
            else if (next.Heats[heat] != known.Heats[heat])
                problems.Add(($"{path}.heats[{heat}]", $"{what}: heat {heat + 1} (step {report.Step}) has begun and cannot change"));
        }
        return [.. problems.Distinct()];
    }
}
