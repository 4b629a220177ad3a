namespace ForgeScheduler.Cluster.Contracts;

/// <summary>One forging plant: its data, its order book, the published schedule versions and the
/// shop-floor event log. Key: the plant id (as in plant.json).</summary>
[Alias("forge.IPlantGrain")]
public interface IPlantGrain : IGrainWithStringKey
{
    /// <summary>Sets or replaces the plant (the domain Plant as JSON, <see cref="DomainJson"/>).
    /// Its id must equal the grain key.</summary>
    [Alias("SetPlant")]
    Task SetPlant(string plantJson, CancellationToken cancellationToken = default);

    /// <summary>Adds or replaces orders (a JSON array of domain Orders) by id.</summary>
    [Alias("UpsertOrders")]
    Task<OrdersAccepted> UpsertOrders(string ordersJson, CancellationToken cancellationToken = default);

    /// <summary>Removes an order; false if the plant does not know it.</summary>
    [Alias("CancelOrder")]
    Task<bool> CancelOrder(string orderId, CancellationToken cancellationToken = default);

    /// <summary>Logs events, applies them (orders, downs, resource grains) and asks for a reschedule in the
    /// background; bursts are folded into one follow-up solve.</summary>
    [Alias("PostEvents")]
    Task<EventsAccepted> PostEvents(IReadOnlyList<ShopFloorEvent> events, CancellationToken cancellationToken = default);

    /// <summary>Solves now (or joins the next solve if one is running) and returns the version it published.</summary>
    [Alias("Reschedule")]
    Task<RescheduleResult> Reschedule(CancellationToken cancellationToken = default);

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
