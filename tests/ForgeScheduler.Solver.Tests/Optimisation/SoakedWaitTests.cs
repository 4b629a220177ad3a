using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Kpis;
using ForgeScheduler.Solver.Optimisation;
using ForgeScheduler.Solver.Validation;

namespace ForgeScheduler.Solver.Tests.Optimisation;

/// <summary>Hot ingots that wait in a hot furnace rather than cool in the yard (issue 12, model
/// fidelity): a heated piece may stay in its furnace at forging temperature until the press is free.</summary>
public sealed class SoakedWaitTests
{
    /// <summary>Three hot ingots (900 °C) arrive together; one furnace, one press, three hours of
    /// forging each: the second and third piece have to wait for the press somewhere.</summary>
    private static (Plant Plant, OrderBook Book) ThreeHotIngotsOnePress()
    {
        var start = TestData.PlanStart;
        var plant = TestData.SmallPlant(
        [
            new Downtime("HF-2", start, start.AddHours(200)),
            new Downtime("P-40", start, start.AddHours(200)),
        ]);
        Order Hot(string id) => TestData.Order(id, massT: 20, releaseTempC: 900, dueHours: 72) with
        {
            Heats = [new ForgingHeat(1200, 180, 30, 850)],
        };
        return (plant, TestData.Book(Hot("A"), Hot("B"), Hot("C")));
    }

    private static (Schedule Schedule, KpiReport Kpis) Solve(int soakedWaitMax)
    {
        var (plant, book) = ThreeHotIngotsOnePress();
        var result = CpSatScheduler.Solve(plant, book, new CpSatOptions
        {
            Workers = 1, Seed = 2, DeterministicTime = 3.0, LnsShare = 0, SoakedWaitMaxMinutes = soakedWaitMax,
        });
        Assert.Empty(ScheduleValidator.Validate(plant, book, result.Schedule));
        return (result.Schedule, KpiCalculator.Compute(plant, book, result.Schedule));
    }

    private static IEnumerable<ScheduledOperation> Heats(Schedule s) => s.Operations.Where(o => o.Kind == OperationKind.Heat);

    [Fact]
    public void HotIngotsAreChargedOnArrivalAndHeldUntilThePressIsFree()
    {
        var (schedule, kpis) = Solve(soakedWaitMax: 480);

        // Each ingot goes in as it arrives (within the model's first waiting band), near its 900 °C, and the later ones soak until the press frees.
        Assert.All(Heats(schedule), h => Assert.True((h.Start - TestData.PlanStart).TotalMinutes <= 5, $"{h.Order} charged at {h.Start:HH:mm}"));
        Assert.All(Heats(schedule), h => Assert.True(h.ChargeTempC >= 870, $"{h.Order} charged at {h.ChargeTempC:F0} °C"));
        var longest = Heats(schedule).Max(h => (h.End - h.Start).TotalMinutes);
        var shortest = Heats(schedule).Min(h => (h.End - h.Start).TotalMinutes);
        Assert.True(longest >= shortest + 300, $"heats last {shortest:F0}–{longest:F0} min: the last piece waits two forgings in the furnace");
        Assert.Equal(1.0, kpis.HotChargeRatio, 3);
    }

    [Fact]
    public void WithoutSoakedWaitsTheLaterIngotsCoolInTheYardAndCostMoreSteelHeat()
    {
        var (held, heldKpis) = Solve(soakedWaitMax: 480);
        var (yard, yardKpis) = Solve(soakedWaitMax: 0);

        // Without the option a heat lasts exactly its heating time, so a piece waiting for the press
        // waits in the yard and goes in cooler.
        Assert.Contains(Heats(yard), h => h.ChargeTempC < 850);
        var steelHeld = held.Operations.Where(o => o.Kind == OperationKind.Heat).Sum(o => o.EnergyKwh);
        var steelYard = yard.Operations.Where(o => o.Kind == OperationKind.Heat).Sum(o => o.EnergyKwh);
        Assert.True(steelHeld < steelYard * 0.97, $"steel heat held {steelHeld:F0} kWh, from the yard {steelYard:F0} kWh");
        Assert.True(heldKpis.Co2Kg < yardKpis.Co2Kg, $"CO2 held {heldKpis.Co2Kg:F0} kg, from the yard {yardKpis.Co2Kg:F0} kg");
    }
}
