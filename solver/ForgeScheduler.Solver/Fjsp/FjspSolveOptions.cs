namespace ForgeScheduler.Solver.Fjsp;

/// <summary>How long and how CP-SAT searches.</summary>
public sealed record FjspSolveOptions
{
    private readonly double _timeLimitSeconds;
    private readonly int _workers = 2;
    private readonly double? _deterministicTime;
    private readonly double _lnsShare = DefaultLnsShare;
    private readonly double _tabuShare = DefaultTabuShare;

    /// <summary>Three quarters of the budget for LNS: measured on mk10, the full solve stops
    /// improving after a few seconds while the neighbourhoods keep finding shorter schedules.</summary>
    public const double DefaultLnsShare = 0.75;

    /// <summary>A third of the search after the full solve for the tabu search, the rest for the
    /// LNS: measured on mk10 (1.5 deterministic units, 1 worker), the tabu search took the full
    /// solve's 237 to 203 and the LNS went on to 201, where the LNS alone stalled at 209.</summary>
    public const double DefaultTabuShare = 1.0 / 3;

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

    /// <summary>CP-SAT <c>random_seed</c>; also seeds the LNS's choice of neighbourhoods.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>
    /// A CP-SAT deterministic-time budget for the whole solve (full solve and LNS together). When set
    /// it replaces the wall-clock limit as the stopping rule, so one worker and a seed repeat exactly;
    /// <see cref="TimeLimitSeconds"/> is then not looked at. Null (the default): wall clock.
    /// </summary>
    public double? DeterministicTime
    {
        get => _deterministicTime;
        init => _deterministicTime = value is null || (double.IsFinite(value.Value) && value.Value > 0)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(DeterministicTime), value, "The deterministic budget must be a positive number.");
    }

    /// <summary>
    /// Share of the budget for large-neighbourhood search after the full CP-SAT solve (0 to 1;
    /// default <see cref="DefaultLnsShare"/>). 0 is the plain full solve. The full solve comes first and gives the LNS its
    /// incumbent and the proven lower bound; an instance it proves optimal skips the LNS.
    /// </summary>
    public double LnsShare
    {
        get => _lnsShare;
        init => _lnsShare = value is >= 0 and < 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(LnsShare), value, "The LNS share must be in [0, 1).");
    }

    /// <summary>
    /// Share of the search after the full solve (of <see cref="LnsShare"/>) spent on the tabu search
    /// (<see cref="FjspTabuSearch"/>) before the LNS takes over (0 to 1; default
    /// <see cref="DefaultTabuShare"/>). 0 leaves it all to the LNS; with <see cref="LnsShare"/> 0
    /// there is neither.
    /// </summary>
    public double TabuShare
    {
        get => _tabuShare;
        init => _tabuShare = value is >= 0 and <= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(TabuShare), value, "The tabu share must be in [0, 1].");
    }
}
