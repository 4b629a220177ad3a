using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Solver.Baseline;

/// <summary>"Today's practice" (DESIGN.md): a greedy dispatcher without look-ahead.</summary>
public static class BaselineDispatcher
{
    public const string MethodName = "baseline";

    public static Schedule Dispatch(Plant plant, OrderBook orders) =>
        throw new NotImplementedException("baseline: being built");
}
