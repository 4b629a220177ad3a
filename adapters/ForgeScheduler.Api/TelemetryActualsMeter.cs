using ForgeScheduler.Cluster.Grains;
using ForgeScheduler.Metrics;
using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Api;

/// <summary>The resource grains of this process's silo meter into this process's telemetry (Prometheus on
/// <c>/metrics</c>): in a cluster of several <c>forge serve</c>, each exposes the finishes recorded by the
/// resource grains it hosts, and Prometheus sums them across targets.</summary>
internal sealed class TelemetryActualsMeter(IForgeTelemetry telemetry) : IActualsMeter
{
    public void OperationFinished(Plant plant, string resource, Carrier carrier, OperationKind kind, double energyKwh,
        double massTonnes, double chargeTempC, DateTimeOffset at) =>
        telemetry.OperationFinished(plant, resource, carrier, kind, energyKwh, massTonnes, chargeTempC, at);
}
