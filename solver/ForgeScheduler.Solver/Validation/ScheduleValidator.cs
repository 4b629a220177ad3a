using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Solver.Validation;

/// <summary>One broken rule, named so a planner can find it: rule id, order, step, resource.</summary>
public sealed record Violation(string Rule, string? Order, int? Step, string? Resource, string Message)
{
    public override string ToString() =>
        $"[{Rule}]" + (Order is null ? "" : $" order {Order}") + (Step is null ? "" : $" step {Step}") +
        (Resource is null ? "" : $" on {Resource}") + $": {Message}";
}

/// <summary>Checks any schedule — ours, the baseline's, one typed in by a planner — against the plant
/// and the order book, and names every broken rule (docs/validator-rules.md lists them). An empty
/// list means the schedule can be run.</summary>
public static class ScheduleValidator
{
    public static IReadOnlyList<Violation> Validate(Plant plant, OrderBook orders, Schedule schedule)
    {
        var context = new ValidationContext(plant, orders, schedule);
        StructureRules.Check(context);
        CapabilityRules.Check(context);
        RouteTimingRules.Check(context);
        InterruptionRules.Check(context);
        DurationRules.Check(context);
        PressRules.Check(context);
        HeatingFurnaceRules.Check(context);
        BatchRules.Check(context);
        DowntimeRules.Check(context);
        ChargeTemperatureRules.Check(context);
        CarrierRules.Check(context);
        PowerRules.Check(context);
        return context.Violations;
    }
}
