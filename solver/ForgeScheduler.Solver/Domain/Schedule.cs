namespace ForgeScheduler.Solver.Domain;

public enum OperationKind { Heat, Forge, HeatTreat }

/// <summary>One operation of one order on one resource. Pieces in the same furnace charge share
/// <see cref="Charge"/>. <see cref="ChargeTempC"/> and <see cref="EnergyKwh"/> are what the
/// scheduler expected; the validator and the KPI calculator recompute them from physics.
/// An <see cref="Interrupted"/> operation is a heat or heat treatment that stopped at <see cref="End"/>
/// because its furnace tripped: the piece left at the temperature it had reached (the evaluator
/// computes it) and the same route step appears again, heated anew (docs/rescheduling.md).</summary>
public sealed record ScheduledOperation(
    string Order,
    int Step,
    OperationKind Kind,
    string Resource,
    string Charge,
    DateTimeOffset Start,
    DateTimeOffset End,
    double ChargeTempC,
    double EnergyKwh,
    Carrier? Carrier)
{
    /// <summary>Cut short at <see cref="End"/> by a furnace trip; the step is done again by a later
    /// operation of the same (order, step). False for every planned operation.</summary>
    public bool Interrupted { get; init; }
}

public sealed record Schedule(string Plant, string Method, IReadOnlyList<ScheduledOperation> Operations)
{
    /// <summary>The baseline's dispatch rule that made this schedule (null for other methods).</summary>
    public string? Rule { get; init; }

    /// <summary>The order's operations in route order; an interrupted operation comes before the one
    /// that does its step again.</summary>
    public IEnumerable<ScheduledOperation> ForOrder(string orderId) =>
        Operations.Where(o => o.Order == orderId).OrderBy(o => o.Step).ThenBy(o => o.Interrupted ? 0 : 1).ThenBy(o => o.Start);

    public DateTimeOffset? LastEnd => Operations.Count == 0 ? null : Operations.Max(o => o.End);
}
