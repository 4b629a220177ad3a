using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Kpis;
using ForgeScheduler.Solver.Optimisation;

namespace ForgeScheduler.Metrics;

/// <summary>What the service tells plant management and operations about. The HTTP host calls it at
/// these points; the Prometheus implementation turns the calls into metrics (issue 7).</summary>
public interface IForgeTelemetry
{
    /// <summary>A new schedule version is current for a plant: its planned KPIs and the baseline's.</summary>
    void SchedulePublished(Plant plant, int version, KpiReport planned, KpiReport baseline, LeverSavings? levers = null);

    /// <summary>An operation finished on the floor with its metered energy and measured temperature.</summary>
    void OperationFinished(Plant plant, string resource, Carrier carrier, OperationKind kind, double energyKwh,
        double massTonnes, double chargeTempC, DateTimeOffset at);

    /// <summary>A shop-floor event of a type (resource_down, operation_started, …) was accepted.</summary>
    void EventReceived(string plantId, string eventType);

    /// <summary>A reschedule finished: wall time, the solver's relative gap (null if unknown), outcome.</summary>
    void RescheduleFinished(string plantId, double seconds, double? gap, SolverStatus status);

    /// <summary>Orders known for a plant after an upsert or cancel.</summary>
    void OrdersCounted(string plantId, int activeOrders);

    /// <summary>A new version was published: how many operations it changed against the one before,
    /// counted by the solver's ScheduleDiff (moved and reassigned can hold for the same operation).</summary>
    void ScheduleChanged(string plantId, int moved, int reassigned, int added, int removed, int interrupted);
}

/// <summary>Telemetry that goes nowhere, for tools and tests that do not export metrics.</summary>
public sealed class NoTelemetry : IForgeTelemetry
{
    public static NoTelemetry Instance { get; } = new();

    public void SchedulePublished(Plant plant, int version, KpiReport planned, KpiReport baseline, LeverSavings? levers = null) { }

    public void OperationFinished(Plant plant, string resource, Carrier carrier, OperationKind kind, double energyKwh,
        double massTonnes, double chargeTempC, DateTimeOffset at) { }

    public void EventReceived(string plantId, string eventType) { }

    public void RescheduleFinished(string plantId, double seconds, double? gap, SolverStatus status) { }

    public void OrdersCounted(string plantId, int activeOrders) { }

    public void ScheduleChanged(string plantId, int moved, int reassigned, int added, int removed, int interrupted) { }
}
