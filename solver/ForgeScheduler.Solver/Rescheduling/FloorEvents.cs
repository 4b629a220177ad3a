using System.Globalization;
using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Solver.Rescheduling;

/// <summary>Applies shop-floor events to the plan in force (docs/rescheduling.md, "What happens"):
/// order events to the book, the floor's actual starts and ends to the operations, resource downs to
/// the plant's downtime — a trip stops its furnace at the event's time and interrupts the pieces
/// inside, a planned outage blocks its window after what is already inside has finished. Downtime
/// already in the plant that the plan in force runs through (the plant grain adds reported downs that
/// way) is taken as the matching resource_down.</summary>
internal static class FloorEvents
{
    public static Floor Apply(Plant plant, OrderBook book, Schedule current, IReadOnlyList<ShopEvent> events, DateTimeOffset now,
        RescheduleOptions options)
    {
        var notes = new List<string>();
        var ordered = events.Select((e, i) => (e, i)).OrderBy(x => x.e.At).ThenBy(x => x.i).Select(x => x.e).ToList();
        var (newBook, changed) = ApplyOrderEvents(book, ordered, notes);
        var started = new Dictionary<(string, int), OperationStarted>();
        var finished = new Dictionary<(string, int), OperationFinished>();
        foreach (var e in ordered)
        {
            if (e is OperationStarted s) started[(s.Order, s.Step)] = s;
            else if (e is OperationFinished f) finished[(f.Order, f.Step)] = f;
        }

        var freezeEnd = now.AddMinutes(options.FreezeMinutes);
        var byOrder = current.Operations.GroupBy(o => o.Order).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var plans = new List<OrderPlan>(newBook.Orders.Count);
        foreach (var order in newBook.Orders)
        {
            var plan = new OrderPlan(order);
            plans.Add(plan);
            if (!byOrder.TryGetValue(order.Id, out var ops))
            {
                plan.New = true;
                continue;
            }
            plan.Cuts.AddRange(ops.Where(o => o.Interrupted));
            foreach (var op in ops.Where(o => !o.Interrupted && o.Step >= 1 && o.Step <= plan.Steps.Length))
            {
                var step = plan.Step(op.Step);
                if (step.Route.Kind != op.Kind) continue;
                step.Planned = op;
            }
            ApplyActuals(plan, started, finished);
            States(plan, now, freezeEnd);
            if (changed.Contains(order.Id))
            {
                // Mass, route or due date changed: what has not started is planned again.
                plan.New = true;
                foreach (var s in plan.Steps.Where(s => !s.Started)) s.Displaced = true;
            }
        }

        if (BlockBehindLateWork(plant, plans, current))
            foreach (var plan in plans.Where(p => p.Steps.Any(s => s.Blocked))) States(plan, now, freezeEnd);

        var (downtime, fresh) = ResourceDowns(plant, current, ordered, now, options);
        var newDowntime = plant.Downtime.Where(d => !fresh.Contains(d)).ToList();
        var added = new List<Downtime>();
        foreach (var down in downtime)
        {
            var window = ApplyDown(plans, down, now, notes);
            if (window is not null) added.Add(window);
        }
        newDowntime.AddRange(added);
        // Cuts and blocked starts change what can have started after them.
        foreach (var plan in plans.Where(p => p.Steps.Any(s => s.Cut || s.Blocked))) States(plan, now, freezeEnd);
        newDowntime.RemoveAll(d => d.To <= d.From);
        var newPlant = plant with { Downtime = newDowntime };

        // The plant grain applies order changes to the book itself: a plan that no longer matches the
        // book (an order gone, one without a plan) is as touched as one with events.
        var ids = newBook.Orders.Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
        var touched = events.Count > 0 || downtime.Count > 0 || plans.Any(p => p.New) || current.Operations.Any(o => !ids.Contains(o.Order));
        return new Floor(newPlant, newBook, current, now, freezeEnd, plans, Actuals(started, finished), notes)
        {
            Touched = touched,
            NewDowntime = added,
        };
    }

    /// <summary>A down as the rescheduler applies it: resource, from, until, trip or planned.</summary>
    private sealed record Down(string Resource, DateTimeOffset At, DateTimeOffset Until, DownKind Kind);

    /// <summary>The downs of the events (resource_up ends the last one of its resource), plus downtime of
    /// the plant that the plan in force runs through (returned too, to be replaced by what is applied).</summary>
    private static (List<Down> Downs, HashSet<Downtime> Replaced) ResourceDowns(Plant plant, Schedule current, List<ShopEvent> events,
        DateTimeOffset now, RescheduleOptions options)
    {
        var downs = new List<Down>();
        var replaced = new HashSet<Downtime>();
        foreach (var window in plant.Downtime)
        {
            var ignored = current.Operations.Any(o => !o.Interrupted && o.Resource == window.Resource
                && Math.Min(o.End.Ticks, window.To.Ticks) - Math.Max(o.Start.Ticks, window.From.Ticks) > TimeSpan.TicksPerMinute / 2);
            if (!ignored) continue;
            replaced.Add(window);
            downs.Add(new Down(window.Resource, window.From, window.To, window.From <= now ? DownKind.Trip : DownKind.Planned));
        }
        var open = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            switch (e)
            {
                case ResourceDown d:
                    open[d.Resource] = downs.Count;
                    downs.Add(new Down(d.Resource, d.At, d.Until ?? now.AddHours(options.DefaultDowntimeHours), d.KindAt(now)));
                    break;
                case ResourceUp u when open.Remove(u.Resource, out var i):
                    downs[i] = downs[i] with { Until = u.At > downs[i].At ? u.At : downs[i].At };
                    break;
            }
        }
        return (downs, replaced);
    }

    /// <summary>Applies one down: a trip of a furnace interrupts the pieces inside at its time; on a
    /// press, or for a planned outage, what is running finishes and the window starts when it is out.
    /// Every step that has not started and runs into the window is displaced. Returns the window.</summary>
    private static Downtime? ApplyDown(List<OrderPlan> plans, Down down, DateTimeOffset now, List<string> notes)
    {
        var interrupts = down.Kind == DownKind.Trip;
        var from = down.At;
        var cut = new List<string>();
        foreach (var plan in plans)
        {
            foreach (var step in plan.Steps)
            {
                if (step.Planned is not { } op || op.Resource != down.Resource || step.Cut) continue;
                if (!step.Reported && op.Start >= down.At && op.Start < down.Until)
                {
                    // Planned to start on a resource that was down by then: it did not start.
                    step.Blocked = true;
                    continue;
                }
                if (!step.Started || op.End <= down.At || op.Start >= down.At) continue;
                if (interrupts && step.Route.Kind != OperationKind.Forge)
                {
                    plan.Cuts.Add(op with { End = down.At, Interrupted = true });
                    if (step.EndReported) notes.Add($"order {op.Order} step {op.Step}: reported finished at {op.End:O}, but {down.Resource} tripped at {down.At:O}; taken as interrupted.");
                    step.Cut = true;
                    step.Displaced = true;
                    cut.Add(op.Order);
                    continue;
                }
                // Finishes where it is; the window starts when it is out.
                if (op.End > from) from = op.End;
            }
        }
        if (cut.Count > 0)
            notes.Add($"{down.Resource} tripped at {down.At:O} with {cut.Count} piece(s) inside ({string.Join(", ", cut)}): interrupted there, to be heated again.");
        else if (from > down.At)
            notes.Add($"{down.Resource} is down from {down.At:O}; what is running there finishes first, so the downtime starts {from:O}.");
        if (down.Until <= from)
        {
            notes.Add($"{down.Resource} is down until {down.Until:O}, before it is free; no downtime added.");
            return null;
        }
        var window = new Downtime(down.Resource, from, down.Until);
        var displaced = 0;
        foreach (var plan in plans)
        {
            foreach (var step in plan.Steps)
            {
                if ((step.Started && !step.Blocked) || step.Cut || step.Planned is not { } op || op.Resource != down.Resource) continue;
                if (op.Start < window.To && op.End > window.From && !step.Displaced)
                {
                    step.Displaced = true;
                    displaced++;
                }
            }
        }
        notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"{down.Resource} {(down.Kind == DownKind.Trip ? "tripped" : "planned down")}: downtime {window.From:O} – {window.To:O}; {displaced} planned operation(s) there to be placed again."));
        return window;
    }

    /// <summary>The floor's actual starts and ends replace the plan's.</summary>
    private static void ApplyActuals(OrderPlan plan, Dictionary<(string, int), OperationStarted> started,
        Dictionary<(string, int), OperationFinished> finished)
    {
        foreach (var step in plan.Steps)
        {
            if (step.Planned is not { } op) continue;
            var key = (op.Order, op.Step);
            // A piece interrupted by a trip is heated again in a new operation of the same step. The
            // floor's reports of the interrupted run (it started before the trip) are that run's, which
            // the cut already records: taken for the resumption they would move it back onto the cut.
            var interruptedUntil = plan.Cuts.Where(c => c.Step == op.Step).Select(c => (DateTimeOffset?)c.End).Max();
            if (started.TryGetValue(key, out var s) && !(s.At < interruptedUntil))
            {
                op = op with { Start = s.At, End = s.At + (op.End - op.Start), Resource = s.Resource };
                step.MeasuredStartC = s.TempC;
                step.Reported = true;
            }
            if (finished.TryGetValue(key, out var f) && f.At >= op.Start && !(f.At <= interruptedUntil))
            {
                op = op with { End = f.At };
                step.EndReported = true;
                step.Reported = true;
            }
            step.Planned = op;
        }
    }

    /// <summary>A step the floor reported later than planned (a late start or finish) still holds its
    /// resource when the plan had the next piece going in: that piece cannot have started then, whatever
    /// the plan said, unless the floor reported it. Returns whether any step was so blocked.</summary>
    private static bool BlockBehindLateWork(Plant plant, List<OrderPlan> plans, Schedule current)
    {
        var planned = current.Operations.Where(o => !o.Interrupted).GroupBy(o => (o.Order, o.Step)).ToDictionary(g => g.Key, g => g.First());
        var steps = plans.SelectMany(p => p.Steps.Where(s => s.Planned is not null).Select(s => (Plan: p, Step: s))).ToList();
        var blocked = false;
        foreach (var (_, late) in steps.Where(x => x.Step.Reported))
        {
            var op = late.Planned!;
            if (!planned.TryGetValue((op.Order, op.Step), out var was) || (op.End <= was.End && op.Start <= was.Start)) continue;
            var furnace = plant.FindFurnace(op.Resource);
            foreach (var (_, next) in steps.Where(x => !x.Step.Reported && !x.Step.Blocked && x.Step.Started && x.Step.Planned!.Resource == op.Resource))
            {
                var n = next.Planned!;
                if (ReferenceEquals(next, late) || n.Start < was.Start || n.Start >= op.End || (n.Kind == OperationKind.HeatTreat && n.Charge == op.Charge)) continue;
                if (furnace is { Kind: FurnaceKind.Heating } f && Fits(f, plans, steps.Select(x => x.Step), n.Start)) continue;
                next.Blocked = true;
                blocked = true;
            }
        }
        return blocked;
    }

    /// <summary>Whether a heating furnace holds no more than its capacity at an instant, counting every
    /// step taken to be in it then (reported or planned, not blocked).</summary>
    private static bool Fits(Furnace furnace, List<OrderPlan> plans, IEnumerable<StepPlan> steps, DateTimeOffset at)
    {
        var mass = plans.ToDictionary(p => p.Order.Id, p => p.Order.MassTonnes, StringComparer.Ordinal);
        var inside = steps.Where(s => (s.Started || s.Reported) && !s.Blocked && s.Planned is { } o && o.Resource == furnace.Id && o.Start <= at && o.End > at)
            .Select(s => s.Planned!).ToList();
        return inside.Count <= furnace.CapacityPieces && inside.Sum(o => mass.GetValueOrDefault(o.Order)) <= furnace.CapacityTonnes + 1e-9;
    }

    /// <summary>Each step's state, in route order: it has started if the floor said so, or if its
    /// planned start is past, its resource was not down then and the step before it was out by then;
    /// it is done once it has ended (reported, or planned to end before now); a step that has not
    /// started is frozen if it starts inside the freeze window.</summary>
    private static void States(OrderPlan plan, DateTimeOffset now, DateTimeOffset freezeEnd)
    {
        DateTimeOffset? previousEnd = plan.Order.Release;
        var previousStarted = true;
        foreach (var step in plan.Steps)
        {
            if (step.Planned is not { } op || step.Cut)
            {
                if (step.Cut) step.State = StepState.Free;
                previousStarted = false;
                continue;
            }
            var begun = step.Reported
                        || (op.Start < now && !step.Blocked && previousStarted && previousEnd is { } pe && pe <= op.Start.AddMinutes(1));
            step.State = begun
                ? (step.EndReported || op.End <= now ? StepState.Done : StepState.Running)
                : op.Start < freezeEnd ? StepState.Frozen : StepState.Free;
            previousStarted = begun;
            previousEnd = op.End;
        }
    }

    private static (OrderBook Book, HashSet<string> Changed) ApplyOrderEvents(OrderBook book, IReadOnlyList<ShopEvent> events, List<string> notes)
    {
        var orders = book.Orders.ToList();
        var changed = new HashSet<string>(StringComparer.Ordinal);
        int IndexOf(string id) => orders.FindIndex(o => o.Id == id);
        foreach (var e in events)
        {
            switch (e)
            {
                case OrderAdded a when IndexOf(a.Order.Id) is var i and >= 0:
                    notes.Add($"order {a.Order.Id} was added but exists already; taken as a change.");
                    orders[i] = a.Order;
                    changed.Add(a.Order.Id);
                    break;
                case OrderAdded a:
                    orders.Add(a.Order);
                    break;
                case OrderChanged c when IndexOf(c.Order.Id) is var i and >= 0:
                    orders[i] = c.Order;
                    changed.Add(c.Order.Id);
                    break;
                case OrderChanged c:
                    notes.Add($"order {c.Order.Id} was changed but is not in the book; taken as added.");
                    orders.Add(c.Order);
                    break;
                case OrderCancelled x when IndexOf(x.Id) is var i and >= 0:
                    orders.RemoveAt(i);
                    changed.Remove(x.Id);
                    break;
            }
        }
        return (book with { Orders = orders }, changed);
    }

    private static List<OperationActual> Actuals(Dictionary<(string, int), OperationStarted> started, Dictionary<(string, int), OperationFinished> finished) =>
        started.Keys.Union(finished.Keys).OrderBy(k => k.Item1, StringComparer.Ordinal).ThenBy(k => k.Item2).Select(k =>
        {
            started.TryGetValue(k, out var s);
            finished.TryGetValue(k, out var f);
            return new OperationActual(k.Item1, k.Item2, s?.At, f?.At, s?.TempC, f?.TempC, f?.EnergyKwh);
        }).ToList();
}
