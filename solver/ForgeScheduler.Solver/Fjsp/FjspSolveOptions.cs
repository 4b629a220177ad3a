namespace ForgeScheduler.Solver.Fjsp;

/// <summary>How long and how CP-SAT searches.</summary>
public sealed record FjspSolveOptions
{
    private readonly double _timeLimitSeconds;
    private readonly int _workers = 2;

    /// <summary>Wall-clock limit for the search, in seconds (required, &gt; 0).</summary>
    public required double TimeLimitSeconds
    {
        get => _timeLimitSeconds;
        init => _timeLimitSeconds = double.IsFinite(value) && value > 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(TimeLimitSeconds), value, "The time limit must be a positive number of seconds.");
    }

    /// <summary>CP-SAT search workers (threads). 1 gives a deterministic search for a fixed <see cref="Seed"/>.</summary>
    public int Workers
    {
        get => _workers;
        init => _workers = value >= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Workers), value, "At least one worker is needed.");
    }

    /// <summary>CP-SAT <c>random_seed</c>.</summary>
    public int Seed { get; init; } = 1;
}
