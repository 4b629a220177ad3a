using ForgeScheduler.Solver.Domain;
using static ForgeScheduler.Solver.Validation.ValidationContext;

namespace ForgeScheduler.Solver.Validation;

/// <summary>unknown_order, unknown_resource, unknown_step, missing_operation, duplicate_operation,
/// wrong_kind, end_before_start: does the schedule describe the orders' routes on the plant's
/// resources at all.</summary>
internal static class StructureRules
{
    public static void Check(ValidationContext ctx)
    {
        foreach (var op in ctx.Schedule.Operations)
        {
            if (!ctx.Routes.ContainsKey(op.Order))
                ctx.Add("unknown_order", op, $"order '{op.Order}' is not in the order book");
            if (!ctx.Furnaces.ContainsKey(op.Resource) && !ctx.Presses.ContainsKey(op.Resource))
                ctx.Add("unknown_resource", op, $"resource '{op.Resource}' is not in plant '{ctx.Plant.Id}'");
            if (op.End < op.Start)
                ctx.Add("end_before_start", op,
                    $"ends at {Time(op.End)}, {Num((op.Start - op.End).TotalMinutes)} min before it starts at {Time(op.Start)}");
        }

        foreach (var op in ctx.OffRoute)
            ctx.Add("unknown_step", op, $"order {op.Order} has {ctx.Routes[op.Order].Steps.Count} route steps; there is no step {op.Step}");

        foreach (var route in ctx.RoutesInBookOrder)
        {
            for (var i = 0; i < route.Steps.Count; i++)
            {
                var step = route.Steps[i];
                var ops = route.OpsByStep[i];
                if (ops.Count == 0)
                    ctx.Add("missing_operation", route.Order.Id, step.Step, null,
                        $"route step {step.Step} ({step.Kind}) of {route.Steps.Count} is not scheduled");
                else if (ops.Count > 1)
                    ctx.Add("duplicate_operation", route.Order.Id, step.Step, ops[1].Resource,
                        $"route step {step.Step} is scheduled {ops.Count} times: " +
                        string.Join(", ", ops.Select(o => $"{o.Resource} from {Time(o.Start)}")));
                foreach (var op in ops.Where(o => o.Kind != step.Kind))
                    ctx.Add("wrong_kind", op, $"operation says {op.Kind} but route step {step.Step} is {step.Kind}");
            }
        }
    }
}
