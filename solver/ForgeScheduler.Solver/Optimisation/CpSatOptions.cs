using ForgeScheduler.Solver.Kpis;

namespace ForgeScheduler.Solver.Optimisation;

public enum ObjectiveMode { WeightedSum, Lexicographic }

/// <summary>How much one unit of each goal is worth in the objective, in kg-CO2-equivalent: the
/// defaults make one weighted hour of lateness cost as much as ten tonnes of CO2, so due dates come
/// first unless a planner says otherwise.</summary>
public sealed record ObjectiveWeights
{
    public double TardinessPerWeightedHour { get; init; } = 10000.0;
    public double Co2PerKg { get; init; } = 1.0;
    public double CostPerCurrencyUnit { get; init; } = 0.3;
    public double MakespanPerHour { get; init; } = 2.0;

    public static ObjectiveWeights Default { get; } = new();

    /// <summary>The same objective, computed from the KPI calculator's numbers (not the model's), so
    /// any two schedules can be compared on it.</summary>
    public double Score(KpiReport k) =>
        TardinessPerWeightedHour * k.WeightedTardinessH + Co2PerKg * k.Co2Kg +
        CostPerCurrencyUnit * k.EnergyCost + MakespanPerHour * k.MakespanH;
}

/// <summary>Solver control. With <see cref="Workers"/> = 1 and a <see cref="DeterministicTime"/>
/// limit the search is reproducible (wall-clock limits are not).</summary>
public sealed record CpSatOptions
{
    public double TimeLimitSeconds { get; init; } = 30.0;
    public int Workers { get; init; } = 2;
    public int Seed { get; init; } = 1;
    /// <summary>CP-SAT's deterministic time budget; when set the run stops on it, not on wall time.</summary>
    public double? DeterministicTime { get; init; }
    /// <summary>Stops the search early (the caller went away, or a hard wall-clock cap): each CP-SAT run
    /// ends with what it found, runs not started yet are skipped, and the schedule is the best found so
    /// far or the baseline (a cancelled solve still returns a valid schedule).</summary>
    public CancellationToken Cancellation { get; init; }
    /// <summary>Lexicographic by default: weighted tardiness first, then (holding it) CO2 and cost.</summary>
    public ObjectiveMode Mode { get; init; } = ObjectiveMode.Lexicographic;
    /// <summary>Phase 2 of the lexicographic solve may let the model's weighted tardiness grow by
    /// this fraction of what phase 1 reached (0: hold it exactly).</summary>
    public double TardinessTolerance { get; init; }
    /// <summary>Share of the time limit the large-neighbourhood search around the incumbent gets
    /// after the (two-phase) CP-SAT solve; 0 turns it off.</summary>
    public double LnsShare { get; init; } = 0.2;
    /// <summary>Books of more orders than this skip the LNS (each neighbourhood builds a model of the whole book).</summary>
    public int LnsMaxOrders { get; init; } = 100;
    /// <summary>How far (minutes) an order freed by a forging LNS neighbourhood may move: each of its
    /// operations starts no more than this before its first or after its last start in the incumbent.
    /// 0: anywhere in the horizon (before this option). It bounds a sub-model's start domains and
    /// press-idle shift literals; measured, it changed neither the neighbourhoods per second (a
    /// sub-solve runs to its deterministic limit either way) nor CO2/t beyond the noise
    /// (docs/optimiser.md, forging LNS).</summary>
    public int LnsMoveWindowMinutes { get; init; } = 480;
    /// <summary>CP-SAT's deterministic limit for one forging LNS neighbourhood. Measured on a 10-order
    /// reference book from the plant-order rule's plan: re-planning a single order around the fixed
    /// rest took 0.004–1.3 deterministic seconds to optimality (heat and forging must meet in the
    /// press's gaps within the transfer window).</summary>
    public double LnsSubSolveDeterministicTime { get; init; } = 0.4;
    public ObjectiveWeights Weights { get; init; } = ObjectiveWeights.Default;
    /// <summary>Per furnace, how many of its gaps the model may let go cold (priced at a restart
    /// instead of holding power × gap, as the KPIs do); 0 prices every gap at holding power (the
    /// furnace's span), as before. A gap beyond this count is priced at holding: on the safe side.
    /// Off by default: measured on the reference day and the generated books it did not lower CO2/t
    /// against the best rule within the noise (docs/optimiser.md, furnace gaps).</summary>
    public int ColdGapsPerFurnace { get; init; }
    /// <summary>How long a heated piece may stay in its furnace at forging temperature after its
    /// heating time (a soaked wait) before it goes to the press: a hot ingot charged on arrival and
    /// held keeps its heat, where one left in the yard for a free furnace slot cools. 0: a heat lasts
    /// exactly its heating time (the model before this option). The validator allows any longer heat.</summary>
    public int SoakedWaitMaxMinutes { get; init; } = 240;
    /// <summary>Rolling horizon: a furnace an earlier window used pays the gap to its next job in this
    /// window (hold or restart), as the KPIs price it. False: it looks free of cost (before this option).</summary>
    public bool CarryFurnaceState { get; init; } = true;
    /// <summary>Orders released within this window are solved together; a book spanning longer is
    /// solved window by window (rolling horizon).</summary>
    public double WindowHours { get; init; } = 24.0;
    /// <summary>Orders released this long after a window's end join it (overlap), but are committed
    /// by the next window.</summary>
    public double OverlapHours { get; init; } = 6.0;
    public Action<SolveProgress>? OnProgress { get; init; }
    /// <summary>More CP-SAT parameters in its text format (e.g. "cp_model_probing_level:0" for the small
    /// neighbourhood solves of a reschedule, where presolve probing would eat the budget).</summary>
    public string? ExtraParameters { get; init; }
    /// <summary>CP-SAT's <c>max_memory_in_mb</c> for every run of a solve (full solve, hint completion and
    /// each LNS sub-solve): past it CP-SAT stops the search and answers with what it has. Null: CP-SAT's own
    /// default (10,000 MB). The service sets it from <c>PlanningOptions.MaxSolveMemoryMb</c>.</summary>
    public int? MaxMemoryMb { get; init; }

    /// <summary>", max_memory_in_mb:N" when <see cref="MaxMemoryMb"/> is set, else empty.</summary>
    internal string MemoryParameter => MaxMemoryMb is { } mb ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $", max_memory_in_mb:{mb}") : "";
}

/// <summary>What a planner reads of a plan: per tonne, late orders, weighted tardiness, the score.</summary>
public sealed record PlanFigures(double Co2KgPerT, double KwhPerT, double CostPerT, int LateOrders, double WeightedTardinessH, double Score)
{
    public static PlanFigures Of(KpiReport k, ObjectiveWeights weights) =>
        new(k.Co2KgPerT, k.EnergyKwhPerT, k.Tonnes > 0 ? k.EnergyCost / k.Tonnes : 0, k.LateOrders, k.WeightedTardinessH, weights.Score(k));
}

/// <summary>One improving solution (or a phase note) for progress display. Raw CP-SAT lines carry
/// objective and bound in model points only; lines of a plan judged by the exact evaluator carry
/// <see cref="Plan"/> (and the starting plan's line <see cref="Start"/>).</summary>
public sealed record SolveProgress(string Phase, double WallSeconds, double Objective, double Bound)
{
    public PlanFigures? Plan { get; init; }
    /// <summary>The best rule's figures: what every later line is compared with.</summary>
    public bool Start { get; init; }
    /// <summary>The LNS neighbourhood kind that produced this plan, and what it gained (kg-CO2-eq on the score).</summary>
    public string? Neighbourhood { get; init; }
    public double GainKg { get; init; }

    public double Gap => Objective == 0 ? 0 : Math.Abs(Objective - Bound) / Math.Max(1e-9, Math.Abs(Objective));
}
