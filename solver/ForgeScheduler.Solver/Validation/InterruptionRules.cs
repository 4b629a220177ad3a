using ForgeScheduler.Solver.Domain;
using static ForgeScheduler.Solver.Validation.ValidationContext;

namespace ForgeScheduler.Solver.Validation;

/// <summary>interruption: an interrupted operation (its furnace tripped) is a heat or a heat treatment,
/// runs after the previous step of its route has ended (or the order's release) and before the
/// operation that does its step again starts. Its resource, capacity, downtime and charge rules are
/// the other families' as for any operation; its shortness is not a duration violation.</summary>
internal static class InterruptionRules
{
    public static void Check(ValidationContext ctx)
    {
        foreach (var route in ctx.RoutesInBookOrder)
        {
            foreach (var op in route.Interrupted)
            {
                var step = route.Steps[op.Step - 1];
                if (step.Kind == OperationKind.Forge)
                {
                    ctx.Add("interruption", op, "a forging cannot be interrupted; only heats and heat treatments are");
                    continue;
                }
                var after = op.Step == 1 ? route.Order.Release : route.Single(op.Step - 1)?.End;
                if (after is { } a && op.Start < a.AddMinutes(-TimeToleranceMin))
                    ctx.Add("interruption", op, $"interrupted operation starts at {Time(op.Start)}, before step {op.Step - 1} (or the release) ends at {Time(a)}");
                if (route.Single(op.Step) is { } redo && op.End > redo.Start.AddMinutes(TimeToleranceMin))
                    ctx.Add("interruption", op, $"interrupted at {Time(op.End)}, after the step is started again at {Time(redo.Start)} on {redo.Resource}");
            }
        }
    }
}
