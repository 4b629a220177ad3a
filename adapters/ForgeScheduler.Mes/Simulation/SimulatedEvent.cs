using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Mes.Simulation;

/// <summary>One shop-floor event as a plant would send it, in the events JSON format of the
/// rescheduling issue (<c>{"events": [...]}</c>, snake_case). A plain DTO of our own: the solver's
/// domain events (Rescheduling/ShopEvent.cs) are being written in parallel and the two are meant to be
/// unified at merge. Which fields are set depends on <see cref="Type"/> (see <see cref="SimulatedEventTypes"/>).</summary>
public sealed record SimulatedEvent(string Type, DateTimeOffset At)
{
    /// <summary>resource_down, resource_up, operation_started.</summary>
    public string? Resource { get; init; }

    /// <summary>resource_down: when the resource is expected back.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>operation_started / operation_finished: the order id.</summary>
    public string? Order { get; init; }

    public int? Step { get; init; }

    /// <summary>Measured temperature: the charge temperature when started, the leaving temperature when finished.</summary>
    public double? TempC { get; init; }

    /// <summary>operation_finished: metered energy of the operation.</summary>
    public double? EnergyKwh { get; init; }

    /// <summary>order_cancelled: the order id.</summary>
    public string? Id { get; init; }

    /// <summary>order_added: the whole order, written as <c>"order": {…}</c> as in orders.json.</summary>
    public Order? AddedOrder { get; init; }
}

public static class SimulatedEventTypes
{
    public const string ResourceDown = "resource_down";
    public const string ResourceUp = "resource_up";
    public const string OperationStarted = "operation_started";
    public const string OperationFinished = "operation_finished";
    public const string OrderAdded = "order_added";
    public const string OrderCancelled = "order_cancelled";
}
