using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Solver.Rescheduling;

/// <summary>Where a step of the plan in force stands at the reschedule: done, running (it started:
/// start and resource are facts), frozen (starts inside the freeze window: kept unless something
/// forces it) or free.</summary>
internal enum StepState { Free, Frozen, Running, Done }

/// <summary>One route step of an order as the floor has it.</summary>
internal sealed class StepPlan(RouteStep route)
{
    public RouteStep Route { get; } = route;

    /// <summary>The plan in force with the floor's actuals (start, resource, end); null for a new order.</summary>
    public ScheduledOperation? Planned { get; set; }

    public StepState State { get; set; }

    /// <summary>Must be placed anew: its resource is down over it, its furnace tripped with the piece
    /// inside, or its order changed.</summary>
    public bool Displaced { get; set; }

    /// <summary>The floor reported its end (operation_finished).</summary>
    public bool EndReported { get; set; }

    /// <summary>The floor reported it started or finished: a fact, whatever the plan said.</summary>
    public bool Reported { get; set; }

    /// <summary>Its resource was down when it was to start, so it cannot have started (unless reported).</summary>
    public bool Blocked { get; set; }

    /// <summary>Its piece was interrupted in it by a trip: the step is done again.</summary>
    public bool Cut { get; set; }

    /// <summary>Temperature measured when it started (operation_started temp_c).</summary>
    public double? MeasuredStartC { get; set; }

    public bool Started => State is StepState.Running or StepState.Done;
}

/// <summary>One order on the floor: its steps and the operations its pieces were interrupted in.</summary>
internal sealed class OrderPlan(Order order)
{
    public Order Order { get; } = order;

    public StepPlan[] Steps { get; } = Domain.Route.Of(order).Select(s => new StepPlan(s)).ToArray();

    /// <summary>Interrupted operations (furnace trips, this time or before): facts.</summary>
    public List<ScheduledOperation> Cuts { get; } = [];

    /// <summary>Added by an event (no plan of its own yet) or changed (its plan no longer fits it).</summary>
    public bool New { get; set; }

    public StepPlan Step(int step) => Steps[step - 1];
}

/// <summary>The situation a reschedule starts from: the plan in force with every event applied — the
/// order book and the plant's downtime as they are now, each step's state, the interrupted pieces.</summary>
internal sealed record Floor(
    Plant Plant,
    OrderBook Book,
    Schedule Current,
    DateTimeOffset Now,
    DateTimeOffset FreezeEnd,
    IReadOnlyList<OrderPlan> Orders,
    IReadOnlyList<OperationActual> Actuals,
    List<string> Notes)
{
    /// <summary>Something happened that may change the plan (false: no events, no new downtime).</summary>
    public bool Touched { get; init; }

    /// <summary>Resources tripped or down by the events, for notes and neighbourhoods.</summary>
    public IReadOnlyList<Downtime> NewDowntime { get; init; } = [];
}
