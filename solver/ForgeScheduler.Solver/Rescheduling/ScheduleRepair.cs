using System.Globalization;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Evaluation;

namespace ForgeScheduler.Solver.Rescheduling;

/// <summary>The plain repair: deterministic, no CP-SAT. It books what the floor has done (facts), then
/// walks the plan in force in time order keeping every heat-and-forging that still fits exactly and
/// right-shifting those that something pushed (a late piece, a busy press); then it places what the
/// events displaced (pieces interrupted by a trip, work planned on a resource that is down, new
/// orders) into what is left, each where it costs least; heat treatment last, charge by charge
/// (docs/rescheduling.md, "Repair").</summary>
internal static class ScheduleRepair
{
    public static List<ScheduledOperation> Run(RepairContext ctx)
    {
        BookFacts(ctx);
        var deferred = new HashSet<string>(StringComparer.Ordinal);
        var units = ctx.Floor.Orders.SelectMany(p => Enumerable.Range(0, p.Order.Heats.Count).Select(i => (Plan: p, Heat: i)))
            .Where(u => !IsFact(u.Plan, u.Heat))
            .OrderBy(u => Key(ctx, u.Plan, u.Heat)).ThenBy(u => u.Plan.Order.Id, StringComparer.Ordinal).ThenBy(u => u.Heat).ToList();

        // Pass 1: the plan in force, in time order; a pair stays or is pushed right.
        var secondPass = new List<(OrderPlan Plan, int Heat)>();
        foreach (var (plan, i) in units)
        {
            if (deferred.Contains(plan.Order.Id) || Displaced(plan, i))
            {
                deferred.Add(plan.Order.Id);
                secondPass.Add((plan, i));
                continue;
            }
            PlaceInPlace(ctx, plan, i);
        }
        // Pass 2: what the events displaced, into what is left.
        foreach (var (plan, i) in secondPass) PlaceDisplaced(ctx, plan, i);

        HeatTreatmentRepair.Run(ctx);
        return ctx.Placed.Values.SelectMany(o => o).ToList();
    }

    /// <summary>Where the pair sits in the walk: its planned start; new work at its release (or the freeze end).</summary>
    private static DateTimeOffset Key(RepairContext ctx, OrderPlan plan, int heat)
    {
        var h = plan.Step(2 * heat + 1);
        if (h.Cut) return plan.Cuts.Where(c => c.Step == 2 * heat + 1).Select(c => c.End).DefaultIfEmpty(ctx.Floor.Now).Max();
        if (h.Planned is { } op) return op.Start;
        var release = plan.Order.Release > ctx.Floor.FreezeEnd ? plan.Order.Release : ctx.Floor.FreezeEnd;
        return release.AddMinutes(heat);
    }

    private static bool IsFact(OrderPlan plan, int heat) =>
        plan.Step(2 * heat + 1).State == StepState.Done && plan.Step(2 * heat + 2).Started && !plan.Step(2 * heat + 1).Cut;

    private static bool Displaced(OrderPlan plan, int heat)
    {
        var (h, f) = (plan.Step(2 * heat + 1), plan.Step(2 * heat + 2));
        if (h.Started && !h.Cut) return false; // the piece is in its furnace (or out): only its forging is to place
        return h.Displaced || f.Displaced || h.Cut || h.Planned is null || f.Planned is null || plan.New;
    }

    /// <summary>Books what the floor has done or is doing: interrupted operations, done steps, running
    /// forgings and heat treatments. Running heats are placed with their forging (their end is not known).</summary>
    private static void BookFacts(RepairContext ctx)
    {
        foreach (var plan in ctx.Floor.Orders)
        {
            var order = plan.Order;
            foreach (var cut in plan.Cuts) ctx.Book(order, cut, ctx.PowerKw(order, cut));
            foreach (var step in plan.Steps)
            {
                if (step.Planned is not { } op || !step.Started || step.Cut || step.Route.Kind == OperationKind.HeatTreat) continue;
                if (step.Route.Kind == OperationKind.Heat && step.State == StepState.Running) continue;
                if (step.Route.Kind == OperationKind.Heat && !plan.Step(step.Route.Step + 1).Started) continue; // booked with its forging
                ctx.Book(order, op, ctx.PowerKw(order, op));
                ctx.Kept.Add((op.Order, op.Step));
            }
        }
        HeatTreatmentRepair.BookFixedCharges(ctx);
    }

    /// <summary>Pass 1: a pair of the plan in force, kept if it fits, else pushed right on its own
    /// furnace and press — or moved if that costs less (never for a frozen one).</summary>
    private static void PlaceInPlace(RepairContext ctx, OrderPlan plan, int i)
    {
        var order = plan.Order;
        var (h, f) = (plan.Step(2 * i + 1), plan.Step(2 * i + 2));
        if (h.Started)
        {
            PlaceTied(ctx, plan, i);
            return;
        }
        var ready = Ready(ctx, plan, i);
        var (heat, forge) = (h.Planned!, f.Planned!);
        if (PairPlacement.Keep(ctx, order, i, heat, forge, ready) is not null)
        {
            ctx.Book(order, heat, ctx.PowerKw(order, heat));
            ctx.Book(order, forge, 0);
            ctx.Kept.Add((heat.Order, heat.Step));
            ctx.Kept.Add((forge.Order, forge.Step));
            return;
        }
        var frozen = h.State == StepState.Frozen;
        var choice = PairPlacement.Best(ctx, order, i, Math.Max(ready, frozen ? 0 : ctx.FreezeMinute), (heat, forge), onlyPlannedResources: frozen);
        Book(ctx, plan, i, choice ?? throw Unplaceable(order, i));
    }

    /// <summary>Pass 2: a displaced pair (or one after a displaced step), placed anew from when its
    /// piece is ready, not before the freeze window ends.</summary>
    private static void PlaceDisplaced(RepairContext ctx, OrderPlan plan, int i)
    {
        var (h, f) = (plan.Step(2 * i + 1), plan.Step(2 * i + 2));
        if (h.Started && !h.Cut)
        {
            PlaceTied(ctx, plan, i);
            return;
        }
        var ready = Math.Max(Ready(ctx, plan, i), ctx.FreezeMinute);
        (ScheduledOperation, ScheduledOperation)? planned = h.Planned is { } ho && f.Planned is { } fo && !plan.New ? (ho, fo) : null;
        var choice = PairPlacement.Best(ctx, plan.Order, i, ready, planned, onlyPlannedResources: false);
        Book(ctx, plan, i, choice ?? throw Unplaceable(plan.Order, i));
    }

    /// <summary>A heat that has started (or finished) whose forging has not: the piece is where it is; the
    /// forging goes on the press that takes it soonest within the transfer window (its own press
    /// preferred), and a heat still running is held until then.</summary>
    private static void PlaceTied(RepairContext ctx, OrderPlan plan, int i)
    {
        var order = plan.Order;
        var (h, f) = (plan.Step(2 * i + 1), plan.Step(2 * i + 2));
        var heat = h.Planned!;
        var heatStart = ctx.Minute(heat.Start);
        int minEnd;
        var endFixed = h.State == StepState.Done;
        if (endFixed) minEnd = ctx.MinuteCeil(heat.End);
        else
        {
            var probe = ctx.Probe(order, heat);
            var required = probe.RequiredMinutes;
            // A piece measured colder than physics says needs longer.
            if (h.MeasuredStartC is { } measured && measured < probe.ChargeTempC)
                required = ScheduleEvaluator.HeatingMinutes(ctx.Plant, order, order.Heats[i].ForgeTempC, measured);
            minEnd = Math.Max(ctx.MinuteCeil(heat.End), heatStart + (int)Math.Ceiling(required));
        }
        var pressMinutes = (int)Math.Ceiling(order.Heats[i].PressMinutes);
        var plannedForge = f.Planned;
        (Press Press, int Start, double Cost)? best = null;
        foreach (var press in ctx.Plant.Presses.Where(p => Capability.CanForge(p, order, order.Heats[i])))
        {
            var from = plannedForge is not null && press.Id == plannedForge.Resource && !f.Displaced ? Math.Max(minEnd, ctx.Minute(plannedForge.Start)) : minEnd;
            var start = ctx.Board.EarliestFreeStart(press.Id, from, pressMinutes);
            var inWindow = !endFixed || start <= minEnd + ctx.TransferMinutes;
            var cost = ctx.MoveCost(plannedForge, press.Id, start) + (inWindow ? 0 : 1e9) + ctx.Options.StabilityKgPerMinuteMoved * (start - minEnd);
            if (best is null || cost < best.Value.Cost) best = (press, start, cost);
        }
        var (chosen, forgeStart, _) = best ?? throw Unplaceable(order, i);
        if (endFixed && forgeStart > minEnd + ctx.TransferMinutes)
            ctx.Notes.Add($"order {order.Id} step {heat.Step + 1}: the piece came out at {heat.End:O} and no press is free within the transfer window; forged at {ctx.At(forgeStart):O} (a fact of the floor).");
        var heatEnd = endFixed ? ctx.MinuteCeil(heat.End)
            : Math.Clamp(ctx.MinuteCeil(heat.End), Math.Max(minEnd, forgeStart - ctx.TransferMinutes), forgeStart);
        var heatOp = endFixed ? heat : heat with { End = ctx.At(heatEnd) };
        ctx.Book(order, heatOp, ctx.PowerKw(order, heatOp));
        ctx.Kept.Add((heat.Order, heat.Step));
        var forgeOp = plannedForge is not null && plannedForge.Resource == chosen.Id && ctx.Minute(plannedForge.Start) == forgeStart
            ? plannedForge
            : ctx.Operation(order, heat.Step + 1, OperationKind.Forge, chosen.Id, $"{chosen.Id}/{order.Id}-f{i + 1}", forgeStart, forgeStart + pressMinutes);
        ctx.Book(order, forgeOp, 0);
        if (ReferenceEquals(forgeOp, plannedForge) && f.State == StepState.Frozen) ctx.Kept.Add((forgeOp.Order, forgeOp.Step));
    }

    /// <summary>The first minute the pair's heat may start: the order's release, or when its piece left
    /// the last operation placed (its previous forging, or the furnace that tripped).</summary>
    private static int Ready(RepairContext ctx, OrderPlan plan, int i)
    {
        var last = ctx.LastExit(plan.Order);
        return last is { } l ? ctx.MinuteCeil(l.End) : Math.Max(0, ctx.MinuteCeil(plan.Order.Release));
    }

    private static void Book(RepairContext ctx, OrderPlan plan, int i, PairChoice c)
    {
        var order = plan.Order;
        var (h, f) = (plan.Step(2 * i + 1), plan.Step(2 * i + 2));
        var redo = h.Cut ? $"-r{plan.Cuts.Count(x => x.Step == 2 * i + 1)}" : "";
        var heat = ctx.Operation(order, 2 * i + 1, OperationKind.Heat, c.Furnace.Id,
            Same(h.Planned, c.Furnace.Id) && !h.Cut ? h.Planned!.Charge : $"{c.Furnace.Id}/{order.Id}-h{i + 1}{redo}", c.HeatStart, c.HeatEnd);
        var forge = ctx.Operation(order, 2 * i + 2, OperationKind.Forge, c.Press.Id,
            Same(f.Planned, c.Press.Id) ? f.Planned!.Charge : $"{c.Press.Id}/{order.Id}-f{i + 1}", c.ForgeStart, c.ForgeEnd);
        ctx.Book(order, heat, ctx.PowerKw(order, heat));
        ctx.Book(order, forge, 0);
    }

    private static bool Same(ScheduledOperation? planned, string resource) => planned is not null && planned.Resource == resource;

    private static InvalidOperationException Unplaceable(Order order, int heat) =>
        new(string.Create(CultureInfo.InvariantCulture, $"repair: no furnace and press can take order {order.Id} heat {heat + 1}"));
}
