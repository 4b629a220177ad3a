namespace ForgeScheduler.Solver.Optimisation.Lns;

/// <summary>
/// Control of a large-neighbourhood search. The search stops on <see cref="TimeLimitSeconds"/> of
/// wall time — or, when <see cref="DeterministicTime"/> is set, on that much CP-SAT deterministic
/// time summed over the sub-solves, and then wall time is not looked at at all: with
/// <see cref="Workers"/> = 1 and a <see cref="Seed"/> the run is reproducible step for step.
/// </summary>
public sealed record LnsOptions
{
    private readonly double _timeLimitSeconds = 10.0;
    private readonly double _subSolveDeterministicTime = 0.5;
    private readonly int _workers = 1;
    private readonly double _initialSizeFraction = 0.2;

    /// <summary>Wall-clock budget of the whole search, in seconds (ignored when
    /// <see cref="DeterministicTime"/> is set).</summary>
    public double TimeLimitSeconds
    {
        get => _timeLimitSeconds;
        init => _timeLimitSeconds = double.IsFinite(value) && value > 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(TimeLimitSeconds), value, "The time limit must be a positive number of seconds.");
    }

    /// <summary>Deterministic budget of the whole search (CP-SAT deterministic seconds, summed over sub-solves).</summary>
    public double? DeterministicTime { get; init; }

    /// <summary>Ends the search after the round in progress (whatever the budgets say): the best found so far stands.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>Deterministic-time limit of one sub-solve. A limit in deterministic time (not wall
    /// time) makes each sub-solve do the same work whatever the machine's load, so the size
    /// adaptation sees the same outcomes.</summary>
    public double SubSolveDeterministicTime
    {
        get => _subSolveDeterministicTime;
        init => _subSolveDeterministicTime = double.IsFinite(value) && value > 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(SubSolveDeterministicTime), value, "The sub-solve limit must be positive.");
    }

    /// <summary>Neighbourhoods solved at once in each round, one single-threaded CP-SAT each. The
    /// round's outcomes are merged in draw order, so any count is reproducible with a seed and a
    /// deterministic budget; 1 is the plain sequential search.</summary>
    public int Workers
    {
        get => _workers;
        init => _workers = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(Workers), value, "At least one worker is needed.");
    }

    /// <summary>Seeds the neighbourhood choices and each sub-solve's <c>random_seed</c>.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Share of the items a kind frees at first; each kind then adapts its own share.</summary>
    public double InitialSizeFraction
    {
        get => _initialSizeFraction;
        init => _initialSizeFraction = value is > 0 and <= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(InitialSizeFraction), value, "The size fraction must be in (0, 1].");
    }

    /// <summary>Fewest items a neighbourhood frees (a neighbourhood of one item can rarely improve).</summary>
    public int MinimumSize { get; init; } = 2;

    /// <summary>When the primary objective reaches this proven bound the search stops: nothing is left to gain.</summary>
    public long? LowerBound { get; init; }

    /// <summary>Extra CP-SAT parameters for every sub-solve (e.g. a problem's preferred search settings).</summary>
    public string? ExtraParameters { get; init; }

    /// <summary>Called on the search's thread for each accepted neighbourhood.</summary>
    public Action<LnsProgress>? OnAccepted { get; init; }
}

/// <summary>
/// An accepted neighbourhood: its <paramref name="Kind"/>, how many items it freed, what it gained
/// (incumbent minus new, in the primary objective and the tie-breaker), the new objective, and when
/// (wall seconds and deterministic seconds since the search began).
/// </summary>
public sealed record LnsProgress(
    string Kind,
    int FreedItems,
    long PrimaryGain,
    long SecondaryGain,
    LnsObjective Objective,
    double ElapsedSeconds,
    double DeterministicSeconds,
    int Iteration);

/// <summary>How one kind of neighbourhood did: tried, accepted, primary gain summed, and the share of
/// items it frees at the end of the search.</summary>
public sealed record LnsKindStats(string Kind, int Tries, int Accepted, long PrimaryGain, double FinalSizeFraction);

/// <summary>The best solution found and how the search went. <see cref="ProvenOptimal"/> is true only
/// when a neighbourhood freeing every item was solved to optimality.</summary>
public sealed record LnsResult<TSolution>(
    TSolution Best,
    LnsObjective Objective,
    int Iterations,
    int Accepted,
    double WallSeconds,
    double DeterministicSeconds,
    bool ProvenOptimal,
    IReadOnlyList<LnsKindStats> Kinds) where TSolution : class;
