using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Validation;
using static ForgeScheduler.Solver.Tests.Validation.Scenario;

namespace ForgeScheduler.Solver.Tests.Validation;

public class TimingRuleTests
{
    private static IReadOnlyList<Violation> Validate(Plant plant, params PieceRoute[] routes) =>
        ScheduleValidator.Validate(plant, Book(), ScheduleOf(plant, routes));

    [Fact]
    public void FirstHeatBeforeReleaseBreaksRelease()
    {
        var plant = Plant();
        var early = RouteB(plant) with { FirstHeatStart = B.Release.AddMinutes(-30) };

        var v = OnlyRule("release", Validate(plant, RouteA(plant), early, RouteC(plant)));

        Assert.Contains("30.0 min before the order is released", Named(v, "B", 1, "HF-2").Message);
    }

    [Fact]
    public void ForgingBeforeTheHeatEndsBreaksPrecedence()
    {
        var plant = Plant();
        var valid = Valid(plant);
        var forgeStart = Op(valid, "A", 2).Start;
        // The heat runs on 5 min into the forging; the forge claim is dropped because it no longer
        // matches a piece that leaves the furnace later.
        var schedule = Change(Change(valid, "A", 1, o => o with { End = forgeStart.AddMinutes(5) }),
            "A", 2, o => o with { ChargeTempC = double.NaN });

        var v = OnlyRule("precedence", ScheduleValidator.Validate(plant, Book(), schedule));

        Assert.Contains("5.0 min before step 1 ends", Named(v, "A", 2, "P-40").Message);
    }

    [Fact]
    public void SlowTransferFromFurnaceToPressBreaksTransferWindow()
    {
        var plant = Plant();
        var slow = RouteB(plant) with { TransferMinutes = 15 };

        var v = OnlyRule("transfer_window", Validate(plant, RouteA(plant), slow, RouteC(plant)));

        Assert.Contains("15.0 min after the heat ends", Named(v, "B", 2, "P-80").Message);
        Named(v, "B", 4, "P-80");
    }

    [Fact]
    public void HeatShorterThanPhysicsRequiresBreaksDuration()
    {
        var plant = Plant();
        var shortHeat = RouteA(plant) with { HeatSlackMinutes = -5 };

        var v = OnlyRule("duration", Validate(plant, shortHeat, RouteB(plant), RouteC(plant)));

        var required = Evaluation.ScheduleEvaluator.HeatingMinutes(plant, A, 1200, 800);
        Assert.Contains($"heats {Scenario.HeatMinutesA(plant) - 5:F1} min", Named(v, "A", 1, "HF-1").Message);
        Assert.Contains($"needs {required:F1} min", Named(v, "A", 1, "HF-1").Message);
    }

    [Fact]
    public void ForgingShorterThanPressMinutesBreaksDuration()
    {
        var plant = Plant();
        var shortForge = RouteA(plant) with { ForgeCutMinutes = 10 };

        var v = OnlyRule("duration", Validate(plant, shortForge, RouteB(plant), RouteC(plant)));

        Assert.Contains("forges 30.0 min; heat 1 needs 40.0 min", Named(v, "A", 2, "P-40").Message);
    }

    [Fact]
    public void HeatTreatmentShorterThanTheRecipeCycleBreaksDuration()
    {
        var schedule = Change(Valid(Plant()), "B", 5, o => o with { End = o.End.AddMinutes(-60) });

        var v = OnlyRule("duration", ScheduleValidator.Validate(Plant(), Book(), schedule));

        Assert.Contains("540.0 min; recipe T1 cycle is 600.0 min", Named(v, "B", 5, "HT-2").Message);
    }
}
