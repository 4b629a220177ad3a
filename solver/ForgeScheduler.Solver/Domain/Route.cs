namespace ForgeScheduler.Solver.Domain;

/// <summary>A step of an order's route: heat 1 → forge 1 → heat 2 → forge 2 … → heat treatment.
/// Steps are numbered from 1; heat i is step 2i−1, forge i is step 2i, heat treatment is 2H+1.</summary>
public sealed record RouteStep(int Step, OperationKind Kind, int HeatIndex);

public static class Route
{
    public static IReadOnlyList<RouteStep> Of(Order order)
    {
        var steps = new List<RouteStep>(order.Heats.Count * 2 + 1);
        for (var i = 0; i < order.Heats.Count; i++)
        {
            steps.Add(new RouteStep(2 * i + 1, OperationKind.Heat, i));
            steps.Add(new RouteStep(2 * i + 2, OperationKind.Forge, i));
        }
        steps.Add(new RouteStep(order.Heats.Count * 2 + 1, OperationKind.HeatTreat, -1));
        return steps;
    }

    public static int StepCount(Order order) => order.Heats.Count * 2 + 1;

    public static RouteStep? StepOf(Order order, int step) =>
        step < 1 || step > StepCount(order) ? null : Of(order)[step - 1];
}
