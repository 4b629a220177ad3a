using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Solver.Optimisation;

/// <summary>What a repair solve found: the operations of the free orders, read from the model.</summary>
public sealed record RepairSolution(IReadOnlyList<ScheduledOperation> Operations, SolverStatus Status, double Objective, double Bound, double WallSeconds);

/// <summary>What moving an operation costs, in the objective's kg-CO2-equivalent.</summary>
public sealed record StabilityPenalty(double KgPerMinuteMoved, double KgPerReassignment)
{
    public static StabilityPenalty None { get; } = new(0, 0);
}

public static partial class CpSatScheduler
{
    /// <summary>Rescheduling hook: optimises <paramref name="free"/> orders around operations that are
    /// fixed (they only take capacity, power and press time), none starting before
    /// <paramref name="notBefore"/>, starting from <paramref name="reference"/> (the current plan, by
    /// the free orders' own step numbers) as hint, moving away from it at the cost of
    /// <paramref name="stability"/>. Null when CP-SAT finds nothing in time (the caller falls back).
    /// <paramref name="replay"/>, if given, is a plan of the free orders that avoids the fixed operations
    /// (the rescheduler's repair, or the dispatcher's), tried first as complete hint.
    /// <paramref name="withIdleTerms"/> false leaves the idle and cold-start terms out of the objective
    /// (a neighbourhood: the fixed operations around it keep the resources busy anyway).
    /// <paramref name="spanWithFixed"/> (with the idle terms) lets each furnace's hot span reach over the
    /// fixed operations too, so the idle the free orders add or save is that of the whole plan.
    /// No validation or baseline comparison here: the rescheduler does both on the whole schedule.</summary>
    public static RepairSolution? Repair(Plant plant, OrderBook book, IReadOnlyList<Order> free,
        IReadOnlyList<ScheduledOperation> fixedOperations, IReadOnlyDictionary<string, Order> fixedOrders,
        Schedule reference, DateTimeOffset notBefore, StabilityPenalty stability, CpSatOptions options, Schedule? replay = null,
        bool withIdleTerms = true, bool spanWithFixed = false)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        if (free.Count == 0) return new RepairSolution([], SolverStatus.Optimal, 0, 0, 0);
        var ids = free.Select(o => o.Id).ToHashSet();
        var hint = reference with { Operations = reference.Operations.Where(o => ids.Contains(o.Order)).ToList() };
        var fixedOps = fixedOperations.ToList();
        var latest = new[] { hint.LastEnd, fixedOps.Count == 0 ? null : fixedOps.Max(o => o.End), free.Max(o => o.Due), notBefore }
            .Where(t => t is not null).Max()!.Value;
        var horizon = (long)Math.Ceiling((latest - book.PlanStart).TotalMinutes) + 24 * 60;
        var notBeforeMin = (long)Math.Ceiling((notBefore - book.PlanStart).TotalMinutes);
        var fixedById = fixedOrders.ToDictionary(kv => kv.Key, kv => kv.Value);

        ForgingModel Build()
        {
            var m = new ForgingModel(plant, book.PlanStart, free, horizon, options, fixedOps) { FixedOrders = fixedById, HotAtStart = book.FurnacesHotAtStart.ToHashSet(), SpanWithFixed = spanWithFixed };
            m.Build();
            m.NotBefore(notBeforeMin);
            m.AddStability(hint, stability.KgPerMinuteMoved, stability.KgPerReassignment);
            return m;
        }

        var model = Build();
        // The objective first: the neighbourhood one adds variables, and the pinned copies must match this model exactly.
        var objective = withIdleTerms ? model.WeightedObjective : model.ObjectiveWithoutIdle();
        // A complete hint: the current plan pinned if it still fits (it may not: a resource went
        // down), else its resource choices pinned and the times left to the stability terms.
        var pinBudget = options with
        {
            TimeLimitSeconds = Math.Max(0.5, options.TimeLimitSeconds * 0.1),
            DeterministicTime = options.DeterministicTime is { } d ? d * 0.1 : null,
            OnProgress = null,
        };
        IReadOnlyList<long>? complete = null;
        // The replay (the rescheduler's own repair, valid and close to the plan) first: it usually fits as it is.
        var pins = new List<Action<ForgingModel>>();
        if (replay is not null) pins.Add(m => m.Pin(replay));
        pins.Add(m => m.Pin(hint));
        pins.Add(m => m.PinResources(hint));
        foreach (var pin in pins)
        {
            var pinned = Build();
            pin(pinned);
            pinned.Model.Minimize(withIdleTerms ? pinned.WeightedObjective : pinned.ObjectiveWithoutIdle());
            var pinRun = Run(pinned, pinBudget, "reschedule hint");
            if (pinRun is null) continue;
            complete = pinRun.Value.Solver.Response!.Solution.ToList();
            break;
        }
        if (complete is not null && complete.Count == model.VariableCount) model.SetCompleteHint(complete);
        else model.AddHint(hint);

        model.Model.Minimize(objective);
        // Building and pinning come out of the same wall-clock budget.
        var run = Run(model, options with { TimeLimitSeconds = Math.Max(0.5, options.TimeLimitSeconds - clock.Elapsed.TotalSeconds) }, "reschedule");
        if (run is null) return null;
        var (solver, status, _) = run.Value;
        return new RepairSolution(model.Read(solver, ids), status, solver.ObjectiveValue, solver.BestObjectiveBound, clock.Elapsed.TotalSeconds);
    }
}
