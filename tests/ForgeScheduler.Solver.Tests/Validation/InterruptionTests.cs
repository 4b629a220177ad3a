using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Evaluation;
using ForgeScheduler.Solver.Validation;
using static ForgeScheduler.Solver.Tests.Validation.Scenario;

namespace ForgeScheduler.Solver.Tests.Validation;

/// <summary>An interrupted heat (its furnace tripped) as data the evaluator and validator understand:
/// B's first heat in HF-2 stops after an hour; B is heated again from 10:00, three hours after its release.</summary>
public sealed class InterruptionTests
{
    private static readonly DateTimeOffset Redo = B.Release.AddHours(3);

    private static ScheduledOperation Cut(Plant plant) =>
        new("B", 1, OperationKind.Heat, "HF-2", "HF-2-B-cut", B.Release, B.Release.AddMinutes(60), double.NaN, 0, Carrier.Electric) { Interrupted = true };

    /// <summary>A, B and C as in the valid day, B's route from 10:00 with an interrupted first heat before it.</summary>
    private static Schedule WithCut(Plant plant)
    {
        var routeB = RouteB(plant) with { FirstHeatStart = Redo };
        var schedule = ScheduleOf(plant, RouteA(plant), routeB, RouteC(plant));
        // The route's stated charge temperatures assume no interruption: leave B's first one to physics.
        schedule = Change(schedule, "B", 1, o => o with { ChargeTempC = double.NaN });
        return Add(schedule, Cut(plant));
    }

    [Fact]
    public void InterruptedHeatLeavesThePieceAtTheTemperatureItReachedAndTheRedoStartsFromThere()
    {
        var plant = Plant();
        var ops = WithCut(plant).Operations.Where(o => o.Order == "B").ToList();

        var evaluated = ScheduleEvaluator.EvaluateOrder(plant, B, ops);

        var cut = evaluated.Single(e => e.Operation.Interrupted);
        var redo = evaluated.Single(e => e.Operation.Step == 1 && !e.Operation.Interrupted);
        // Charged at 800 °C (no wait); it needs R minutes to 1200 °C and had 60 of them:
        // reached = 800 + (1200 − 800) · 60 / R. R ≈ 1.3 h soak + 7.155 h · (760 − 530) / (760 − 0) ≈ 207.9 min → ≈ 915.4 °C (B is 0.8 m, cold heating 10·0.8·√0.8 h).
        Assert.Equal(800, cut.ChargeTempC, 3);
        Assert.InRange(cut.RequiredMinutes, 207.4, 208.4);
        Assert.Equal(800 + 400 * 60 / cut.RequiredMinutes, cut.ExitTempC, 6);
        Assert.InRange(cut.ExitTempC, 914, 917);
        // Its energy takes it from 800 °C to where it stopped, not to 1200 °C.
        Assert.True(cut.EnergyKwh < redo.EnergyKwh + cut.EnergyKwh && cut.EnergyKwh > 0);
        // The redo is charged at what the yard law leaves of that after the two hours between.
        var cooledFromReached = ScheduleEvaluator.EvaluateOrder(plant, B with { Release = cut.Operation.End, ReleaseTempC = cut.ExitTempC },
            [ops.Single(o => o.Step == 1 && !o.Interrupted)])[0];
        Assert.Equal(cooledFromReached.ChargeTempC, redo.ChargeTempC, 6);
        Assert.Equal(120, redo.WaitMinutes, 6);
        Assert.True(redo.ChargeTempC < cut.ExitTempC && redo.ChargeTempC > plant.AmbientC);
    }

    [Fact]
    public void ScheduleWithAnInterruptedHeatAndItsRedoIsValid()
    {
        var plant = Plant();
        Assert.Empty(ScheduleValidator.Validate(plant, Book(), WithCut(plant)));
    }

    [Fact]
    public void InterruptionAfterTheStepIsStartedAgainIsRejected()
    {
        var plant = Plant();
        var late = WithCut(plant);
        late = late with
        {
            Operations = late.Operations.Select(o => o.Interrupted ? o with { Start = Redo.AddMinutes(-30), End = Redo.AddMinutes(30) } : o).ToList(),
        };

        var v = Named(ScheduleValidator.Validate(plant, Book(), late), "B", 1, "HF-2");

        Assert.Equal("interruption", v.Rule);
    }

    [Fact]
    public void ForgingCannotBeInterrupted()
    {
        var plant = Plant();
        var forge = Op(WithCut(plant), "A", 2);
        var schedule = Add(WithCut(plant), forge with { Start = forge.Start.AddMinutes(-1), End = forge.Start.AddMinutes(-1), Interrupted = true });

        var violations = ScheduleValidator.Validate(plant, Book(), schedule);

        Assert.Contains(violations, v => v.Rule == "interruption" && v.Order == "A" && v.Step == 2);
    }
}
