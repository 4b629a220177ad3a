using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Physics;

namespace ForgeScheduler.Solver.Baseline;

/// <summary>Where a piece stands between two operations: it left its last station at
/// <see cref="Since"/> at <see cref="TempC"/> and has been cooling in the yard since; it can go on at
/// minute <see cref="ReadyMinute"/>.</summary>
internal sealed record Piece(Order Order, int EddRank, int ReadyMinute, double TempC, DateTimeOffset Since)
{
    /// <summary>Temperature at an instant, computed exactly as the schedule evaluator does (same
    /// wait, same formula), so the dispatcher's durations match what the validator recomputes.</summary>
    public double TempAt(Plant plant, DateTimeOffset at) =>
        ThermalPhysics.CooledTempC(plant, Order, TempC, (at - Since).TotalMinutes);
}
