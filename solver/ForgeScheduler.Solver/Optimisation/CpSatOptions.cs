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
    public ObjectiveMode Mode { get; init; } = ObjectiveMode.WeightedSum;
    public ObjectiveWeights Weights { get; init; } = ObjectiveWeights.Default;
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
}

/// <summary>One improving solution (or a phase note) for progress display.</summary>
public sealed record SolveProgress(string Phase, double WallSeconds, double Objective, double Bound)
{
    public double Gap => Objective == 0 ? 0 : Math.Abs(Objective - Bound) / Math.Max(1e-9, Math.Abs(Objective));
}
