using System.Text.Json.Serialization;
using Google.OrTools.Sat;

namespace ForgeScheduler.Solver.Optimisation;

/// <summary>What a solve ended in. The first five are CP-SAT's own; the rest are this scheduler's steps
/// around it. <see cref="Improved"/>, <see cref="Fallback"/> and <see cref="Resolved"/> wrap the status of
/// the step inside them (<see cref="SolverStatus.Inner"/>).</summary>
public enum SolverOutcome
{
    /// <summary>CP-SAT proved the plan optimal (for a window, a neighbourhood or the whole book).</summary>
    Optimal,
    /// <summary>CP-SAT found a plan without proving it optimal.</summary>
    Feasible,
    Infeasible,
    ModelInvalid,
    Unknown,
    /// <summary>The search found nothing better in time; the completed hint (the best rule's plan) stands.</summary>
    Hint,
    /// <summary>A window found nothing and the large-neighbourhood search carried on from the best rule's plan.</summary>
    Lns,
    /// <summary>A neighbourhood with nothing left to re-plan.</summary>
    Empty,
    /// <summary>A neighbourhood solve that found no plan.</summary>
    NoSolution,
    /// <summary>Rescheduler: no events, the plan in force stands.</summary>
    Unchanged,
    /// <summary>Rescheduler: the plain repair was kept.</summary>
    Repair,
    /// <summary>Rescheduler: CP-SAT improved on the repair (inner: CP-SAT's status).</summary>
    Improved,
    /// <summary>No better plan than the one to fall back to (the baseline, or the plan in force).</summary>
    Fallback,
    /// <summary>The plan in force could not be repaired; the book was planned afresh (inner: that solve's status).</summary>
    Resolved,
}

/// <summary>A solve's status as a value: an outcome and, for the wrapping outcomes, the status of the
/// step inside. Its one text form (<see cref="Text"/>, e.g. <c>IMPROVED(OPTIMAL)</c>, <c>FALLBACK(FALLBACK)</c>)
/// is what the HTTP field <c>solver_status</c>, the CLI and the reports show; nothing parses it back —
/// code that needs to know reads <see cref="Outcome"/> and <see cref="Inner"/>.</summary>
public sealed record SolverStatus(SolverOutcome Outcome, SolverStatus? Inner = null)
{
    public static SolverStatus Optimal { get; } = new(SolverOutcome.Optimal);
    public static SolverStatus Feasible { get; } = new(SolverOutcome.Feasible);
    public static SolverStatus Hint { get; } = new(SolverOutcome.Hint);
    public static SolverStatus Lns { get; } = new(SolverOutcome.Lns);
    public static SolverStatus Empty { get; } = new(SolverOutcome.Empty);
    public static SolverStatus NoSolution { get; } = new(SolverOutcome.NoSolution);
    public static SolverStatus Unchanged { get; } = new(SolverOutcome.Unchanged);
    public static SolverStatus Repair { get; } = new(SolverOutcome.Repair);
    /// <summary>A fallback with nothing inside (the scheduler's own: no better plan than the starting one).</summary>
    public static SolverStatus FellBack { get; } = new(SolverOutcome.Fallback);

    /// <summary>CP-SAT improved on the repair with <paramref name="cpSat"/>.</summary>
    public static SolverStatus ImprovedBy(SolverStatus cpSat) => new(SolverOutcome.Improved, cpSat);

    /// <summary>The solve ended in <paramref name="inner"/> and its plan was not used: the fallback was.</summary>
    public static SolverStatus FallbackFrom(SolverStatus inner) => new(SolverOutcome.Fallback, inner);

    /// <summary>The book was planned afresh and that solve ended in <paramref name="fresh"/>.</summary>
    public static SolverStatus ResolvedBy(SolverStatus fresh) => new(SolverOutcome.Resolved, fresh);

    /// <summary>CP-SAT's own status.</summary>
    public static SolverStatus Of(CpSolverStatus status) => new(status switch
    {
        CpSolverStatus.Optimal => SolverOutcome.Optimal,
        CpSolverStatus.Feasible => SolverOutcome.Feasible,
        CpSolverStatus.Infeasible => SolverOutcome.Infeasible,
        CpSolverStatus.ModelInvalid => SolverOutcome.ModelInvalid,
        _ => SolverOutcome.Unknown,
    });

    /// <summary>True when this status or one inside it is <paramref name="outcome"/>.</summary>
    public bool Contains(SolverOutcome outcome) => Outcome == outcome || (Inner?.Contains(outcome) ?? false);

    /// <summary>The one text form: the outcome in capitals with underscores, the inner status in brackets.</summary>
    [JsonIgnore]
    public string Text => Inner is null ? Name(Outcome) : $"{Name(Outcome)}({Inner.Text})";

    public override string ToString() => Text;

    /// <summary>OPTIMAL, MODEL_INVALID, NO_SOLUTION … (the names CP-SAT's own tools print).</summary>
    public static string Name(SolverOutcome outcome) => outcome switch
    {
        SolverOutcome.ModelInvalid => "MODEL_INVALID",
        SolverOutcome.NoSolution => "NO_SOLUTION",
        _ => outcome.ToString().ToUpperInvariant(),
    };
}
