using ForgeScheduler.Solver.Baseline;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Optimisation;
using ForgeScheduler.Solver.Rescheduling;
using ForgeScheduler.Solver.Validation;

namespace ForgeScheduler.Solver.Tests.Rescheduling;

/// <summary>The small plant with five orders planned by today's practice: the plan in force that the
/// rescheduling tests disturb. Fixed dates, one CP-SAT worker, a deterministic budget.</summary>
internal static class RescheduleScenario
{
    public static RescheduleOptions Options(bool improve = false, double kgPerMinute = 1.0, double kgPerMove = 30.0) => new()
    {
        Improve = improve,
        StabilityKgPerMinuteMoved = kgPerMinute,
        StabilityKgPerReassignment = kgPerMove,
        Solver = new CpSatOptions { TimeLimitSeconds = 20, Workers = 1, Seed = 1, DeterministicTime = 2 },
    };

    public static OrderBook Book() => TestData.Book(
        TestData.Order("A", releaseHours: 0, dueHours: 30),
        TestData.Order("B", releaseHours: 1, dueHours: 32, massT: 15),
        TestData.Order("C", releaseHours: 2, dueHours: 34, heats: 2, recipe: "T1"),
        TestData.Order("D", releaseHours: 4, dueHours: 40, massT: 25),
        TestData.Order("E", releaseHours: 6, dueHours: 44, massT: 10, recipe: "T1"));

    public static (Plant Plant, OrderBook Book, Schedule Current) Setup()
    {
        var plant = TestData.SmallPlant();
        var book = Book();
        var current = CpSatScheduler.Complete(plant, book, BaselineDispatcher.Dispatch(plant, book));
        Assert.Empty(ScheduleValidator.Validate(plant, book, current));
        return (plant, book, current);
    }

    /// <summary>Now: half an hour after the second heat of the plan started.</summary>
    public static DateTimeOffset Now(Schedule current) =>
        current.Operations.Where(o => o.Kind == OperationKind.Heat).Select(o => o.Start).Order().Skip(1).First().AddMinutes(30);

    /// <summary>Every rule the validator finds, against the plant and book the reschedule made the plan for.</summary>
    public static IReadOnlyList<Violation> Violations(RescheduleResult result) =>
        ScheduleValidator.Validate(result.Plant, result.Orders, result.NewSchedule);

    public static string Describe(RescheduleResult result) =>
        string.Join("; ", result.Notes) + " | " + string.Join("; ", Violations(result));
}
