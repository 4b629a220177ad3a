using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Rescheduling;
using static ForgeScheduler.Solver.Tests.Rescheduling.RescheduleScenario;

namespace ForgeScheduler.Solver.Tests.Rescheduling;

/// <summary>Events that cannot be applied: the rescheduler names the field and changes nothing.</summary>
public sealed class RescheduleInputTests
{
    private static RescheduleInputException Rejected(params ShopEvent[] events)
    {
        var (plant, book, current) = Setup();
        return Assert.Throws<RescheduleInputException>(() =>
            Rescheduler.Reschedule(plant, book, current, events, TestData.PlanStart.AddHours(2), Options()));
    }

    [Fact]
    public void EventForAnUnknownResourceNamesItsResourceField()
    {
        var e = Rejected(new ResourceUp(TestData.PlanStart.AddHours(1), "HF-1"), new ResourceDown(TestData.PlanStart.AddHours(1), "HF-9", null));

        var p = Assert.Single(e.Problems);
        Assert.Equal("events[1].resource", p.Field);
        Assert.Equal("events[1].resource: unknown resource 'HF-9' on plant 'small'", e.Message);
    }

    [Fact]
    public void OperationOfAnUnknownOrderOrStepNamesTheOrderOrStepField()
    {
        var at = TestData.PlanStart.AddHours(1);
        var e = Rejected(new OperationStarted(at, "Z", 1, "HF-1", null), new OperationFinished(at, "A", 7, null, null),
            new OrderCancelled(at, "Y"));

        Assert.Equal(["events[0].order", "events[1].step", "events[2].id"], e.Problems.Select(p => p.Field));
    }

    [Fact]
    public void EventBeforeThePlanStartsNamesItsAt()
    {
        var e = Rejected(new ResourceDown(TestData.PlanStart.AddMinutes(-10), "HF-1", null));

        Assert.Equal("events[0].at", Assert.Single(e.Problems).Field);
    }

    [Fact]
    public void FinishBeforeTheStartTheFloorReportedIsRejected()
    {
        var at = TestData.PlanStart.AddHours(1);
        var e = Rejected(new OperationStarted(at, "A", 1, "HF-1", null), new OperationFinished(at.AddMinutes(-5), "A", 1, null, null));

        var p = Assert.Single(e.Problems);
        Assert.Equal("events[1].at", p.Field);
        Assert.Contains("before the step's start", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StepStartedOnAResourceThatCannotRunItIsRejected()
    {
        var e = Rejected(new OperationStarted(TestData.PlanStart.AddHours(1), "A", 1, "P-40", null));

        Assert.Equal("events[0].resource", Assert.Single(e.Problems).Field);
    }

    [Fact]
    public void OrderAddedEarlierInTheSameEventsMayBeReportedStarted()
    {
        var (plant, book, current) = Setup();
        var at = TestData.PlanStart.AddHours(1);
        var added = TestData.Order("N") with { Release = at };

        var problems = RescheduleInputs.Check(plant, book, current,
            [new OperationStarted(at.AddMinutes(30), "N", 1, "HF-1", null), new OrderAdded(at, added)]);

        Assert.Empty(problems);
    }
}
