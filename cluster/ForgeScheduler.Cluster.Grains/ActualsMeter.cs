using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Cluster.Grains;

/// <summary>Where a furnace or press grain reports what the floor metered on it when an operation
/// finishes: the actual energy, CO2 and tonnes of plant management's dashboards come from the resource
/// grains, not from the HTTP edge. The silo's host plugs in its metrics (<c>forge serve</c>: Prometheus,
/// through the API's telemetry); the grains know no metrics library. Called on the grain's own turn, once
/// per recorded finish; an implementation must not block.</summary>
public interface IActualsMeter
{
    /// <param name="massTonnes">The piece's mass when this is its first operation of <paramref name="kind"/>
    /// (its first heat, first forging pass, its heat treatment), else 0: a reheat adds energy, not steel.</param>
    /// <param name="chargeTempC">The charge temperature the plan in force gives the operation (NaN: not planned).</param>
    void OperationFinished(Plant plant, string resource, Carrier carrier, OperationKind kind, double energyKwh,
        double massTonnes, double chargeTempC, DateTimeOffset at);
}

/// <summary>Meters nothing: silos without metrics (tools, benchmarks, cluster tests).</summary>
public sealed class NoActualsMeter : IActualsMeter
{
    public void OperationFinished(Plant plant, string resource, Carrier carrier, OperationKind kind, double energyKwh,
        double massTonnes, double chargeTempC, DateTimeOffset at)
    {
    }
}
