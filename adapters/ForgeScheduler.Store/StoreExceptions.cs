namespace ForgeScheduler.Store;

/// <summary>Base of the store's own errors, so a caller can map them to problem details in one place.</summary>
public abstract class PlantStoreException : Exception
{
    protected PlantStoreException(string plantId, string message, Exception? inner = null)
        : base(message, inner) => PlantId = plantId;

    public string PlantId { get; }
}

/// <summary>A write named a plant that was never stored (HTTP 404).</summary>
public sealed class UnknownPlantException : PlantStoreException
{
    public UnknownPlantException(string plantId, Exception? inner = null)
        : base(plantId, $"Plant '{plantId}' is not known: store its definition first.", inner)
    {
    }
}

/// <summary>Another writer already published this schedule version (optimistic concurrency, HTTP 409/412).</summary>
public sealed class ScheduleVersionConflictException : PlantStoreException
{
    public ScheduleVersionConflictException(string plantId, int version, Exception? inner = null)
        : base(plantId, $"Schedule version {version} of plant '{plantId}' already exists: reload the latest version and retry.", inner) =>
        Version = version;

    public int Version { get; }
}

/// <summary>An idempotency key was reused for a different request (HTTP 409/422).</summary>
public sealed class IdempotencyConflictException : PlantStoreException
{
    public IdempotencyConflictException(string plantId, string key)
        : base(plantId, $"Idempotency key '{key}' of plant '{plantId}' was already used for a different request.") =>
        Key = key;

    public string Key { get; }
}
