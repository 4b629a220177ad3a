namespace ForgeScheduler.Cluster.Contracts;

/// <summary>Thrown when a silo's solver pool is full (every slot solving, the waiting line at its cap): the
/// request is refused at once rather than queued without end; the API answers 503 with Retry-After.</summary>
[GenerateSerializer, Alias("forge.SolverSaturatedException")]
public sealed class SolverSaturatedException : Exception
{
    [Id(0)] public int RetryAfterSeconds { get; }

    public SolverSaturatedException(string message, int retryAfterSeconds) : base(message) => RetryAfterSeconds = retryAfterSeconds;

    public SolverSaturatedException() : this("the solver pool is full", 5) { }

    public SolverSaturatedException(string message) : this(message, 5) { }

    public SolverSaturatedException(string message, Exception inner) : base(message, inner) => RetryAfterSeconds = 5;
}
