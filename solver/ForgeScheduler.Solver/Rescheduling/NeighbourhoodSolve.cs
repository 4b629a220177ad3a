using ForgeScheduler.Solver.Baseline;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Evaluation;
using ForgeScheduler.Solver.Optimisation;

namespace ForgeScheduler.Solver.Rescheduling;

/// <summary>What a CP-SAT solve around a repair gave: the whole schedule (completed from physics),
/// the orders it re-planned, and CP-SAT's status.</summary>
internal sealed record NeighbourhoodResult(Schedule Schedule, IReadOnlyList<string> Orders, SolverStatus Status);

/// <summary>CP-SAT on a neighbourhood of a repaired plan: the chosen orders are re-planned from after
/// their fixed prefix (what has started, what starts in the freeze window, an interrupted piece from
/// where it stopped), everything else stays exactly where the repair put it (taking furnace capacity,
/// press time and power). The repair is the complete hint, so CP-SAT starts from a valid plan.</summary>
internal static class NeighbourhoodSolve
{
    /// <summary>One order split at its fixed prefix: the steps that stay and the remainder CP-SAT plans
    /// (renumbered from 1; add <see cref="Offset"/> to get the order's own step numbers).</summary>
    private sealed record Split(Order Remainder, int Offset);

    public static NeighbourhoodResult? Run(Floor floor, IReadOnlyList<ScheduledOperation> repair, IReadOnlyCollection<string> orders,
        Schedule reference, StabilityPenalty penalty, CpSatOptions solver, bool hintWithRepair, bool wholePlanIdle = false)
    {
        var plant = floor.Plant;
        var book = floor.Book;
        var byOrder = repair.GroupBy(o => o.Order).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var splits = new Dictionary<string, Split>(StringComparer.Ordinal);
        foreach (var id in orders)
        {
            if (book.Find(id) is not { } order || !byOrder.TryGetValue(id, out var own)) continue;
            if (SplitOf(floor, order, own) is { } split) splits[id] = split;
        }
        // A charge is re-planned with all its pieces or not at all (the model cannot add a piece to a fixed charge).
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var charge in repair.Where(o => o.Kind == OperationKind.HeatTreat && !o.Interrupted).GroupBy(o => (o.Resource, o.Charge)))
            {
                if (charge.All(o => IsFree(o, splits)) || !charge.Any(o => IsFree(o, splits))) continue;
                foreach (var o in charge) changed |= splits.Remove(o.Order);
            }
        }
        if (splits.Count == 0) return new NeighbourhoodResult(new Schedule(plant.Id, Rescheduler.MethodName, repair), [], SolverStatus.Empty);

        var fixedOps = repair.Where(o => !IsFree(o, splits)).ToList();
        var free = splits.Values.Select(s => s.Remainder).ToList();
        var fixedOrders = book.Orders.ToDictionary(o => o.Id, o => o, StringComparer.Ordinal);
        var referenceOps = reference.Operations.Where(o => !o.Interrupted && IsFree(o, splits)).Select(o => Renumber(o, -splits[o.Order].Offset)).ToList();
        var hintOps = repair.Where(o => IsFree(o, splits)).Select(o => Renumber(o, -splits[o.Order].Offset)).ToList();
        var replay = hintWithRepair
            ? new Schedule(plant.Id, Rescheduler.MethodName, hintOps)
            : Dispatch(plant, book, free, fixedOps, floor.FreezeEnd);

        var solved = CpSatScheduler.Repair(plant, book, free, fixedOps, fixedOrders, reference with { Operations = referenceOps },
            floor.FreezeEnd, penalty, solver, replay, withIdleTerms: !hintWithRepair || wholePlanIdle, spanWithFixed: wholePlanIdle);
        if (solved is null) return null;
        var ops = fixedOps.Concat(solved.Operations.Select(o => Renumber(o, splits[o.Order].Offset))).ToList();
        var schedule = CpSatScheduler.Complete(plant, book, new Schedule(plant.Id, Rescheduler.MethodName, ops));
        return new NeighbourhoodResult(schedule, splits.Keys.ToList(), solved.Status);
    }

    /// <summary>Where an order's plan may change: after every step that has started, every step that
    /// starts inside the freeze window and every interrupted operation — never between a heat and its
    /// forging (the transfer window ties them). A forged piece may be left with its heat treatment only.
    /// Null when nothing is left for CP-SAT.</summary>
    private static Split? SplitOf(Floor floor, Order order, List<ScheduledOperation> ops)
    {
        var plan = floor.Orders.First(p => p.Order.Id == order.Id);
        var prefix = 0;
        foreach (var op in ops)
        {
            var step = plan.Step(op.Step);
            if (op.Interrupted || (step.Started && !step.Cut) || op.Start < floor.FreezeEnd) prefix = Math.Max(prefix, op.Step);
        }
        var steps = Route.StepCount(order);
        // An interrupted heat (or heat treatment) is redone: the remainder starts with it.
        if (prefix % 2 == 1) prefix = ops.Any(o => o.Interrupted && o.Step == prefix) ? prefix - 1 : Math.Min(prefix + 1, steps);
        if (prefix >= steps) return null;
        if (prefix == 0 && !ops.Any(o => o.Interrupted)) return new Split(order, 0);
        // The piece as it left its last fixed operation (a forging, or the furnace that tripped).
        var kept = ops.Where(o => o.Step <= prefix || (o.Interrupted && o.Step == prefix + 1)).ToList();
        var last = ScheduleEvaluator.EvaluateOrder(floor.Plant, order, kept)[^1];
        var remainder = order with
        {
            Release = last.Operation.End,
            ReleaseTempC = last.ExitTempC,
            Heats = order.Heats.Skip(prefix / 2).ToList(),
        };
        return new Split(remainder, prefix);
    }

    private static bool IsFree(ScheduledOperation op, Dictionary<string, Split> splits) =>
        !op.Interrupted && splits.TryGetValue(op.Order, out var s) && op.Step > s.Offset;

    private static ScheduledOperation Renumber(ScheduledOperation op, int offset)
    {
        if (offset == 0) return op;
        var step = op.Step + offset;
        if (offset < 0) return op with { Step = step };
        // The model names heat and forge charges by its own heat number; keep them unique per piece.
        var charge = op.Kind == OperationKind.HeatTreat ? op.Charge
            : $"{op.Resource}/{op.Order}-{(op.Kind == OperationKind.Heat ? "h" : "f")}{(step + 1) / 2}";
        return op with { Step = step, Charge = charge };
    }

    /// <summary>Today's practice for the re-planned orders around everything fixed (taken as downtime:
    /// whole furnaces, cautious but feasible) and after the freeze window: the hint of a fresh solve.</summary>
    private static Schedule? Dispatch(Plant plant, OrderBook book, List<Order> free, List<ScheduledOperation> fixedOps, DateTimeOffset freezeEnd)
    {
        var longAgo = new[] { book.PlanStart, free.Min(o => o.Release) }.Min().AddDays(-1);
        var resources = plant.Furnaces.Select(f => f.Id).Concat(plant.Presses.Select(p => p.Id));
        var blocked = plant.Downtime
            .Concat(fixedOps.Where(o => o.End > o.Start).Select(o => new Downtime(o.Resource, o.Start, o.End)))
            .Concat(freezeEnd > longAgo ? resources.Select(r => new Downtime(r, longAgo, freezeEnd)) : [])
            .ToList();
        var around = plant with { Downtime = blocked };
        try
        {
            return BaselineDispatcher.Dispatch(around, book with { Orders = free }, WaitTable.ModelHeatingMinutes(around));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }
}
