using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Solver.Rescheduling;

/// <summary>Something that happened on the shop floor at <see cref="At"/>. A closed hierarchy: the
/// rescheduler switches over exactly these kinds (docs/formats.md, events file).</summary>
public abstract record ShopEvent
{
    // Closed: only the records below (this assembly) can derive from it.
    private protected ShopEvent(DateTimeOffset at) => At = at;

    public DateTimeOffset At { get; init; }

    /// <summary>The <c>type</c> as written in the events file.</summary>
    public abstract string Type { get; }
}

/// <summary>How a resource goes down: a <see cref="Trip"/> stops it at the event's time (pieces inside
/// are interrupted), a <see cref="Planned"/> outage blocks its window (what is already inside finishes first).</summary>
public enum DownKind { Trip, Planned }

/// <summary>A resource goes down at <see cref="ShopEvent.At"/>; expected back at <see cref="Until"/>
/// (unknown: 24 h after now). <see cref="Kind"/> null: a trip if <c>At</c> ≤ now, else planned.</summary>
public sealed record ResourceDown(DateTimeOffset At, string Resource, DateTimeOffset? Until, DownKind? Kind = null) : ShopEvent(At)
{
    public override string Type => "resource_down";

    /// <summary>The kind this event has when the reschedule runs at <paramref name="now"/>.</summary>
    public DownKind KindAt(DateTimeOffset now) => Kind ?? (At <= now ? DownKind.Trip : DownKind.Planned);
}

/// <summary>A resource is back: ends any downtime that <see cref="ResourceDown"/> opened on it.</summary>
public sealed record ResourceUp(DateTimeOffset At, string Resource) : ShopEvent(At)
{
    public override string Type => "resource_up";
}

/// <summary>A step really started at <see cref="ShopEvent.At"/> on <see cref="Resource"/>, with the
/// piece measured at <see cref="TempC"/> (null if not measured).</summary>
public sealed record OperationStarted(DateTimeOffset At, string Order, int Step, string Resource, double? TempC) : ShopEvent(At)
{
    public override string Type => "operation_started";
}

/// <summary>A step really ended at <see cref="ShopEvent.At"/>, the piece leaving at
/// <see cref="TempC"/>, having drawn <see cref="EnergyKwh"/> (metered).</summary>
public sealed record OperationFinished(DateTimeOffset At, string Order, int Step, double? TempC, double? EnergyKwh) : ShopEvent(At)
{
    public override string Type => "operation_finished";
}

/// <summary>A new order; a rush order is the same with a high weight or a tight due date.</summary>
public sealed record OrderAdded(DateTimeOffset At, Order Order, bool Rush = false) : ShopEvent(At)
{
    public override string Type => Rush ? "rush_order" : "order_added";
}

/// <summary>An order's data changed (due date, weight, mass …); replaces the order with the same id.</summary>
public sealed record OrderChanged(DateTimeOffset At, Order Order) : ShopEvent(At)
{
    public override string Type => "order_changed";
}

public sealed record OrderCancelled(DateTimeOffset At, string Id) : ShopEvent(At)
{
    public override string Type => "order_cancelled";
}
