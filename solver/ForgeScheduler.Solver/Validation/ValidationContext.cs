using System.Globalization;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Evaluation;

namespace ForgeScheduler.Solver.Validation;

/// <summary>The operations of one order, by route step (index = step − 1).</summary>
internal sealed class OrderRoute
{
    public OrderRoute(Order order)
    {
        Order = order;
        Steps = Route.Of(order);
        OpsByStep = Steps.Select(_ => new List<ScheduledOperation>(1)).ToArray();
    }

    public Order Order { get; }

    public IReadOnlyList<RouteStep> Steps { get; }

    public List<ScheduledOperation>[] OpsByStep { get; }

    /// <summary>Interrupted operations (a furnace tripped), by route step; not in <see cref="OpsByStep"/>,
    /// which holds the operation that does each step to the end.</summary>
    public List<ScheduledOperation> Interrupted { get; } = [];

    /// <summary>Every step scheduled exactly once with the right kind: only then is the piece's
    /// temperature history (and so every physics rule) well defined.</summary>
    public bool IsComplete { get; private set; }

    /// <summary>The operation of a step when there is exactly one, else null.</summary>
    public ScheduledOperation? Single(int step) =>
        step >= 1 && step <= OpsByStep.Length && OpsByStep[step - 1].Count == 1 ? OpsByStep[step - 1][0] : null;

    public void Seal() =>
        IsComplete = OpsByStep.Select((ops, i) => ops.Count == 1 && ops[0].Kind == Steps[i].Kind).All(ok => ok);
}

/// <summary>An operation whose order, route step and resource are all known. Resource and physics
/// rules look only at these; the structural rules have already named the others.</summary>
internal sealed record PlacedOperation(
    ScheduledOperation Op,
    OrderRoute Route,
    RouteStep Step,
    Furnace? Furnace,
    Press? Press,
    EvaluatedOperation Evaluated)
{
    public Order Order => Route.Order;

    public double DurationMinutes => (Op.End - Op.Start).TotalMinutes;
}

/// <summary>Everything the rule families share: lookups built once (the plant's own Find methods
/// are linear and the validator must take 1000+ orders in well under a second), the physics of each
/// operation from <see cref="ScheduleEvaluator"/>, and the list of violations.</summary>
internal sealed class ValidationContext
{
    /// <summary>Instants closer than this count as equal: schedules are written to the second or
    /// minute and a solver rounds.</summary>
    public const double TimeToleranceMin = 0.5;

    /// <summary>Heating time is a real number of minutes that schedules round to whole minutes.</summary>
    public const double HeatingToleranceMin = 1.0;

    /// <summary>Slack on the recipe's highest charge temperature, for float noise and rounded starts.</summary>
    public const double ChargeLimitToleranceC = 0.5;

    /// <summary>How far a stated charge temperature may be from physics.</summary>
    public const double ClaimToleranceC = 5.0;

    public const double PowerToleranceKw = 0.01;

    private readonly List<Violation> _violations = [];

    public ValidationContext(Plant plant, OrderBook book, Schedule schedule)
    {
        Plant = plant;
        Book = book;
        Schedule = schedule;
        Origin = book.PlanStart;
        foreach (var f in plant.Furnaces) Furnaces.TryAdd(f.Id, f);
        foreach (var p in plant.Presses) Presses.TryAdd(p.Id, p);
        foreach (var r in plant.Recipes) Recipes.TryAdd(r.Id, r);
        foreach (var order in book.Orders)
        {
            if (Routes.ContainsKey(order.Id)) continue;
            var route = new OrderRoute(order);
            Routes.Add(order.Id, route);
            RoutesInBookOrder.Add(route);
        }

        var evaluated = new Dictionary<ScheduledOperation, EvaluatedOperation>(ReferenceEqualityComparer.Instance);
        var all = ScheduleEvaluator.Evaluate(plant, book, schedule);
        FurnaceEnergy = all.Furnaces;
        foreach (var e in all.Operations) evaluated.TryAdd(e.Operation, e);

        foreach (var op in schedule.Operations)
        {
            if (!Routes.TryGetValue(op.Order, out var route)) continue;
            if (op.Step < 1 || op.Step > route.Steps.Count)
            {
                OffRoute.Add(op);
                continue;
            }
            if (op.Interrupted) route.Interrupted.Add(op);
            else route.OpsByStep[op.Step - 1].Add(op);
        }
        foreach (var route in RoutesInBookOrder) route.Seal();

        foreach (var op in schedule.Operations)
        {
            if (!Routes.TryGetValue(op.Order, out var route) || op.Step < 1 || op.Step > route.Steps.Count) continue;
            var furnace = Furnaces.GetValueOrDefault(op.Resource);
            var press = Presses.GetValueOrDefault(op.Resource);
            if (furnace is null && press is null) continue;
            if (!evaluated.TryGetValue(op, out var e)) continue;
            Placed.Add(new PlacedOperation(op, route, route.Steps[op.Step - 1], furnace, press, e));
        }
    }

    public Plant Plant { get; }

    public OrderBook Book { get; }

    public Schedule Schedule { get; }

    /// <summary>Instants become minutes after this for sweeps.</summary>
    public DateTimeOffset Origin { get; }

    public Dictionary<string, Furnace> Furnaces { get; } = [];

    public Dictionary<string, Press> Presses { get; } = [];

    public Dictionary<string, Recipe> Recipes { get; } = [];

    public Dictionary<string, OrderRoute> Routes { get; } = [];

    public List<OrderRoute> RoutesInBookOrder { get; } = [];

    /// <summary>Operations of a known order whose step is not on its route.</summary>
    public List<ScheduledOperation> OffRoute { get; } = [];

    public List<PlacedOperation> Placed { get; } = [];

    /// <summary>Occupied periods, gaps and cold starts of every furnace used, from physics.</summary>
    public IReadOnlyList<FurnaceEnergy> FurnaceEnergy { get; }

    public IReadOnlyList<Violation> Violations => _violations;

    public void Add(string rule, string? order, int? step, string? resource, string message) =>
        _violations.Add(new Violation(rule, order, step, resource, message));

    public void Add(string rule, ScheduledOperation op, string message) =>
        Add(rule, op.Order, op.Step, op.Resource, message);

    public double Minutes(DateTimeOffset at) => (at - Origin).TotalMinutes;

    public DateTimeOffset At(double minutes) => Origin.AddMinutes(minutes);

    public static string Time(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

    public static string Span(ScheduledOperation op) => $"{Time(op.Start)} – {Time(op.End)}";

    /// <summary>A list of names for a message, cut after ten so a crowded furnace stays readable.</summary>
    public static string Names(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count <= 10 ? string.Join(", ", list) : string.Join(", ", list.Take(10)) + $" and {list.Count - 10} more";
    }

    public static string Num(double value, int decimals = 1) => value.ToString("F" + decimals, CultureInfo.InvariantCulture);
}
