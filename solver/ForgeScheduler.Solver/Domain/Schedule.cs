namespace ForgeScheduler.Solver.Domain;

public enum OperationKind { Heat, Forge, HeatTreat }

/// <summary>One operation of one order on one resource. Pieces in the same furnace charge share
/// <see cref="Charge"/>. <see cref="ChargeTempC"/> and <see cref="EnergyKwh"/> are what the
/// scheduler expected; the validator and the KPI calculator recompute them from physics.</summary>
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
    Carrier? Carrier);

public sealed record Schedule(string Plant, string Method, IReadOnlyList<ScheduledOperation> Operations)
{
    /// <summary>The baseline's dispatch rule that made this schedule (null for other methods).</summary>
    public string? Rule { get; init; }

    public IEnumerable<ScheduledOperation> ForOrder(string orderId) =>
        Operations.Where(o => o.Order == orderId).OrderBy(o => o.Step);

    public DateTimeOffset? LastEnd => Operations.Count == 0 ? null : Operations.Max(o => o.End);
}
