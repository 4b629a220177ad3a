using System.Globalization;
using ForgeScheduler.Solver.Baseline;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Optimisation;
using ForgeScheduler.Solver.Validation;

namespace ForgeScheduler.Solver.Rescheduling;

/// <summary>A measured value from the floor for one operation, kept beside the schedule (the
/// schedule's own charge temperatures stay what physics says, so the validator can check them).</summary>
public sealed record OperationActual(string Order, int Step, DateTimeOffset? Started, DateTimeOffset? Finished,
    double? StartTempC, double? FinishTempC, double? EnergyKwh);

/// <summary>The answer to a reschedule: the new plan, the order book and plant it was made for
/// (events applied), what changed, and its version.</summary>
public sealed record RescheduleResult(
    Schedule NewSchedule,
    OrderBook Orders,
    Plant Plant,
    ScheduleDiff Diff,
    int Version,
    IReadOnlyList<string> Notes)
{
    public IReadOnlyList<(string Order, int Step)> Fixed { get; init; } = [];
    public IReadOnlyList<OperationActual> Actuals { get; init; } = [];
    public string Status { get; init; } = "";
    public bool FellBack { get; init; }
}

/// <summary>Answers shop-floor events: applies them to the order book and the plant, keeps what has
/// started or is about to (the freeze window) exactly where it is, and re-optimises the rest with
/// CP-SAT from the current plan, paying for every move (docs/rescheduling.md).</summary>
public static class Rescheduler
{
    public const string MethodName = "cpsat-reschedule";

    public static RescheduleResult Reschedule(Plant plant, OrderBook book, Schedule current, IReadOnlyList<ShopEvent> events,
        DateTimeOffset now, RescheduleOptions options)
    {
        var notes = new List<string>();
        var ordered = events.OrderBy(e => e.At).ToList();
        var newBook = ApplyOrderEvents(book, ordered, notes);
        var started = new Dictionary<(string, int), OperationStarted>();
        var finished = new Dictionary<(string, int), OperationFinished>();
        foreach (var e in ordered)
        {
            if (e is OperationStarted s) started[(s.Order, s.Step)] = s;
            else if (e is OperationFinished f) finished[(f.Order, f.Step)] = f;
        }

        // The current plan with what really happened: actual starts, resources and ends; later
        // steps of the same piece pushed back by any delay so the route stays in order.
        var live = current.Operations.Where(o => newBook.Find(o.Order) is not null).ToList();
        var actual = WithActuals(live, started, finished);
        var newPlant = ApplyResourceEvents(plant, ordered, actual, now, options, notes);

        // Which operations stay: per order a prefix of its route (see docs/rescheduling.md).
        var freezeEnd = now.AddMinutes(options.FreezeMinutes);
        var fixedOps = new List<ScheduledOperation>();
        var fixedOrders = new Dictionary<string, Order>();
        var free = new List<Order>();
        var reference = new List<ScheduledOperation>();
        var stepOffset = new Dictionary<string, int>();
        var htOnly = new List<(Order Order, ScheduledOperation Ht, ScheduledOperation LastForge)>();
        var byOrder = actual.GroupBy(o => o.Order).ToDictionary(g => g.Key, g => g.OrderBy(o => o.Step).ToList());
        foreach (var order in newBook.Orders)
        {
            if (!byOrder.TryGetValue(order.Id, out var ops))
            {
                free.Add(order);
                continue;
            }
            var prefix = FixedPrefix(order, ops, started, finished, now, freezeEnd, newPlant, notes);
            var kept = ops.Where(o => o.Step <= prefix).ToList();
            fixedOps.AddRange(kept);
            if (kept.Count > 0) fixedOrders[order.Id] = order;
            if (prefix == Route.StepCount(order) - 1 && ops.FirstOrDefault(o => o.Step == prefix + 1) is { } ht)
            {
                htOnly.Add((order, ht, kept[^1]));
                continue;
            }
            if (prefix >= Route.StepCount(order)) continue;
            var remainder = prefix == 0 ? order : Remainder(order, prefix / 2, kept[^1].End);
            free.Add(remainder);
            stepOffset[order.Id] = prefix;
            reference.AddRange(ops.Where(o => o.Step > prefix).Select(o => o with { Step = o.Step - prefix }));
        }
        // Heat treatments of forged pieces, placed in time order so earlier pieces get earlier charges.
        var placed = new HashSet<(string, int)>();
        foreach (var (order, ht, lastForge) in htOnly.OrderBy(x => x.Ht.Start))
        {
            var op = PlaceHeatTreatment(newPlant, order, ht, lastForge, fixedOps, freezeEnd, notes);
            if (!ReferenceEquals(op, ht)) placed.Add((op.Order, op.Step));
            fixedOps.Add(op);
        }
        // Fixed: what stays as it was; heat treatments placed anew above are decisions, not facts.
        var fixedKeys = fixedOps.Select(o => (o.Order, o.Step)).Where(k => !placed.Contains(k)).ToHashSet();

        var penalty = new StabilityPenalty(options.StabilityKgPerMinuteMoved, options.StabilityKgPerReassignment);
        var solved = CpSatScheduler.Repair(newPlant, newBook, free, fixedOps, fixedOrders,
            current with { Operations = reference }, freezeEnd, penalty, options.Solver, Replay(newPlant, newBook, free, fixedOps, freezeEnd));

        var version = options.CurrentVersion + 1;
        Schedule schedule;
        string status;
        var fellBack = false;
        if (solved is null)
        {
            notes.Add("CP-SAT found no repaired schedule in time; keeping the current plan with the floor's actuals.");
            (schedule, status, fellBack) = (Fallback(newPlant, newBook, current, actual), "FALLBACK", true);
        }
        else
        {
            var freeOps = solved.Operations.Select(o => Renumber(o, stepOffset.GetValueOrDefault(o.Order)));
            schedule = Finish(newPlant, newBook, current, fixedOps.Concat(freeOps), finished);
            status = solved.Status;
            var violations = ScheduleValidator.Validate(newPlant, newBook, schedule);
            // Broken rules on fixed operations are facts of the floor, not decisions: reported, kept.
            var ours = violations.Where(v => v.Order is null || v.Step is null || !fixedKeys.Contains((v.Order, v.Step.Value))).ToList();
            foreach (var v in violations.Except(ours)) notes.Add($"as it happened on the floor: {v}");
            if (ours.Count > 0)
            {
                notes.Add($"the repaired schedule broke {ours.Count} rule(s) (first: {ours[0]}); keeping the current plan with the floor's actuals.");
                (schedule, status, fellBack) = (Fallback(newPlant, newBook, current, actual), "FALLBACK", true);
            }
        }
        var diff = ScheduleDiff.Between(current, schedule);
        notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"{fixedKeys.Count} operation(s) fixed, {free.Count} order(s) re-optimised; {diff.Moved} moved, {diff.Reassigned} reassigned, {diff.Added} added, {diff.Removed} removed."));
        return new RescheduleResult(schedule, newBook, newPlant, diff, version, notes)
        {
            Fixed = fixedKeys.ToList(),
            Actuals = Actuals(started, finished),
            Status = status,
            FellBack = fellBack,
        };
    }

    /// <summary>Today's practice for the free orders, in the model's heating times, around everything
    /// fixed (taken as downtime, whole furnaces: cautious but feasible) and after the freeze window:
    /// a complete hint for CP-SAT when the current plan no longer fits. Null if the dispatcher cannot.</summary>
    private static Schedule? Replay(Plant plant, OrderBook book, List<Order> free, List<ScheduledOperation> fixedOps, DateTimeOffset freezeEnd)
    {
        if (free.Count == 0) return null;
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
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static OrderBook ApplyOrderEvents(OrderBook book, IReadOnlyList<ShopEvent> events, List<string> notes)
    {
        var orders = book.Orders.ToList();
        int IndexOf(string id) => orders.FindIndex(o => o.Id == id);
        foreach (var e in events)
        {
            switch (e)
            {
                case OrderAdded a when IndexOf(a.Order.Id) is var i and >= 0:
                    notes.Add($"order {a.Order.Id} was added but exists already; taken as a change.");
                    orders[i] = a.Order;
                    break;
                case OrderAdded a:
                    orders.Add(a.Order);
                    break;
                case OrderChanged c when IndexOf(c.Order.Id) is var i and >= 0:
                    orders[i] = c.Order;
                    break;
                case OrderChanged c:
                    notes.Add($"order {c.Order.Id} was changed but is not in the book; taken as added.");
                    orders.Add(c.Order);
                    break;
                case OrderCancelled x when IndexOf(x.Id) is var i and >= 0:
                    orders.RemoveAt(i);
                    break;
                case OrderCancelled x:
                    notes.Add($"order {x.Id} was cancelled but is not in the book; ignored.");
                    break;
            }
        }
        return book with { Orders = orders };
    }

    /// <summary>resource_down opens a downtime window [at, until ?? now + default); resource_up closes
    /// the open one. Pieces already in (or on) the resource when it goes down finish there: the
    /// window starts when the last of them leaves.</summary>
    private static Plant ApplyResourceEvents(Plant plant, IReadOnlyList<ShopEvent> events, IReadOnlyList<ScheduledOperation> actual,
        DateTimeOffset now, RescheduleOptions options, List<string> notes)
    {
        var downtime = plant.Downtime.ToList();
        var opened = new Dictionary<string, int>();
        foreach (var e in events)
        {
            switch (e)
            {
                case ResourceDown d when !plant.HasResource(d.Resource):
                    notes.Add($"resource_down for unknown resource '{d.Resource}' ignored.");
                    break;
                case ResourceDown d:
                {
                    var inside = actual.Where(o => o.Resource == d.Resource && o.Start < d.At && o.End > d.At).ToList();
                    var from = inside.Count == 0 ? d.At : inside.Max(o => o.End);
                    var to = d.Until ?? now.AddHours(options.DefaultDowntimeHours);
                    if (inside.Count > 0) notes.Add($"{d.Resource} went down with {inside.Count} operation(s) running; they finish, the downtime starts {from:O}.");
                    if (to <= from) { notes.Add($"{d.Resource} is down until {to:O}, before it is free; no downtime added."); break; }
                    opened[d.Resource] = downtime.Count;
                    downtime.Add(new Downtime(d.Resource, from, to));
                    break;
                }
                case ResourceUp u when opened.TryGetValue(u.Resource, out var i):
                    var window = downtime[i];
                    downtime[i] = window with { To = u.At > window.From ? u.At : window.From };
                    opened.Remove(u.Resource);
                    break;
                case ResourceUp u:
                    notes.Add($"resource_up for {u.Resource} without a resource_down in these events; nothing to end.");
                    break;
            }
        }
        downtime.RemoveAll(d => d.To <= d.From);
        return plant with { Downtime = downtime };
    }

    private static List<ScheduledOperation> WithActuals(IReadOnlyList<ScheduledOperation> ops,
        Dictionary<(string, int), OperationStarted> started, Dictionary<(string, int), OperationFinished> finished)
    {
        var result = new List<ScheduledOperation>(ops.Count);
        foreach (var group in ops.GroupBy(o => o.Order))
        {
            var delay = TimeSpan.Zero;
            foreach (var op in group.OrderBy(o => o.Step))
            {
                var x = op;
                if (started.TryGetValue((op.Order, op.Step), out var s))
                    x = x with { Start = s.At, End = s.At + (op.End - op.Start), Resource = s.Resource };
                else if (delay > TimeSpan.Zero) x = x with { Start = x.Start + delay, End = x.End + delay };
                if (finished.TryGetValue((op.Order, op.Step), out var f) && f.At > x.Start) x = x with { End = f.At };
                var late = x.End - op.End;
                delay = late > TimeSpan.Zero ? late : TimeSpan.Zero;
                result.Add(x);
            }
        }
        return result;
    }

    /// <summary>The last step of the order's route that stays as it is (0: none). A step stays if the
    /// floor reported it, if it started before now, or if it starts in the freeze window and its
    /// resource is not down then. The prefix never ends between a heat and its forging (the transfer
    /// window ties them) and an order whose forgings are all fixed keeps its heat treatment too.</summary>
    private static int FixedPrefix(Order order, List<ScheduledOperation> ops, Dictionary<(string, int), OperationStarted> started,
        Dictionary<(string, int), OperationFinished> finished, DateTimeOffset now, DateTimeOffset freezeEnd, Plant plant, List<string> notes)
    {
        var prefix = 0;
        foreach (var op in ops)
        {
            var reported = started.ContainsKey((op.Order, op.Step)) || finished.ContainsKey((op.Order, op.Step));
            if (reported || (op.Start < freezeEnd && !Blocked(plant, op))) prefix = Math.Max(prefix, op.Step);
        }
        var steps = Route.StepCount(order);
        if (prefix == 0 || prefix == steps) return prefix;
        if (prefix % 2 == 1) prefix++;
        var forge = ops.FirstOrDefault(o => o.Step == prefix);
        if (forge is not null && plant.Downtime.Any(d => d.Resource == forge.Resource && forge.Start < d.To && forge.End > d.From))
            notes.Add($"order {order.Id} step {prefix}: the piece is already heating, so its forging on {forge.Resource} stays although the press is down.");
        return prefix;
    }

    private static bool Blocked(Plant plant, ScheduledOperation op) =>
        plant.Downtime.Any(d => d.Resource == op.Resource && op.Start < d.To && op.End > d.From);

    /// <summary>A piece whose forgings are all done and whose heat treatment is not fixed: the model
    /// needs at least one heat per order, so its heat treatment is placed here. It keeps its planned
    /// charge if that furnace is up; otherwise it gets a charge of its own, at the earliest time it is
    /// cool enough and a furnace for its recipe is free of downtime and other fixed charges.</summary>
    private static ScheduledOperation PlaceHeatTreatment(Plant plant, Order order, ScheduledOperation planned, ScheduledOperation lastForge,
        IReadOnlyList<ScheduledOperation> taken, DateTimeOffset notBefore, List<string> notes)
    {
        if (!Blocked(plant, planned) && planned.Start >= notBefore) return planned;
        var recipe = plant.FindRecipe(order.HeatTreatment)!;
        var cycle = TimeSpan.FromMinutes(Math.Ceiling(recipe.CycleHours * 60));
        var cooled = lastForge.End.AddMinutes(WaitTable.CoolingMinutes(plant, order, order.Heats[^1].FinishTempC, recipe.MaxChargeC));
        var ready = cooled > notBefore ? cooled : notBefore;
        var best = plant.HeatTreatmentFurnaces
            .Where(f => f.Recipes.Contains(recipe.Id) && f.CapacityTonnes >= order.MassTonnes)
            .Select(f => (Furnace: f, Start: EarliestFree(plant, f.Id, taken, ready, cycle)))
            .OrderBy(x => x.Start).ThenBy(x => x.Furnace.Id == planned.Resource ? 0 : 1).First();
        notes.Add($"order {order.Id}: heat treatment moved from {planned.Resource} {planned.Start:O} to {best.Furnace.Id} {best.Start:O} (its own charge).");
        return planned with
        {
            Resource = best.Furnace.Id,
            Charge = $"{best.Furnace.Id}/r-{order.Id}",
            Start = best.Start,
            End = best.Start + cycle,
            Carrier = best.Furnace.Carrier,
        };
    }

    private static DateTimeOffset EarliestFree(Plant plant, string resource, IReadOnlyList<ScheduledOperation> taken, DateTimeOffset from, TimeSpan length)
    {
        var busy = plant.Downtime.Where(d => d.Resource == resource).Select(d => (d.From, d.To))
            .Concat(taken.Where(o => o.Resource == resource).Select(o => (From: o.Start, To: o.End)))
            .OrderBy(b => b.From).ToList();
        var t = from;
        foreach (var (f, to) in busy)
        {
            if (t + length <= f) break;
            if (to > t) t = to;
        }
        return t;
    }

    /// <summary>What is left of an order after its first <paramref name="heatsDone"/> heats and
    /// forgings: a piece released when it left the press, at the heat's finish temperature — exactly
    /// the state the evaluator follows it from.</summary>
    private static Order Remainder(Order order, int heatsDone, DateTimeOffset leftPress) => order with
    {
        Release = leftPress,
        ReleaseTempC = order.Heats[heatsDone - 1].FinishTempC,
        Heats = order.Heats.Skip(heatsDone).ToList(),
    };

    private static ScheduledOperation Renumber(ScheduledOperation op, int offset)
    {
        if (offset == 0) return op;
        var step = op.Step + offset;
        // The model names heat and forge charges by its own heat number; keep them unique per piece.
        var charge = op.Kind == OperationKind.HeatTreat ? op.Charge
            : $"{op.Resource}/{op.Order}-{(op.Kind == OperationKind.Heat ? "h" : "f")}{(step + 1) / 2}";
        return op with { Step = step, Charge = charge };
    }

    private static Schedule Finish(Plant plant, OrderBook book, Schedule current, IEnumerable<ScheduledOperation> ops,
        Dictionary<(string, int), OperationFinished> finished)
    {
        var completed = CpSatScheduler.Complete(plant, book, new Schedule(plant.Id, MethodName, ops.ToList()) with { Plant = current.Plant });
        // Metered energy replaces the physics estimate where the floor reported it.
        return completed with
        {
            Operations = completed.Operations.Select(o =>
                finished.TryGetValue((o.Order, o.Step), out var f) && f.EnergyKwh is { } kwh ? o with { EnergyKwh = kwh } : o).ToList(),
        };
    }

    private static Schedule Fallback(Plant plant, OrderBook book, Schedule current, List<ScheduledOperation> actual) =>
        current with { Method = MethodName, Operations = CpSatScheduler.Complete(plant, book, current with { Operations = actual }).Operations };

    private static List<OperationActual> Actuals(Dictionary<(string, int), OperationStarted> started, Dictionary<(string, int), OperationFinished> finished) =>
        started.Keys.Union(finished.Keys).OrderBy(k => k.Item1, StringComparer.Ordinal).ThenBy(k => k.Item2).Select(k =>
        {
            started.TryGetValue(k, out var s);
            finished.TryGetValue(k, out var f);
            return new OperationActual(k.Item1, k.Item2, s?.At, f?.At, s?.TempC, f?.TempC, f?.EnergyKwh);
        }).ToList();
}
