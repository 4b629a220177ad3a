namespace ForgeScheduler.Store;

public enum UpsertOutcome
{
    Inserted,
    Unchanged,
    Updated,
}

public enum IdempotencyOutcome
{
    Recorded,
    Replayed,
    Conflict,
}

public sealed record StoredPlant(string PlantId, string PlantJson, int Revision, DateTimeOffset UpdatedAt);

public sealed record StoredOrder(string PlantId, string OrderId, string OrderJson, string ContentHash, int Revision,
    DateTimeOffset UpdatedAt);

/// <param name="AlreadyRecorded">True when the idempotency key had been appended before (nothing new was stored).</param>
public sealed record AppendedEvent(long Sequence, bool AlreadyRecorded);

public sealed record StoredEvent(string PlantId, long Sequence, string EventJson, string? IdempotencyKey,
    DateTimeOffset RecordedAt);

public sealed record StoredSchedule(string PlantId, int Version, string Method, string ScheduleJson, string KpisJson,
    DateTimeOffset SavedAt);

public sealed record ScheduleVersionSummary(string PlantId, int Version, string Method, string KpisJson, DateTimeOffset SavedAt);

public sealed record KpiHistoryEntry(string PlantId, long Sequence, int? ScheduleVersion, string Source, string KpisJson,
    DateTimeOffset RecordedAt);

/// <param name="ResponseJson">The stored response for Replayed; for Recorded the one just stored; null for Conflict.</param>
public sealed record IdempotencyResult(IdempotencyOutcome Outcome, string? ResponseJson);

public sealed record StoredIdempotencyKey(string PlantId, string Key, string RequestHash, string ResponseJson,
    DateTimeOffset CreatedAt);
