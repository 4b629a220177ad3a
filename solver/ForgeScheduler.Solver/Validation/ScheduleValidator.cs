using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Solver.Validation;

/// <summary>One broken rule, named so a planner can find it: rule id, order, step, resource.</summary>
public sealed record Violation(string Rule, string? Order, int? Step, string? Resource, string Message)
{
    public override string ToString() =>
        $"[{Rule}]" + (Order is null ? "" : $" order {Order}") + (Step is null ? "" : $" step {Step}") +
        (Resource is null ? "" : $" on {Resource}") + $": {Message}";
}

public static class ScheduleValidator
{
    public static IReadOnlyList<Violation> Validate(Plant plant, OrderBook orders, Schedule schedule) =>
        throw new NotImplementedException("validator: being built");
}
