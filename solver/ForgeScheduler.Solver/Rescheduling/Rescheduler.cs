using System.Diagnostics;
using System.Globalization;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Kpis;
using ForgeScheduler.Solver.Optimisation;
using ForgeScheduler.Solver.Validation;

namespace ForgeScheduler.Solver.Rescheduling;

/// <summary>Answers shop-floor events with a new schedule version: events applied (a trip interrupts
/// the pieces in its furnace), then a fast deterministic repair that keeps what need not change, then
/// CP-SAT on a neighbourhood of the orders the repair touched, accepted only when it is better on the
/// objective than the repair (docs/rescheduling.md). Pure: no clock but a stopwatch for the budget, no I/O.</summary>
public static class Rescheduler
{
    public const string MethodName = "cpsat-reschedule";

    /// <summary>A neighbourhood solve starts from a complete, valid hint and has a second or two: presolve
    /// probing (most of a second on the reference day) would leave nothing for the search.</summary>
    private const string NeighbourhoodParameters = "cp_model_probing_level:0";

    /// <summary>Kept back from the time limit for building the model, checking the answer and the diff.</summary>
    private const double ReserveSeconds = 0.35;

    /// <summary>Throws <see cref="RescheduleInputException"/> (nothing applied) when an event names an
    /// unknown resource or order, a step off the route, a time before the plan, or a finish before its start.</summary>
    public static RescheduleResult Reschedule(Plant plant, OrderBook book, Schedule current, IReadOnlyList<ShopEvent> events,
        DateTimeOffset now, RescheduleOptions options)
    {
        RescheduleInputs.ThrowIfBad(plant, book, current, events);
        var clock = Stopwatch.StartNew();
        var floor = FloorEvents.Apply(plant, book, current, events, now, options);
        var version = options.CurrentVersion + 1;
        if (!floor.Touched && Violations(floor, current).Count == 0)
        {
            floor.Notes.Add("no events: the plan in force stands, nothing moved.");
            var same = current with { Method = MethodName };
            return new RescheduleResult(same, floor.Book, floor.Plant, ScheduleDiff.Between(current, same), version, floor.Notes)
            {
                Fixed = FactKeys(floor).ToList(),
                Status = SolverStatus.Unchanged,
            };
        }

        var repaired = Repair(floor, options);
        if (repaired is null)
        {
            var fallback = current with { Method = MethodName, Operations = floor.Orders.SelectMany(PlannedOps).ToList() };
            return new RescheduleResult(fallback, floor.Book, floor.Plant, ScheduleDiff.Between(current, fallback), version, floor.Notes)
            {
                Fixed = FactKeys(floor).ToList(),
                Actuals = floor.Actuals,
                Status = SolverStatus.FellBack,
                FellBack = true,
            };
        }
        var (repair, kept) = repaired.Value;
        var repairSeconds = clock.Elapsed.TotalSeconds;
        var weights = options.Solver.Weights;
        var repairKpis = KpiCalculator.Compute(floor.Plant, floor.Book, repair);
        var repairScore = weights.Score(repairKpis);

        var (chosen, status, improveStatus, improvedScore, neighbourhood) = Improve(floor, options, current, repair, repairScore, clock);
        chosen = WithMeteredEnergy(chosen, floor);
        var diff = ScheduleDiff.Between(current, chosen);
        var finalScore = ReferenceEquals(chosen, repair) ? repairScore : improvedScore ?? repairScore;
        floor.Notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"{status}: {diff.Changed} of {current.Operations.Count} operation(s) changed ({diff.Moved} moved, {diff.Reassigned} reassigned), {diff.Added} added, {diff.Removed} removed, {diff.Interrupted} interrupted; objective {finalScore:F0} (repair {repairScore:F0})."));
        return new RescheduleResult(chosen, floor.Book, floor.Plant, diff, version, floor.Notes)
        {
            Fixed = Stayed(floor, chosen, kept),
            Actuals = floor.Actuals,
            Status = status,
            Steps = new RescheduleSteps(repair, repairScore, repairSeconds, neighbourhood, improveStatus, improvedScore,
                !ReferenceEquals(chosen, repair) && status.Outcome != SolverOutcome.Repair, finalScore, clock.Elapsed.TotalSeconds),
        };
    }

    /// <summary>CP-SAT around the repair, round after round while the time lasts (a fixed number of
    /// rounds under a deterministic budget): the first round re-plans the orders the repair touched,
    /// the next ones centre on <see cref="Neighbourhood.Seeds"/> — late orders with what could make
    /// room for them, orders a cancellation left a gap before, then a sweep over the rest of the plan —
    /// each on the best plan so far and taken only when <see cref="Better"/> than it. So the answer is
    /// never worse than the repair, and an order the repair has on time stays on time.</summary>
    private static (Schedule Chosen, SolverStatus Status, SolverStatus? ImproveStatus, double? ImprovedScore, IReadOnlyList<string> Neighbourhood) Improve(
        Floor floor, RescheduleOptions options, Schedule current, Schedule repair, double repairScore, Stopwatch clock)
    {
        var best = repair;
        var bestScore = repairScore;
        var status = SolverStatus.Repair;
        SolverStatus? improveStatus = null;
        double? improvedScore = null;
        var hoods = new List<string>();
        var deterministic = options.Solver.DeterministicTime;
        double Left() => options.Solver.TimeLimitSeconds - clock.Elapsed.TotalSeconds - ReserveSeconds;
        if (!options.Improve || (Left() < 0.4 && deterministic is null)) return (best, status, improveStatus, improvedScore, hoods);

        var seeds = Neighbourhood.Seeds(floor, repair);
        var seeded = new HashSet<string>(StringComparer.Ordinal);
        var covered = new HashSet<string>(StringComparer.Ordinal);
        var next = 0;
        int rounds = 0, taken = 0;
        // An order the plan in force had on time is late in the repair: its lateness outweighs any
        // energy the sweep could save, so round 1 (late orders first) gets all the time unless the book
        // is small enough to re-plan whole in round 2 (see the rounds below).
        var anyNewlyLate = NewlyLate(floor, current, repair).Count > 0;
        var newlyLate = anyNewlyLate && Neighbourhood.Everything(floor, repair, options.WideNeighbourhoodOrders).Count > 0;
        for (var round = 0; round < options.ImproveRounds; round++)
        {
            var left = Left();
            if (deterministic is null && left < (round == 0 ? 0.4 : 0.6)) break;
            IReadOnlyList<string> hood = [];
            var wide = false;
            // An order is late that the plan in force had on time (a rush order, a long trip): after the
            // first round (its neighbourhood has the late orders first), making room for it may take
            // moving anything before its due time, so every order that may still move is re-planned at
            // once — when there are few enough (WideNeighbourhoodOrders; CP-SAT does not get far with more
            // in a second or two, and the rounds centred on the late order come next instead).
            if (round == 0) hood = Neighbourhood.Around(floor, repair, options.NeighbourhoodOrders);
            else if (round == 1 && newlyLate && NewlyLate(floor, current, best).Count > 0)
            {
                hood = Neighbourhood.Everything(floor, best, options.WideNeighbourhoodOrders);
                wide = hood.Count > 0;
            }
            if (round > 0 && hood.Count == 0)
            {
                // Next seed not yet in a neighbourhood (a still-late order may centre one once more).
                var late = Rescheduler.LateOrders(floor.Book, best);
                while (next < seeds.Count && hood.Count == 0)
                {
                    var seed = seeds[next++];
                    if (seeded.Contains(seed) || (covered.Contains(seed) && !late.Contains(seed))) continue;
                    seeded.Add(seed);
                    hood = Neighbourhood.AroundSeed(floor, best, seed, options.NeighbourhoodOrders);
                }
                if (hood.Count == 0) break;
            }
            if (hood.Count == 0) continue;
            covered.UnionWith(hood);
            hoods.AddRange(hood.Where(h => !hoods.Contains(h)));
            // The first round gets most of the time when it needs it (CP-SAT stops early once optimal),
            // the sweep after it shares what is left; with a newly late order in a small book the round
            // of every order gets the larger part (not all: building and checking a whole book's model
            // takes a moment of its own).
            var share = wide ? 0.85 : round == 0 ? (newlyLate ? 0.4 : anyNewlyLate || next >= seeds.Count ? 1.0 : 0.6) : 0.5;
            var solver = options.Solver with
            {
                TimeLimitSeconds = Math.Max(0.4, left < 1.0 ? left : left * share),
                DeterministicTime = deterministic is { } d ? (round == 0 || wide ? d : d / 2) : null,
                ExtraParameters = options.Solver.ExtraParameters ?? NeighbourhoodParameters,
            };
            var roundStart = clock.Elapsed.TotalSeconds;
            var solved = NeighbourhoodSolve.Run(floor, best.Operations, hood, current, options.Stability, solver,
                hintWithRepair: true, wholePlanIdle: round > 0);
            rounds++;
            // A round well over its limit spent it pinning hints the model would not take (a plan whose
            // heats are shorter than the model's cautious bands): the next would too, past the time limit.
            var overran = deterministic is null && clock.Elapsed.TotalSeconds - roundStart > solver.TimeLimitSeconds + 0.25;
            if (round == 0 || improveStatus is null) improveStatus = solved?.Status ?? SolverStatus.NoSolution;
            if (solved is null || solved.Orders.Count == 0)
            {
                if (overran) break;
                continue;
            }
            var better = Better(floor, options, current, best, bestScore, solved.Schedule, out var score, out var why);
            if (better)
            {
                best = solved.Schedule;
                bestScore = score;
                improvedScore = score;
                improveStatus = solved.Status;
                status = SolverStatus.ImprovedBy(solved.Status);
                taken++;
            }
            else
            {
                improvedScore ??= score;
                if (round == 0) floor.Notes.Add($"CP-SAT's plan for {hood.Count} order(s) around the repair was not taken: {why}.");
            }
            if (overran) break;
        }
        if (rounds > 1) floor.Notes.Add($"CP-SAT: {rounds} neighbourhood round(s), {taken} taken.");
        return (best, status, improveStatus, improvedScore, hoods);
    }

    /// <summary>Orders late in <paramref name="plan"/> that the plan in force had on time (or did not have).</summary>
    private static List<string> NewlyLate(Floor floor, Schedule current, Schedule plan) =>
        LateOrders(floor.Book, plan).Except(LateOrders(floor.Book, current)).ToList();

    /// <summary>For comparison (forge bench): the same events and the same past — what has started and
    /// what starts in the freeze window — with everything else planned afresh by CP-SAT, no stability
    /// penalty, today's practice as its hint. The repair is returned when CP-SAT finds nothing valid.</summary>
    public static RescheduleResult ReoptimiseFully(Plant plant, OrderBook book, Schedule current, IReadOnlyList<ShopEvent> events,
        DateTimeOffset now, RescheduleOptions options)
    {
        RescheduleInputs.ThrowIfBad(plant, book, current, events);
        var floor = FloorEvents.Apply(plant, book, current, events, now, options);
        var repaired = Repair(floor, options) ?? throw new InvalidOperationException("the repair found no plan to start from: " + string.Join("; ", floor.Notes));
        var (repair, kept) = repaired;
        var solved = NeighbourhoodSolve.Run(floor, repair.Operations, floor.Book.Orders.Select(o => o.Id).ToList(), current,
            StabilityPenalty.None, options.Solver, hintWithRepair: false);
        var valid = solved is not null && Violations(floor, solved.Schedule).Count == 0;
        var chosen = valid ? solved!.Schedule : repair;
        return new RescheduleResult(chosen, floor.Book, floor.Plant, ScheduleDiff.Between(current, chosen), options.CurrentVersion + 1, floor.Notes)
        {
            Fixed = Stayed(floor, chosen, kept),
            Actuals = floor.Actuals,
            Status = valid ? solved!.Status : SolverStatus.Repair,
        };
    }

    /// <summary>The plain repair, completed from physics and valid by the validator (rules broken by what
    /// has happened are the floor's and only noted). An order the validator still finds fault with is
    /// placed again from scratch, twice at most. Null when no valid repair was found.</summary>
    private static (Schedule Schedule, HashSet<(string, int)> Kept)? Repair(Floor floor, RescheduleOptions options)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var ctx = new RepairContext(floor, options);
            List<ScheduledOperation> ops;
            try { ops = ScheduleRepair.Run(ctx); }
            catch (InvalidOperationException e)
            {
                floor.Notes.Add($"the repair failed: {e.Message}");
                return null;
            }
            var schedule = CpSatScheduler.Complete(floor.Plant, floor.Book, new Schedule(floor.Current.Plant, MethodName, ops));
            var violations = Violations(floor, schedule);
            if (violations.Count == 0) return (schedule, ctx.Kept);
            floor.Notes.Add($"repair attempt {attempt + 1} broke {violations.Count} rule(s) (first: {violations[0]}); placing those orders again.");
            foreach (var id in violations.Select(v => v.Order).OfType<string>().Distinct())
            {
                if (floor.Orders.FirstOrDefault(p => p.Order.Id == id) is not { } plan) continue;
                foreach (var step in plan.Steps.Where(s => !s.Started)) step.Displaced = true;
            }
        }
        return null;
    }

    /// <summary>Broken rules that are the rescheduler's doing: those of steps that have started are facts.</summary>
    private static List<Violation> Violations(Floor floor, Schedule schedule)
    {
        var facts = FactKeys(floor).ToHashSet();
        var all = ScheduleValidator.Validate(floor.Plant, floor.Book, schedule);
        var ours = all.Where(v => v.Order is null || v.Step is null || !facts.Contains((v.Order, v.Step.Value))).ToList();
        foreach (var v in all.Except(ours)) if (!floor.Notes.Contains($"as it happened on the floor: {v}")) floor.Notes.Add($"as it happened on the floor: {v}");
        return ours;
    }

    /// <summary>Steps kept exactly as they were that had started or start inside the freeze window.</summary>
    private static List<(string Order, int Step)> Stayed(Floor floor, Schedule schedule, HashSet<(string, int)> kept)
    {
        var facts = FactKeys(floor).ToHashSet();
        return schedule.Operations.Where(o => !o.Interrupted && kept.Contains((o.Order, o.Step))
                                              && (facts.Contains((o.Order, o.Step)) || o.Start < floor.FreezeEnd))
            .Select(o => (o.Order, o.Step)).Distinct().ToList();
    }

    private static IEnumerable<(string, int)> FactKeys(Floor floor) =>
        floor.Orders.SelectMany(p => p.Steps.Where(s => s.Started && !s.Cut && s.Planned is not null).Select(s => (p.Order.Id, s.Route.Step)));

    private static IEnumerable<ScheduledOperation> PlannedOps(OrderPlan plan) =>
        plan.Cuts.Concat(plan.Steps.Where(s => s.Planned is not null && !s.Cut).Select(s => s.Planned!));

    /// <summary>CP-SAT's plan replaces the repair only if it is valid, no worse on the objective, better
    /// once the stability penalty of every move is counted, and makes no order late that the repair
    /// keeps on time.</summary>
    private static bool Better(Floor floor, RescheduleOptions options, Schedule current, Schedule repair, double repairScore,
        Schedule candidate, out double score, out string why)
    {
        score = options.Solver.Weights.Score(KpiCalculator.Compute(floor.Plant, floor.Book, candidate));
        var broken = Violations(floor, candidate);
        if (broken.Count > 0) { why = $"it breaks {broken.Count} rule(s) (first: {broken[0]})"; return false; }
        if (score > repairScore + 1e-6) { why = string.Create(CultureInfo.InvariantCulture, $"objective {score:F0} against the repair's {repairScore:F0}"); return false; }
        var stable = StabilityCost(options, current, candidate);
        var repairStable = StabilityCost(options, current, repair);
        if (score + stable >= repairScore + repairStable - 1e-6)
        {
            why = string.Create(CultureInfo.InvariantCulture, $"objective with moves {score + stable:F0} against the repair's {repairScore + repairStable:F0}");
            return false;
        }
        var late = LateOrders(floor.Book, candidate).Except(LateOrders(floor.Book, repair)).ToList();
        if (late.Count > 0) { why = $"order(s) {string.Join(", ", late)} would be late, the repair has them on time"; return false; }
        why = "";
        return true;
    }

    /// <summary>The stability penalty of a plan against the plan in force, in kg-CO2-equivalent.</summary>
    public static double StabilityCost(RescheduleOptions options, Schedule current, Schedule plan)
    {
        var diff = ScheduleDiff.Between(current, plan);
        return diff.Changes.Sum(c => options.StabilityKgPerMinuteMoved * Math.Abs(c.ShiftMinutes) + (c.Reassigned ? options.StabilityKgPerReassignment : 0));
    }

    /// <summary>Orders that finish after their due time (by more than the KPI calculator's tolerance).</summary>
    public static IReadOnlySet<string> LateOrders(OrderBook book, Schedule schedule)
    {
        var ends = schedule.Operations.GroupBy(o => o.Order).ToDictionary(g => g.Key, g => g.Max(o => o.End), StringComparer.Ordinal);
        return book.Orders.Where(o => ends.TryGetValue(o.Id, out var end) && Lateness.IsLate(end, o.Due)).Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
    }

    private static Schedule WithMeteredEnergy(Schedule schedule, Floor floor)
    {
        var metered = floor.Actuals.Where(a => a.EnergyKwh is not null).ToDictionary(a => (a.Order, a.Step), a => a.EnergyKwh!.Value);
        if (metered.Count == 0) return schedule;
        return schedule with
        {
            Operations = schedule.Operations.Select(o => !o.Interrupted && metered.TryGetValue((o.Order, o.Step), out var kwh) ? o with { EnergyKwh = kwh } : o).ToList(),
        };
    }
}
