using ForgeScheduler.Solver.Rescheduling;

namespace ForgeScheduler.Cluster.Contracts;

/// <summary>The one way from a wire event to the solver's <see cref="ShopEvent"/> (the plant grain's
/// planner and the service's input checks both use it).</summary>
public static class ShopFloorEventConversion
{
    /// <summary>The solver's event, or null when a field its type needs is missing (the grain and the
    /// API check those first).</summary>
    public static ShopEvent? ToShopEvent(this ShopFloorEvent e) => e.Type switch
    {
        ShopFloorEventTypes.ResourceDown when e.Resource is { } r => new ResourceDown(e.At, r, e.Until, DownKindOf(e.Kind)),
        ShopFloorEventTypes.ResourceUp when e.Resource is { } r => new ResourceUp(e.At, r),
        ShopFloorEventTypes.OperationStarted when e is { Order: { } order, Step: { } step, Resource: { } resource } =>
            new Solver.Rescheduling.OperationStarted(e.At, order, step, resource, e.TempC),
        ShopFloorEventTypes.OperationFinished when e is { Order: { } order, Step: { } step } =>
            new Solver.Rescheduling.OperationFinished(e.At, order, step, e.TempC, e.EnergyKwh),
        ShopFloorEventTypes.OrderAdded when e.OrderData is { } order => new OrderAdded(e.At, order),
        ShopFloorEventTypes.OrderChanged when e.OrderData is { } order => new OrderChanged(e.At, order),
        ShopFloorEventTypes.OrderCancelled when e.Order is { } id => new OrderCancelled(e.At, id),
        _ => null,
    };

    /// <summary>"trip" or "planned" as in the events file; anything else (or nothing): decided by <c>at</c>.</summary>
    public static DownKind? DownKindOf(string? kind) => kind switch
    {
        "trip" => DownKind.Trip,
        "planned" => DownKind.Planned,
        _ => null,
    };
}
