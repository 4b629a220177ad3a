using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Validation;
using static ForgeScheduler.Solver.Tests.Validation.Scenario;

namespace ForgeScheduler.Solver.Tests.Validation;

public class ValidScheduleTests
{
    [Fact]
    public void HandBuiltScheduleOfTwoOrdersHasNoViolations()
    {
        var plant = Plant();
        var schedule = ScheduleOf(plant, RouteA(plant), RouteB(plant));

        var violations = ScheduleValidator.Validate(plant, TestData.Book(A, B), schedule);

        Assert.Equal(2 * 1 + 1 + 2 * 2 + 1, schedule.Operations.Count);
        Assert.All(schedule.Operations, op => Assert.False(double.IsNaN(op.ChargeTempC))); // claims are checked too
        Assert.Empty(violations);
    }

    [Fact]
    public void PiecesSharingAHeatingFurnaceAndAnHtChargeWithinCapacityAreValid()
    {
        var plant = Plant();
        var schedule = Valid(plant);

        // The scenario really shares: A and C inside HF-1 together, C forging the minute A ends,
        // one HT-1 charge of two normalise pieces.
        Assert.True(Op(schedule, "C", 1).Start < Op(schedule, "A", 1).End);
        Assert.Equal(Op(schedule, "A", 2).End, Op(schedule, "C", 2).Start);
        Assert.Equal(Op(schedule, "A", 3).Charge, Op(schedule, "C", 3).Charge);
        Assert.Equal(Op(schedule, "A", 3).Start, Op(schedule, "C", 3).Start);

        Assert.Empty(ScheduleValidator.Validate(plant, Book(), schedule));
    }

    [Fact]
    public void ThousandOrderScheduleValidatesClean()
    {
        var plant = Plant();
        var orders = Enumerable.Range(0, 1000)
            .Select(i => TestData.Order($"O{i}", releaseHours: 5 * i, dueHours: 5 * i + 48))
            .ToArray();
        var routes = orders.Select((o, i) => new PieceRoute(o, "HF-1", "P-40", i % 2 == 0 ? "HT-1" : "HT-2", $"HT-{i}")
        {
            HeatTreatmentWaitMinutes = 120,
        }).ToArray();
        var schedule = ScheduleOf(plant, routes);
        var book = TestData.Book(orders);

        var violations = ScheduleValidator.Validate(plant, book, schedule);

        // Its speed is measured by `forge bench --cases speed`, not asserted here.
        Assert.Equal(3000, schedule.Operations.Count);
        Assert.Empty(violations);
    }
}
