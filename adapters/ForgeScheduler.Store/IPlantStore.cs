namespace ForgeScheduler.Store;

/// <summary>
/// What the service keeps about each plant: its definition, the active order book, shop-floor events,
/// published schedule versions, KPI history and the responses to idempotent write requests.
/// Documents are JSON text (plant.json, one order of orders.json, schedule.json, KPI report); the store
/// does not interpret them beyond checking they parse. Every write returns only after it is committed.
/// Writes for a plant that was never stored throw <see cref="UnknownPlantException"/>; reads of one
/// return nothing.
/// </summary>
public interface IPlantStore
{
    /// <summary>Stores the plant definition; the same document again is <see cref="UpsertOutcome.Unchanged"/>.</summary>
    Task<UpsertOutcome> UpsertPlantAsync(string plantId, string plantJson, CancellationToken cancellationToken = default);

    Task<StoredPlant?> GetPlantAsync(string plantId, CancellationToken cancellationToken = default);

    /// <summary>All plants, ordered by id.</summary>
    Task<IReadOnlyList<StoredPlant>> ListPlantsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Idempotent by order id: the same <paramref name="contentHash"/> as the stored active order is a
    /// no-op (<see cref="UpsertOutcome.Unchanged"/>); a different hash, or re-sending a cancelled order,
    /// is <see cref="UpsertOutcome.Updated"/>.
    /// </summary>
    Task<UpsertOutcome> UpsertOrderAsync(string plantId, string orderId, string orderJson, string contentHash,
        CancellationToken cancellationToken = default);

    /// <summary>Hides the order from the order book. False if there was no active order with that id.</summary>
    Task<bool> CancelOrderAsync(string plantId, string orderId, CancellationToken cancellationToken = default);

    /// <summary>The active (not cancelled) orders of the plant, ordered by order id.</summary>
    Task<IReadOnlyList<StoredOrder>> ListOrdersAsync(string plantId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends a shop-floor event and returns its sequence number (per plant, 1, 2, 3, … in commit
    /// order). With an <paramref name="idempotencyKey"/> seen before for the same event, returns the
    /// first append's number; the same key with a different event throws
    /// <see cref="IdempotencyConflictException"/>.
    /// </summary>
    Task<AppendedEvent> AppendEventAsync(string plantId, string eventJson, string? idempotencyKey = null,
        CancellationToken cancellationToken = default);

    /// <summary>Events with a sequence number greater than <paramref name="afterSequence"/>, in order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<StoredEvent>> ListEventsAsync(string plantId, long afterSequence = 0, int limit = 10_000,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a schedule version; a version is written once per plant. Saving a version that exists
    /// throws <see cref="ScheduleVersionConflictException"/> (someone else published it first).
    /// </summary>
    Task SaveScheduleVersionAsync(string plantId, int version, string method, string scheduleJson, string kpisJson,
        CancellationToken cancellationToken = default);

    /// <summary>The given version, or the latest when <paramref name="version"/> is null; null if none.</summary>
    Task<StoredSchedule?> GetScheduleAsync(string plantId, int? version = null, CancellationToken cancellationToken = default);

    /// <summary>The newest <paramref name="limit"/> versions without their schedule documents, newest first.</summary>
    Task<IReadOnlyList<ScheduleVersionSummary>> ListScheduleVersionsAsync(string plantId, int limit = 100,
        CancellationToken cancellationToken = default);

    /// <summary>Appends a KPI snapshot (source: "planned", "baseline", "actual", …) and returns its sequence number.</summary>
    Task<long> AppendKpiHistoryAsync(string plantId, int? scheduleVersion, string source, string kpisJson,
        CancellationToken cancellationToken = default);

    /// <summary>KPI snapshots after <paramref name="afterSequence"/>, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<KpiHistoryEntry>> ListKpiHistoryAsync(string plantId, long afterSequence = 0, int limit = 1_000,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Records the response to a request sent with an Idempotency-Key. First time: <see
    /// cref="IdempotencyOutcome.Recorded"/>. Key seen with the same <paramref name="requestHash"/>:
    /// <see cref="IdempotencyOutcome.Replayed"/> with the stored response. Key seen with a different
    /// hash: <see cref="IdempotencyOutcome.Conflict"/> (nothing is changed).
    /// </summary>
    Task<IdempotencyResult> TryRecordIdempotencyKeyAsync(string plantId, string key, string requestHash, string responseJson,
        CancellationToken cancellationToken = default);

    /// <summary>The stored request hash and response for a key, to answer a retry before doing the work again.</summary>
    Task<StoredIdempotencyKey?> GetIdempotencyKeyAsync(string plantId, string key, CancellationToken cancellationToken = default);

    /// <summary>Forgets keys recorded before <paramref name="cutoff"/>; returns how many.</summary>
    Task<int> PurgeIdempotencyKeysAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default);
}
