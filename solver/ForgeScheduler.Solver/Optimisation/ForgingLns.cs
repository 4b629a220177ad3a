using ForgeScheduler.Solver.Baseline;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Kpis;
using ForgeScheduler.Solver.Optimisation.Lns;
using ForgeScheduler.Solver.Validation;

namespace ForgeScheduler.Solver.Optimisation;

/// <summary>A plan of the whole book as the forging model reads it, judged once by the exact
/// evaluator (completed from physics, validated, KPIs): the LNS never takes the model's word.</summary>
internal sealed class ForgingPlan
{
    private ForgingPlan(Schedule schedule, KpiReport? kpis, IReadOnlySet<string> modelOrders)
    {
        Schedule = schedule;
        Kpis = kpis;
        ModelOrders = modelOrders;
    }

    public Schedule Schedule { get; }

    /// <summary>Orders the forging model placed (whole minutes, its cautious heating bands): a
    /// sub-model takes their operations as a hint as they are. A dispatch rule's plan runs on exact
    /// heating times, shorter than the bands, so its orders do not fit the model.</summary>
    public IReadOnlySet<string> ModelOrders { get; }

    /// <summary>Null when the plan broke a validator rule (it is then never accepted).</summary>
    public KpiReport? Kpis { get; }

    public static ForgingPlan Judge(Plant plant, OrderBook book, Schedule raw, IReadOnlySet<string>? modelOrders = null)
    {
        var schedule = CpSatScheduler.Complete(plant, book, raw);
        var valid = ScheduleValidator.Validate(plant, book, schedule).Count == 0;
        return new ForgingPlan(schedule, valid ? KpiCalculator.Compute(plant, book, schedule) : null,
            modelOrders ?? new HashSet<string>(StringComparer.Ordinal));
    }

    /// <summary>Lexicographic: late orders, then weighted tardiness (milli-hours), then the weighted
    /// score in grams; weighted sum: the score alone. Lower is better; an invalid plan is worst.</summary>
    public LnsObjective Objective(ObjectiveMode mode, ObjectiveWeights weights)
    {
        if (Kpis is null) return new LnsObjective(long.MaxValue, long.MaxValue);
        var score = (long)Math.Round(weights.Score(Kpis) * 1000);
        return mode == ObjectiveMode.Lexicographic
            ? new LnsObjective(Kpis.LateOrders * 1_000_000_000L + (long)Math.Round(Kpis.WeightedTardinessH * 1000), score)
            : new LnsObjective(score);
    }
}

/// <summary>
/// The forging model on the LNS driver: items are orders; a neighbourhood frees some (a time window,
/// the orders on a few furnaces or presses, a batching group, a random set), a sub-model of the whole
/// book fixes every other order where the incumbent has it, CP-SAT re-plans the free ones, and the
/// result is judged by the exact evaluator — only a strictly better plan is accepted.
/// </summary>
internal sealed class ForgingLnsProblem(Plant plant, OrderBook book, long horizon, CpSatOptions options) : ILnsProblem<ForgingPlan>
{
    private readonly Dictionary<string, Order> _orders = book.Orders.ToDictionary(o => o.Id, o => o, StringComparer.Ordinal);

    private readonly Func<Order, int, double, int> _modelHeatingMinutes = WaitTable.ModelHeatingMinutes(plant);

    /// <summary>The rule that replays freed orders the model did not place (see <see cref="BuildSubModel"/>).</summary>
    public DispatchRule ReplayRule { get; init; } = DispatchRule.LowestMarginal;

    private readonly Dictionary<string, int> _resources = plant.Furnaces.Select(f => f.Id).Concat(plant.Presses.Select(p => p.Id))
        .Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.Ordinal);

    private readonly Dictionary<string, int> _groups = plant.Recipes.Select(r => r.Group).Distinct(StringComparer.Ordinal)
        .Select((g, i) => (g, i)).ToDictionary(x => x.g, x => x.i, StringComparer.Ordinal);

    /// <summary>The kinds the forging search draws from, named as the progress lines show them.</summary>
    public static IReadOnlyList<ILnsNeighbourhood<ForgingPlan>> Kinds { get; } =
    [
        new TimeWindowNeighbourhood<ForgingPlan>("time-window"),
        new ResourceNeighbourhood<ForgingPlan>("furnace-group"),
        new GroupNeighbourhood<ForgingPlan>("recipe-group"),
        new RandomItemsNeighbourhood<ForgingPlan>("orders"),
    ];

    public IReadOnlyList<LnsItem> Items(ForgingPlan incumbent)
    {
        var byOrder = incumbent.Schedule.Operations.GroupBy(o => o.Order).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        return book.Orders.Select(order =>
        {
            var ops = byOrder.GetValueOrDefault(order.Id) ?? [];
            var start = ops.Count == 0 ? 0 : (long)(ops.Min(o => o.Start) - book.PlanStart).TotalMinutes;
            var end = ops.Count == 0 ? 0 : (long)(ops.Max(o => o.End) - book.PlanStart).TotalMinutes;
            var resources = ops.Select(o => _resources.GetValueOrDefault(o.Resource, -1)).Where(i => i >= 0).Distinct().ToList();
            var group = plant.FindRecipe(order.HeatTreatment) is { } r ? _groups.GetValueOrDefault(r.Group, -1) : -1;
            return new LnsItem(start, end, resources, group);
        }).ToList();
    }

    /// <summary>The plan <see cref="Objective"/> judged last: the driver reports an acceptance right
    /// after judging the candidate, so this is the plan it accepted.</summary>
    public ForgingPlan? LastJudged { get; private set; }

    public LnsObjective Objective(ForgingPlan solution)
    {
        LastJudged = solution;
        return solution.Objective(options.Mode, options.Weights);
    }

    public LnsSubModel<ForgingPlan> BuildSubModel(ForgingPlan incumbent, IReadOnlySet<int> freeItems)
    {
        var free = freeItems.Select(i => book.Orders[i].Id).ToHashSet(StringComparer.Ordinal);
        // A charge is re-planned with all its pieces or not at all: the model cannot add a piece to
        // a fixed charge, and a piece taken out of one would lose its batch.
        var charges = incumbent.Schedule.Operations.Where(o => o.Kind == OperationKind.HeatTreat)
            .GroupBy(o => (o.Resource, o.Charge)).Select(g => g.Select(o => o.Order).ToList()).ToList();
        foreach (var members in charges.Where(m => m.Any(free.Contains))) free.UnionWith(members);
        var fixedOps = incumbent.Schedule.Operations.Where(o => !free.Contains(o.Order)).ToList();
        var orders = book.Orders.Where(o => free.Contains(o.Id)).ToList();
        var model = new ForgingModel(plant, book.PlanStart, orders, horizon, options, fixedOps)
        {
            StartWindows = MoveWindows(incumbent.Schedule, free),
            HotAtStart = book.FurnacesHotAtStart.ToHashSet(),
            FixedOrders = _orders,
            SpanWithFixed = true,
        };
        model.Build();
        var own = incumbent.Schedule with { Operations = incumbent.Schedule.Operations.Where(o => free.Contains(o.Order)).ToList() };
        // A hint that does not fit the model leaves CP-SAT to start from scratch: freed orders of a
        // rule's plan (exact heating times) are hinted as the rule replays them in the model's time
        // around the fixed rest, which fits.
        var fits = free.IsSubsetOf(incumbent.ModelOrders);
        model.AddHint(fits ? own : Replay(orders, fixedOps) ?? own);
        // Lexicographic: nobody on time becomes late, the weighted tardiness does not grow.
        if (options.Mode == ObjectiveMode.Lexicographic) model.HoldTardiness(own, 0);
        model.Model.Minimize(model.WeightedObjective);
        var placed = incumbent.ModelOrders.Union(free, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
        return new LnsSubModel<ForgingPlan>(model.Model, solver => ForgingPlan.Judge(plant, book,
            new Schedule(plant.Id, CpSatScheduler.MethodName, fixedOps.Concat(model.Read(solver, free)).ToList()), placed));
    }

    /// <summary>The freed orders dispatched by <see cref="ReplayRule"/> in the model's heating times
    /// around the fixed operations; null when the dispatcher cannot place them.</summary>
    internal Schedule? Replay(IReadOnlyList<Order> orders, IReadOnlyList<ScheduledOperation> fixedOps)
    {
        try
        {
            var booked = fixedOps.Select(o => (o, _orders.TryGetValue(o.Order, out var order) ? order.MassTonnes : 0.0)).ToList();
            return BaselineDispatcher.Dispatch(plant, book with { Orders = orders }, _modelHeatingMinutes, booked, ReplayRule, options.Weights);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Per freed order, its incumbent's first and last operation start widened by
    /// <see cref="CpSatOptions.LnsMoveWindowMinutes"/> (none when that is 0).</summary>
    private Dictionary<string, (long From, long To)> MoveWindows(Schedule incumbent, IReadOnlySet<string> free)
    {
        var reach = options.LnsMoveWindowMinutes;
        if (reach <= 0) return [];
        return incumbent.Operations.Where(o => free.Contains(o.Order)).GroupBy(o => o.Order, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (
                (long)Math.Floor((g.Min(o => o.Start) - book.PlanStart).TotalMinutes) - reach,
                (long)Math.Ceiling((g.Max(o => o.Start) - book.PlanStart).TotalMinutes) + reach), StringComparer.Ordinal);
    }
}
