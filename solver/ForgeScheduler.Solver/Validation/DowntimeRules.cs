using static ForgeScheduler.Solver.Validation.ValidationContext;

namespace ForgeScheduler.Solver.Validation;

/// <summary>downtime: nothing runs on a resource during one of its downtime windows.</summary>
internal static class DowntimeRules
{
    public static void Check(ValidationContext ctx)
    {
        if (ctx.Plant.Downtime.Count == 0) return;
        var byResource = ctx.Placed.GroupBy(p => p.Op.Resource).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var down in ctx.Plant.Downtime)
        {
            if (!byResource.TryGetValue(down.Resource, out var ops)) continue;
            foreach (var p in ops)
            {
                var from = p.Op.Start > down.From ? p.Op.Start : down.From;
                var to = p.Op.End < down.To ? p.Op.End : down.To;
                var overlap = (to - from).TotalMinutes;
                if (overlap > TimeToleranceMin)
                    ctx.Add("downtime", p.Op,
                        $"runs {Span(p.Op)}, {Num(overlap)} min inside downtime of {down.Resource} {Time(down.From)} – {Time(down.To)}");
            }
        }
    }
}
