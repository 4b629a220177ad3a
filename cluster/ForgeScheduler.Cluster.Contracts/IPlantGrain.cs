using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Cluster.Contracts;

/// <summary>One forging plant: its data, its order book, the published schedule versions and the
/// shop-floor event log. Key: the plant id (as in plant.json).</summary>
[Alias("forge.IPlantGrain")]
public interface IPlantGrain : IGrainWithStringKey
{
    /// <summary>Sets or replaces the plant.
    /// Its id must equal the grain key.</summary>
    [Alias("SetPlant")]
    Task<PlantAccepted> SetPlant(Plant plant, CancellationToken cancellationToken = default);

    /// <summary>The plant; null before SetPlant.</summary>
    [Alias("GetPlant")]
    Task<Plant?> GetPlant();

    /// <summary>True once the plant was set (a cheap existence check for the API's 404).</summary>
    [Alias("IsKnown")]
    Task<bool> IsKnown();

    /// <summary>The order book: plan start, furnaces hot
    /// at start and the orders in the order they were first added.</summary>
    [Alias("GetOrders")]
    Task<OrderBook> GetOrders();

    /// <summary>Adds or replaces orders (an OrderBook as JSON) by id; each order is one row of the plant's
    /// storage. Refused as a whole (<see cref="PlantRejectedException"/>) if an order is bad or contradicts
    /// what the floor reported of it. With a <paramref name="claim"/> the key is recorded in the same
    /// transaction as the orders: a second request with the key gets the first answer (same request,
    /// <see cref="OrdersAccepted.Replayed"/>) or a 409 (another request), and writes nothing.
    /// With <paramref name="expectedVersion"/> (If-Match) the write is conditional: see <see cref="PostEvents"/>.</summary>
    [Alias("UpsertOrders")]
    Task<OrdersAccepted> UpsertOrders(OrderBook book, RequestClaim? claim = null, int? expectedVersion = null, CancellationToken cancellationToken = default);

    /// <summary>Removes an order; false if the plant does not know it. With <paramref name="expectedVersion"/>
    /// (If-Match) the write is conditional: see <see cref="PostEvents"/>.</summary>
    [Alias("CancelOrder")]
    Task<bool> CancelOrder(string orderId, int? expectedVersion = null, CancellationToken cancellationToken = default);

    /// <summary>Logs events, applies them (orders, downs, resource grains) and asks for a reschedule in the
    /// background; bursts are folded into one follow-up solve. All or nothing: the events, the orders
    /// they carry and the <paramref name="claim"/>'s key are one transaction.
    /// With <paramref name="expectedVersion"/> (If-Match "N") the write is conditional, checked and claimed
    /// in the grain's turn: applied only while N is the current version and no other conditional write was
    /// applied on N (the plant is no longer as the client saw it), else
    /// <see cref="PlantRejectedException.PreconditionFailed"/> and nothing is written. Of concurrent
    /// conditional writes naming one version exactly one is applied.</summary>
    [Alias("PostEvents")]
    Task<EventsAccepted> PostEvents(IReadOnlyList<ShopFloorEvent> events, RequestClaim? claim = null, int? expectedVersion = null,
        CancellationToken cancellationToken = default);

    /// <summary>Solves now (or joins the next solve if one is running) and returns the version it published.</summary>
    [Alias("Reschedule")]
    Task<RescheduleResult> Reschedule(CancellationToken cancellationToken = default);

    /// <summary>Solves as of <paramref name="now"/> (null: the grain's clock).</summary>
    [Alias("RescheduleAt")]
    Task<RescheduleResult> RescheduleAt(DateTimeOffset? now, CancellationToken cancellationToken = default);

    /// <summary>Solves only if <paramref name="expectedVersion"/> is the current version and no other
    /// conditional request has claimed it (If-Match): of concurrent requests with one ETag exactly one
    /// makes the next version, the others get <see cref="PlantRejectedException.PreconditionFailed"/>.</summary>
    [Alias("RescheduleIfCurrent")]
    Task<RescheduleResult> RescheduleIfCurrent(int expectedVersion, DateTimeOffset? now, CancellationToken cancellationToken = default);

    /// <summary>The kept versions, newest first.</summary>
    [Alias("GetVersions")]
    Task<IReadOnlyList<ScheduleVersion>> GetVersions();

    /// <summary>The current version, or the given one if still in the kept history; null if none.</summary>
    [Alias("GetSchedule")]
    Task<ScheduleVersion?> GetSchedule(int? version = null);

    [Alias("GetKpis")]
    Task<KpiSnapshot?> GetKpis();

    /// <summary>The kept tail of the event log, oldest first.</summary>
    [Alias("GetEventLog")]
    Task<IReadOnlyList<LoggedEvent>> GetEventLog();

    [Alias("GetStatus")]
    Task<PlantStatus> GetStatus();
}
