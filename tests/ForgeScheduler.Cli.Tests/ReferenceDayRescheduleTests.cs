using ForgeScheduler.Formats;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Optimisation;
using ForgeScheduler.Solver.Rescheduling;
using ForgeScheduler.Solver.Validation;

namespace ForgeScheduler.Cli.Tests;

/// <summary>The cases of issue 13 on the reference day (30 orders) planned by CP-SAT with one worker
/// and a deterministic budget: a heat-treatment furnace tripping 14 h in, and asking again with no events.</summary>
public sealed class ReferenceDayRescheduleTests
{
    private static readonly Lazy<(Plant Plant, OrderBook Book, Schedule Plan)> Day = new(() =>
    {
        var plant = PlantFile.Load(RepositoryFiles.ReferencePlant);
        var book = OrdersFile.Load(RepositoryFiles.Path("datasets", "reference", "orders-day.json"), plant);
        var plan = CpSatScheduler.Solve(plant, book, new CpSatOptions { TimeLimitSeconds = 60, Workers = 1, Seed = 1, DeterministicTime = 3 }).Schedule;
        return (plant, book, plan);
    });

    private static RescheduleOptions Options => new()
    {
        Solver = new CpSatOptions { TimeLimitSeconds = 60, Workers = 1, Seed = 1, DeterministicTime = 1 },
    };

    [Fact]
    public void HeatTreatmentFurnaceTrippingFourteenHoursInGivesAValidPlan()
    {
        var (plant, book, plan) = Day.Value;
        var at = book.PlanStart.AddHours(14);
        var until = at.AddHours(12);
        Assert.Contains(plan.Operations, o => o.Resource == "HT-G3" && o.End > at && o.Start < until); // the trip hits planned work

        var result = Rescheduler.Reschedule(plant, book, plan, [new ResourceDown(at, "HT-G3", until)], at, Options);

        Assert.False(result.FellBack, string.Join("; ", result.Notes));
        Assert.Empty(ScheduleValidator.Validate(result.Plant, result.Orders, result.NewSchedule));
        Assert.DoesNotContain(result.NewSchedule.Operations, o => o.Resource == "HT-G3" && !o.Interrupted && o.End > at && o.Start < until);
        Assert.All(result.NewSchedule.Operations.Where(o => o.Interrupted), o => Assert.Equal(("HT-G3", at), (o.Resource, o.End)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(195)]
    public void AskingAgainWithoutEventsMovesNothing(int minutesIn)
    {
        var (plant, book, plan) = Day.Value;

        var result = Rescheduler.Reschedule(plant, book, plan, [], book.PlanStart.AddMinutes(minutesIn), Options);

        Assert.Equal(0, result.Diff.Changed);
        Assert.Equal(plan.Operations.Count, result.Diff.Unchanged);
        Assert.Empty(ScheduleValidator.Validate(result.Plant, result.Orders, result.NewSchedule));
    }
}
