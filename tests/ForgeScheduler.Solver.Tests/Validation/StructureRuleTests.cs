using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Validation;
using static ForgeScheduler.Solver.Tests.Validation.Scenario;

namespace ForgeScheduler.Solver.Tests.Validation;

public class StructureRuleTests
{
    private static IReadOnlyList<Violation> Validate(Schedule schedule) => ScheduleValidator.Validate(Plant(), Book(), schedule);

    [Fact]
    public void OperationForAnOrderNotInTheBookIsUnknownOrder()
    {
        var valid = Valid(Plant());
        var schedule = Add(valid, Op(valid, "A", 1) with { Order = "Z9" });

        var v = OnlyRule("unknown_order", Validate(schedule));

        Assert.Equal("HF-1", Named(v, "Z9", 1, "HF-1").Resource);
    }

    [Fact]
    public void OperationOnAResourceNotInThePlantIsUnknownResource()
    {
        var schedule = Change(Valid(Plant()), "A", 2, o => o with { Resource = "P-999" });

        var v = OnlyRule("unknown_resource", Validate(schedule));

        Assert.Contains("P-999", Named(v, "A", 2, "P-999").Message);
    }

    [Fact]
    public void OperationForAStepBeyondTheRouteIsUnknownStep()
    {
        var valid = Valid(Plant());
        var schedule = Add(valid, Op(valid, "A", 3) with { Step = 9 });

        var v = OnlyRule("unknown_step", Validate(schedule));

        Assert.Contains("has 3 route steps", Named(v, "A", 9, "HT-1").Message);
    }

    [Fact]
    public void RouteStepWithoutOperationIsMissingOperation()
    {
        var schedule = Remove(Valid(Plant()), "B", 5);

        var v = OnlyRule("missing_operation", Validate(schedule));

        Assert.Single(v);
        Named(v, "B", 5, null);
    }

    [Fact]
    public void RouteStepScheduledTwiceIsDuplicateOperation()
    {
        var valid = Valid(Plant());
        // The copy goes to P-80, which is free then, so only the duplication is wrong.
        var schedule = Add(valid, Op(valid, "A", 2) with { Resource = "P-80" });

        var v = OnlyRule("duplicate_operation", Validate(schedule));

        Assert.Contains("2 times", Named(v, "A", 2, "P-80").Message);
    }

    [Fact]
    public void OperationKindDifferentFromTheRouteStepIsWrongKind()
    {
        var schedule = Change(Valid(Plant()), "A", 2, o => o with { Kind = OperationKind.Heat });

        var v = OnlyRule("wrong_kind", Validate(schedule));

        Assert.Contains("route step 2 is Forge", Named(v, "A", 2, "P-40").Message);
    }

    [Fact]
    public void OperationEndingBeforeItStartsIsEndBeforeStart()
    {
        var schedule = Change(Valid(Plant()), "B", 5, o => o with { End = o.Start.AddMinutes(-60) });

        var v = OnlyRule("end_before_start", Validate(schedule));

        Assert.Contains("60.0 min before it starts", Named(v, "B", 5, "HT-2").Message);
    }

    [Fact]
    public void HeatInAHeatTreatmentFurnaceIsNotACapableResource()
    {
        var schedule = Change(Valid(Plant()), "A", 1, o => o with { Resource = "HT-2", Carrier = Carrier.Electric });

        var v = OnlyRule("capable_resource", Validate(schedule));

        Assert.Contains("needs a heating furnace", Named(v, "A", 1, "HT-2").Message);
    }

    [Fact]
    public void ForgingOnAPressTooWeakAndTooSmallIsNotACapableResource()
    {
        var schedule = Change(Valid(Plant()), "B", 4, o => o with { Resource = "P-40" });

        var v = OnlyRule("capable_resource", Validate(schedule));

        var message = Named(v, "B", 4, "P-40").Message;
        Assert.Contains("needs 60.0 MN, press has 40.0 MN", message);
        Assert.Contains("50.0 t exceeds press maximum 30.0 t", message);
    }

    [Fact]
    public void HeatTreatmentInAFurnaceWithoutTheRecipeIsNotACapableResource()
    {
        var plant = Plant();
        plant = plant with { HeatTreatmentFurnaces = [plant.HeatTreatmentFurnaces[0], plant.HeatTreatmentFurnaces[1] with { Recipes = ["N1"] }] };

        var v = OnlyRule("capable_resource", ScheduleValidator.Validate(plant, Book(), Valid(plant)));

        Assert.Contains("does not run recipe 'T1'", Named(v, "B", 5, "HT-2").Message);
    }
}
