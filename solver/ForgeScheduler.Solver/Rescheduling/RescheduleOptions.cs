using ForgeScheduler.Solver.Optimisation;

namespace ForgeScheduler.Solver.Rescheduling;

/// <summary>How a reschedule is done. The stability penalty is in the objective's kg-CO2-equivalent
/// (ObjectiveWeights): by default an hour's move costs 60 kg, about the CO2 of re-heating a few
/// tonnes, so the plan only changes where it pays. The repair prices its choices with it too.</summary>
public sealed record RescheduleOptions
{
    /// <summary>Operations starting within this many minutes after now stay as planned.</summary>
    public double FreezeMinutes { get; init; } = 60;

    public double StabilityKgPerMinuteMoved { get; init; } = 1.0;

    public double StabilityKgPerReassignment { get; init; } = 30.0;

    /// <summary>Version of the current schedule; the new one is this + 1.</summary>
    public int CurrentVersion { get; init; } = 1;

    /// <summary>How long a resource_down without <c>until</c> is expected to last.</summary>
    public double DefaultDowntimeHours { get; init; } = 24;

    /// <summary>After the repair, let CP-SAT improve a neighbourhood of the orders it touched.</summary>
    public bool Improve { get; init; } = true;

    /// <summary>At most this many orders are re-planned by CP-SAT around the repair.</summary>
    public int NeighbourhoodOrders { get; init; } = 8;

    /// <summary>At most this many CP-SAT neighbourhood rounds after the repair (the first around what
    /// the repair touched, then centred on late orders, cancellation gaps and a sweep over the plan),
    /// fewer when the time limit runs out first. Under a deterministic budget exactly this many are
    /// tried (while there are neighbourhoods), the first with the whole budget, the others with half.</summary>
    public int ImproveRounds { get; init; } = 12;

    /// <summary>When an order is late that the plan in force had on time, the second round re-plans
    /// every order that may still move, if there are at most this many; more (a whole day's book of
    /// 30 at its start) get rounds centred on the late order instead: CP-SAT does not get far with a
    /// whole book in a second or two (bench: the reference day's rush order).</summary>
    public int WideNeighbourhoodOrders { get; init; } = 16;

    /// <summary>The solver's settings; <see cref="CpSatOptions.TimeLimitSeconds"/> bounds the whole
    /// reschedule (repair, CP-SAT, checks), not only the CP-SAT run.</summary>
    public CpSatOptions Solver { get; init; } = new() { TimeLimitSeconds = 10 };

    public StabilityPenalty Stability => new(StabilityKgPerMinuteMoved, StabilityKgPerReassignment);
}
