using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Cluster.Grains;

/// <summary>What shop-floor events do to a plant grain's state and order list, as pure functions: the
/// grain runs them on a copy before it commits a batch (so a batch the fold cannot take is refused
/// whole), on its state after the commit, and on activation for events committed after the last state
/// write.</summary>
internal static class PlantEventFold
{
    /// <summary>A resource_down without 'until' is planned as down for this long; resource_up ends it earlier.</summary>
    public static readonly TimeSpan DefaultDownFor = TimeSpan.FromHours(24);

    /// <summary>The state after <paramref name="logged"/>: the log's tail, downs and progress. Pure, so it
    /// runs as a dry run before the commit, again after it, and on activation for events committed after
    /// the last state write (their orders are in the rows already).</summary>
    public static PlantState AfterEvents(PlantState s, IReadOnlyList<LoggedEvent> logged)
    {
        if (logged.Count == 0) return s;
        foreach (var l in logged) s = After(s, l.Event);
        return s with
        {
            EventLog = [.. s.EventLog.Concat(logged).TakeLast(PlantGrain.KeptEvents)],
            LastEventSequence = Math.Max(s.LastEventSequence, logged[^1].Sequence),
        };
    }

    private static PlantState After(PlantState s, ShopFloorEvent e)
    {
        switch (e.Type)
        {
            case ShopFloorEventTypes.OrderCancelled when e.Order is { } cancelled:
                return s with { Progress = OrderProgress.Forget(s.Progress, cancelled) };
            case ShopFloorEventTypes.ResourceDown:
                var resource = e.Resource ?? throw new ArgumentException("resource_down needs 'resource'");
                if (e.Until is null && e.At > DateTimeOffset.MaxValue - DefaultDownFor)
                    throw new ArgumentException($"resource_down at {e.At:O} without 'until' would end after the last representable time", "at");
                var down = new ResourceDown { Resource = resource, From = e.At, Until = e.Until ?? e.At + DefaultDownFor };
                return s with { Downs = [.. s.Downs.Where(d => d.Resource != down.Resource), down] };
            case ShopFloorEventTypes.ResourceUp:
                var up = e.Resource ?? throw new ArgumentException("resource_up needs 'resource'");
                // Up earlier than expected: the down ends now (kept as past downtime for the record).
                return s with { Downs = [.. s.Downs.Select(d => d.Resource == up && d.Until > e.At ? d with { Until = e.At } : d)] };
            case ShopFloorEventTypes.OperationStarted or ShopFloorEventTypes.OperationFinished:
                return s with { Progress = OrderProgress.Record(s.Progress, e) };
            default:
                return s;
        }
    }

    /// <summary>The order list after an order event (added/changed replace by id, cancelled removes).</summary>
    public static void FoldOrders(List<Order> orders, ShopFloorEvent e)
    {
        switch (e.Type)
        {
            case ShopFloorEventTypes.OrderAdded or ShopFloorEventTypes.OrderChanged:
                var order = e.OrderData ?? throw new ArgumentException($"{e.Type} needs 'order'");
                var at = orders.FindIndex(o => o.Id == order.Id);
                if (at < 0) orders.Add(order);
                else orders[at] = order;
                break;
            case ShopFloorEventTypes.OrderCancelled when e.Order is { } cancelled:
                orders.RemoveAll(o => o.Id == cancelled);
                break;
        }
    }
}
