namespace ForgeScheduler.Store;

/// <summary>
/// The embedded default: the same behaviour as <see cref="PostgresPlantStore"/>, kept in process memory
/// (lost on restart). One lock guards everything — the service's write rate is a few hundred per
/// second, far below where a finer scheme would pay for itself.
/// </summary>
public sealed class InMemoryPlantStore : IPlantStore
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly SortedDictionary<string, PlantState> _plants = new(StringComparer.Ordinal);
    private readonly Dictionary<(string PlantId, string Key), StoredIdempotencyKey> _idempotencyKeys = [];
    private long _lastKpiSequence;

    public InMemoryPlantStore(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    public Task<UpsertOutcome> UpsertPlantAsync(string plantId, string plantJson, CancellationToken cancellationToken = default)
    {
        StoreArgs.Id(plantId, nameof(plantId));
        StoreArgs.Json(plantJson, nameof(plantJson));
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (!_plants.TryGetValue(plantId, out var state))
            {
                _plants[plantId] = new PlantState(new StoredPlant(plantId, plantJson, 1, now));
                return Task.FromResult(UpsertOutcome.Inserted);
            }

            if (StoreArgs.SameDocument(state.Plant.PlantJson, plantJson))
                return Task.FromResult(UpsertOutcome.Unchanged);
            state.Plant = state.Plant with { PlantJson = plantJson, Revision = state.Plant.Revision + 1, UpdatedAt = now };
            return Task.FromResult(UpsertOutcome.Updated);
        }
    }

    public Task<StoredPlant?> GetPlantAsync(string plantId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
            return Task.FromResult(_plants.TryGetValue(plantId, out var state) ? state.Plant : null);
    }

    public Task<IReadOnlyList<StoredPlant>> ListPlantsAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<StoredPlant>>(_plants.Values.Select(s => s.Plant).ToArray());
    }

    public Task<UpsertOutcome> UpsertOrderAsync(string plantId, string orderId, string orderJson, string contentHash,
        CancellationToken cancellationToken = default)
    {
        StoreArgs.Id(orderId, nameof(orderId));
        StoreArgs.Json(orderJson, nameof(orderJson));
        StoreArgs.Id(contentHash, nameof(contentHash));
        lock (_gate)
        {
            var state = Existing(plantId);
            var now = _time.GetUtcNow();
            if (!state.Orders.TryGetValue(orderId, out var stored))
            {
                state.Orders[orderId] = new OrderState(new StoredOrder(plantId, orderId, orderJson, contentHash, 1, now), Active: true);
                return Task.FromResult(UpsertOutcome.Inserted);
            }

            if (stored.Active && stored.Order.ContentHash == contentHash)
                return Task.FromResult(UpsertOutcome.Unchanged);
            state.Orders[orderId] = new OrderState(
                stored.Order with { OrderJson = orderJson, ContentHash = contentHash, Revision = stored.Order.Revision + 1, UpdatedAt = now },
                Active: true);
            return Task.FromResult(UpsertOutcome.Updated);
        }
    }

    public Task<bool> CancelOrderAsync(string plantId, string orderId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_plants.TryGetValue(plantId, out var state)
                || !state.Orders.TryGetValue(orderId, out var stored) || !stored.Active)
                return Task.FromResult(false);
            state.Orders[orderId] = new OrderState(stored.Order with { UpdatedAt = _time.GetUtcNow() }, Active: false);
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<StoredOrder>> ListOrdersAsync(string plantId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<StoredOrder> orders = _plants.TryGetValue(plantId, out var state)
                ? state.Orders.Values.Where(o => o.Active).Select(o => o.Order).ToArray()
                : [];
            return Task.FromResult(orders);
        }
    }

    public Task<AppendedEvent> AppendEventAsync(string plantId, string eventJson, string? idempotencyKey = null,
        CancellationToken cancellationToken = default)
    {
        StoreArgs.Json(eventJson, nameof(eventJson));
        lock (_gate)
        {
            var state = Existing(plantId);
            if (idempotencyKey is not null && state.EventsByKey.TryGetValue(idempotencyKey, out var earlier))
            {
                return StoreArgs.SameDocument(earlier.EventJson, eventJson)
                    ? Task.FromResult(new AppendedEvent(earlier.Sequence, AlreadyRecorded: true))
                    : throw new IdempotencyConflictException(plantId, idempotencyKey);
            }

            var appended = new StoredEvent(plantId, state.Events.Count + 1, eventJson, idempotencyKey, _time.GetUtcNow());
            state.Events.Add(appended);
            if (idempotencyKey is not null)
                state.EventsByKey[idempotencyKey] = appended;
            return Task.FromResult(new AppendedEvent(appended.Sequence, AlreadyRecorded: false));
        }
    }

    public Task<IReadOnlyList<StoredEvent>> ListEventsAsync(string plantId, long afterSequence = 0, int limit = 10_000,
        CancellationToken cancellationToken = default)
    {
        StoreArgs.Positive(limit, nameof(limit));
        lock (_gate)
        {
            IReadOnlyList<StoredEvent> events = _plants.TryGetValue(plantId, out var state)
                // Sequence n sits at index n-1: no gaps.
                ? state.Events.Skip((int)Math.Clamp(afterSequence, 0, state.Events.Count)).Take(limit).ToArray()
                : [];
            return Task.FromResult(events);
        }
    }

    public Task SaveScheduleVersionAsync(string plantId, int version, string method, string scheduleJson, string kpisJson,
        CancellationToken cancellationToken = default)
    {
        StoreArgs.Positive(version, nameof(version));
        StoreArgs.Id(method, nameof(method));
        StoreArgs.Json(scheduleJson, nameof(scheduleJson));
        StoreArgs.Json(kpisJson, nameof(kpisJson));
        lock (_gate)
        {
            var state = Existing(plantId);
            if (state.Schedules.ContainsKey(version))
                throw new ScheduleVersionConflictException(plantId, version);
            state.Schedules[version] = new StoredSchedule(plantId, version, method, scheduleJson, kpisJson, _time.GetUtcNow());
            return Task.CompletedTask;
        }
    }

    public Task<StoredSchedule?> GetScheduleAsync(string plantId, int? version = null, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            StoredSchedule? found = null;
            if (_plants.TryGetValue(plantId, out var state) && state.Schedules.Count > 0)
            {
                found = version is { } v
                    ? state.Schedules.GetValueOrDefault(v)
                    : state.Schedules.Values.Last();
            }

            return Task.FromResult(found);
        }
    }

    public Task<IReadOnlyList<ScheduleVersionSummary>> ListScheduleVersionsAsync(string plantId, int limit = 100,
        CancellationToken cancellationToken = default)
    {
        StoreArgs.Positive(limit, nameof(limit));
        lock (_gate)
        {
            IReadOnlyList<ScheduleVersionSummary> versions = _plants.TryGetValue(plantId, out var state)
                ? state.Schedules.Values.Reverse().Take(limit)
                    .Select(s => new ScheduleVersionSummary(s.PlantId, s.Version, s.Method, s.KpisJson, s.SavedAt)).ToArray()
                : [];
            return Task.FromResult(versions);
        }
    }

    public Task<long> AppendKpiHistoryAsync(string plantId, int? scheduleVersion, string source, string kpisJson,
        CancellationToken cancellationToken = default)
    {
        StoreArgs.Id(source, nameof(source));
        StoreArgs.Json(kpisJson, nameof(kpisJson));
        lock (_gate)
        {
            var state = Existing(plantId);
            // One counter for all plants, like the PostgreSQL identity column: increasing, not gapless per plant.
            var entry = new KpiHistoryEntry(plantId, ++_lastKpiSequence, scheduleVersion, source, kpisJson, _time.GetUtcNow());
            state.Kpis.Add(entry);
            return Task.FromResult(entry.Sequence);
        }
    }

    public Task<IReadOnlyList<KpiHistoryEntry>> ListKpiHistoryAsync(string plantId, long afterSequence = 0, int limit = 1_000,
        CancellationToken cancellationToken = default)
    {
        StoreArgs.Positive(limit, nameof(limit));
        lock (_gate)
        {
            IReadOnlyList<KpiHistoryEntry> entries = _plants.TryGetValue(plantId, out var state)
                ? state.Kpis.Where(k => k.Sequence > afterSequence).Take(limit).ToArray()
                : [];
            return Task.FromResult(entries);
        }
    }

    public Task<IdempotencyResult> TryRecordIdempotencyKeyAsync(string plantId, string key, string requestHash, string responseJson,
        CancellationToken cancellationToken = default)
    {
        StoreArgs.Id(plantId, nameof(plantId));
        StoreArgs.Id(key, nameof(key));
        StoreArgs.Id(requestHash, nameof(requestHash));
        StoreArgs.Json(responseJson, nameof(responseJson));
        lock (_gate)
        {
            if (_idempotencyKeys.TryGetValue((plantId, key), out var seen))
            {
                return Task.FromResult(seen.RequestHash == requestHash
                    ? new IdempotencyResult(IdempotencyOutcome.Replayed, seen.ResponseJson)
                    : new IdempotencyResult(IdempotencyOutcome.Conflict, null));
            }

            _idempotencyKeys[(plantId, key)] = new StoredIdempotencyKey(plantId, key, requestHash, responseJson, _time.GetUtcNow());
            return Task.FromResult(new IdempotencyResult(IdempotencyOutcome.Recorded, responseJson));
        }
    }

    public Task<StoredIdempotencyKey?> GetIdempotencyKeyAsync(string plantId, string key, CancellationToken cancellationToken = default)
    {
        lock (_gate)
            return Task.FromResult(_idempotencyKeys.GetValueOrDefault((plantId, key)));
    }

    public Task<int> PurgeIdempotencyKeysAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var old = _idempotencyKeys.Where(kv => kv.Value.CreatedAt < cutoff).Select(kv => kv.Key).ToArray();
            foreach (var k in old)
                _idempotencyKeys.Remove(k);
            return Task.FromResult(old.Length);
        }
    }

    private PlantState Existing(string plantId)
    {
        StoreArgs.Id(plantId, nameof(plantId));
        return _plants.TryGetValue(plantId, out var state) ? state : throw new UnknownPlantException(plantId);
    }

    private sealed record OrderState(StoredOrder Order, bool Active);

    private sealed class PlantState(StoredPlant plant)
    {
        public StoredPlant Plant { get; set; } = plant;
        public SortedDictionary<string, OrderState> Orders { get; } = new(StringComparer.Ordinal);
        public List<StoredEvent> Events { get; } = [];
        public Dictionary<string, StoredEvent> EventsByKey { get; } = new(StringComparer.Ordinal);
        public SortedDictionary<int, StoredSchedule> Schedules { get; } = [];
        public List<KpiHistoryEntry> Kpis { get; } = [];
    }
}
