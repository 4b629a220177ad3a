using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Validation;
using static ForgeScheduler.Solver.Tests.Validation.Scenario;

namespace ForgeScheduler.Solver.Tests.Validation;

public class ResourceRuleTests
{
    private static Plant WithHeatingFurnace1(Plant plant, Func<Furnace, Furnace> change) =>
        plant with { HeatingFurnaces = [change(plant.HeatingFurnaces[0]), plant.HeatingFurnaces[1]] };

    private static Plant WithHeatTreatmentFurnace1(Plant plant, Func<Furnace, Furnace> change) =>
        plant with { HeatTreatmentFurnaces = [change(plant.HeatTreatmentFurnaces[0]), plant.HeatTreatmentFurnaces[1]] };

    [Fact]
    public void TwoPiecesOnOnePressAtOnceBreakPressOverlap()
    {
        var plant = Plant();
        // C leaves the furnace 20 min earlier and reaches P-40 while A is still forged.
        var early = RouteC(plant) with { HeatSlackMinutes = 20 };

        var v = OnlyRule("press_overlap", ScheduleValidator.Validate(plant, Book(), ScheduleOf(plant, RouteA(plant), RouteB(plant), early)));

        Assert.Single(v);
        Assert.Contains("order A step 2 is on the press", Named(v, "C", 2, "P-40").Message);
        Assert.Contains("20.0 min overlap", v[0].Message);
    }

    [Fact]
    public void PiecesOverTheFurnaceTonnageBreakFurnaceCapacity()
    {
        var plant = WithHeatingFurnace1(Plant(), f => f with { CapacityTonnes = 30 });

        var v = OnlyRule("furnace_capacity", ScheduleValidator.Validate(plant, Book(), Valid(plant)));

        Assert.Single(v);
        Assert.Contains("holds up to 40.0 t, capacity 30.0 t (inside: A, C)", Named(v, "C", 1, "HF-1").Message);
    }

    [Fact]
    public void PiecesOverTheFurnacePieceCountBreakFurnaceCapacity()
    {
        var plant = WithHeatingFurnace1(Plant(), f => f with { CapacityPieces = 1 });

        var v = OnlyRule("furnace_capacity", ScheduleValidator.Validate(plant, Book(), Valid(plant)));

        Assert.Contains("holds up to 2 pieces, capacity 1 pieces", Named(v, "C", 1, "HF-1").Message);
    }

    [Fact]
    public void PieceOfAChargeStartingLaterBreaksBatchSync()
    {
        var plant = Plant();
        var late = RouteC(plant) with { HeatTreatmentStart = BatchStart(plant).AddMinutes(30) };

        var v = OnlyRule("batch_sync", ScheduleValidator.Validate(plant, Book(), ScheduleOf(plant, RouteA(plant), RouteB(plant), late)));

        Assert.Contains("for order A", Named(v, "C", 3, "HT-1").Message);
    }

    [Fact]
    public void TwoBatchingGroupsInOneChargeBreakBatchGroup()
    {
        // Q1 is a normalising cycle of another batching group that HT-1 also runs.
        var plant = WithHeatTreatmentFurnace1(Plant(), f => f with { Recipes = [.. f.Recipes, "Q1"] });
        plant = plant with { Recipes = [.. plant.Recipes, new Recipe("Q1", 880, 8, 550, "quench")] };
        var quenched = Scenario.C with { HeatTreatment = "Q1" };
        var routeC = RouteC(plant) with { Order = quenched };

        var v = OnlyRule("batch_group", ScheduleValidator.Validate(plant, TestData.Book(A, B, quenched), ScheduleOf(plant, RouteA(plant), RouteB(plant), routeC)));

        Assert.Contains("mixes group 'quench' (recipe Q1) with group 'normalise' of order A", Named(v, "C", 3, "HT-1").Message);
    }

    [Fact]
    public void ChargeOverTheFurnaceTonnageBreaksBatchCapacity()
    {
        var plant = WithHeatTreatmentFurnace1(Plant(), f => f with { CapacityTonnes = 30 });

        var v = OnlyRule("batch_capacity", ScheduleValidator.Validate(plant, Book(), Valid(plant)));

        Assert.Single(v);
        Assert.Contains("holds 2 pieces, 40.0 t; HT-1 takes 6 pieces, 30.0 t", Named(v, "C", 3, "HT-1").Message);
    }

    [Fact]
    public void TwoChargesOverlappingInOneFurnaceBreakBatchOverlap()
    {
        var plant = Plant();
        var ownCharge = RouteC(plant) with { Charge = "HT-1-2", HeatTreatmentStart = BatchStart(plant).AddMinutes(60) };

        var v = OnlyRule("batch_overlap", ScheduleValidator.Validate(plant, Book(), ScheduleOf(plant, RouteA(plant), RouteB(plant), ownCharge)));

        Assert.Single(v);
        Assert.Contains("overlaps charge HT-1-1", Named(v, "C", 3, "HT-1").Message);
        Assert.Contains("by 420.0 min", v[0].Message);
    }

    [Fact]
    public void ForgingDuringPressDowntimeBreaksDowntime()
    {
        var schedule = Valid(Plant());
        var forge = Op(schedule, "B", 2);
        var plant = TestData.SmallPlant([new Downtime("P-80", forge.Start.AddMinutes(10), forge.Start.AddMinutes(25))]);

        var v = OnlyRule("downtime", ScheduleValidator.Validate(plant, Book(), schedule));

        Assert.Single(v);
        Assert.Contains("15.0 min inside downtime of P-80", Named(v, "B", 2, "P-80").Message);
    }

    [Fact]
    public void OperationTouchingADowntimeWindowIsAllowed()
    {
        var schedule = Valid(Plant());
        var forge = Op(schedule, "B", 2);
        var plant = TestData.SmallPlant([new Downtime("P-80", forge.End, forge.End.AddHours(1))]);

        Assert.Empty(ScheduleValidator.Validate(plant, Book(), schedule));
    }
}
