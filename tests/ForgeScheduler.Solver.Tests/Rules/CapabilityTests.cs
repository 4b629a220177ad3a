using ForgeScheduler.Solver.Baseline;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Validation;

namespace ForgeScheduler.Solver.Tests.Rules;

/// <summary>The plant's capability and lateness rules, stated once (Domain/Capability.cs), agree with
/// the independent validator and with what the dispatch rules do.</summary>
public class CapabilityTests
{
    [Fact]
    public void HeatingNeedsMassAndTemperature()
    {
        var order = TestData.Order("A", massT: 90);
        var heat = order.Heats[0];
        var big = TestData.HeatingFurnace("HF-big", capacityT: 100);
        var small = TestData.HeatingFurnace("HF-small", capacityT: 80);
        var cool = big with { MaxTempC = heat.ForgeTempC - 1 };

        Assert.True(Capability.CanHeat(big, order, heat));
        Assert.False(Capability.CanHeat(small, order, heat));
        Assert.False(Capability.CanHeat(cool, order, heat));
    }

    [Fact]
    public void ForgingNeedsForceAndPieceMass()
    {
        var order = TestData.Order("A", massT: 40, minForceMn: 60);
        var heat = order.Heats[0];
        Assert.True(Capability.CanForge(new Press("P", 80, 120, 10, 300), order, heat));
        Assert.False(Capability.CanForge(new Press("P", 40, 120, 10, 300), order, heat));
        Assert.False(Capability.CanForge(new Press("P", 80, 30, 10, 300), order, heat));
    }

    [Fact]
    public void HeatTreatmentNeedsTheRecipeAndTheMass()
    {
        var furnace = TestData.HeatTreatmentFurnace("HT", ["N1"], capacityT: 50);
        Assert.True(Capability.CanTreat(furnace, TestData.Order("A", massT: 50, recipe: "N1")));
        Assert.False(Capability.CanTreat(furnace, TestData.Order("B", massT: 51, recipe: "N1")));
        Assert.False(Capability.CanTreat(furnace, TestData.Order("C", massT: 10, recipe: "T1")));
    }

    [Fact]
    public void EveryAssignmentOfTheDispatcherIsCapableAndTheValidatorAgrees()
    {
        var plant = TestData.SmallPlant();
        var book = TestData.Book(TestData.Order("A", massT: 20), TestData.Order("B", massT: 25, recipe: "T1"), TestData.Order("C", massT: 10, minForceMn: 60));
        var schedule = BaselineDispatcher.Dispatch(plant, book);

        Assert.Empty(ScheduleValidator.Validate(plant, book, schedule));
        foreach (var op in schedule.Operations)
        {
            var order = book.Orders.Single(o => o.Id == op.Order);
            if (plant.FindPress(op.Resource) is { } press) Assert.Contains(order.Heats, h => Capability.CanForge(press, order, h));
            else if (plant.HeatingFurnaces.FirstOrDefault(f => f.Id == op.Resource) is { } hf) Assert.Contains(order.Heats, h => Capability.CanHeat(hf, order, h));
            else Assert.True(Capability.CanTreat(plant.FindFurnace(op.Resource)!, order), $"{op.Order} on {op.Resource}");
        }
    }

    [Theory]
    [InlineData(0.5, false)]
    [InlineData(1.0, false)]
    [InlineData(1.5, true)]
    [InlineData(90, true)]
    public void LateOnlyBeyondTheToleranceButTardinessCountsEveryMinute(double minutesAfterDue, bool late)
    {
        var due = TestData.PlanStart.AddHours(10);
        var end = due.AddMinutes(minutesAfterDue);
        Assert.Equal(late, Lateness.IsLate(end, due));
        Assert.Equal(minutesAfterDue / 60, Lateness.TardinessHours(end, due), 1e-9);
        Assert.Equal(0, Lateness.TardinessHours(due.AddHours(-3), due));
    }
}
