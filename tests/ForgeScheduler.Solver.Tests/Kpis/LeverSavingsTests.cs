using ForgeScheduler.Formats;
using ForgeScheduler.Solver.Baseline;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Kpis;
using ForgeScheduler.Solver.Tests.Generation;

namespace ForgeScheduler.Solver.Tests.Kpis;

/// <summary>Savings by lever (docs/kpis.md#savings-by-lever): the levers add up to the KPI calculator's
/// own difference, and each lever answers to the difference it names.</summary>
public sealed class LeverSavingsTests
{
    private static readonly Plant Reference = PlantFile.Load(RepositoryFiles.ReferencePlant);
    private static readonly OrderBook Day = OrdersFile.Load(RepositoryFiles.Path("datasets", "reference", "orders-day.json"), Reference);

    public static TheoryData<string, string> RulePairs => new()
    {
        { "plant-order", "smallest-gas-first" },
        { "smallest-gas-first", "co-load" },
        { "co-load", "lowest-marginal" },
        { "lowest-marginal", "plant-order" },
    };

    [Theory]
    [MemberData(nameof(RulePairs))]
    public void LeversSumToTheTotalDifference(string baselineRule, string planRule)
    {
        var baseline = BaselineDispatcher.Dispatch(Reference, Day, DispatchRule.Find(baselineRule)!);
        var plan = BaselineDispatcher.Dispatch(Reference, Day, DispatchRule.Find(planRule)!);
        var levers = LeverSavings.Compute(Reference, Day, baseline, plan);
        var b = KpiCalculator.Compute(Reference, Day, baseline);
        var p = KpiCalculator.Compute(Reference, Day, plan);

        Assert.Equal(b.Co2Kg - p.Co2Kg, levers.Co2SavedKg, 6);
        Assert.Equal(b.EnergyKwh - p.EnergyKwh, levers.EnergySavedKwh, 6);
        Assert.Equal(levers.Co2SavedKg, levers.Levers.Sum(l => l.Co2SavedKg), 6);
        Assert.Equal(levers.EnergySavedKwh, levers.Levers.Sum(l => l.EnergySavedKwh), 6);
        Assert.Equal(6, levers.Levers.Count);
        // Energy is not priced by the hour: timing moves CO2 only.
        Assert.Equal(0, levers.Levers.Single(l => l.Key == LeverSavings.ElectricTiming).EnergySavedKwh);
        // The rules differ: some lever moves.
        Assert.Contains(levers.Levers, l => Math.Abs(l.Co2SavedKg) > 1);
    }

    [Fact]
    public void SameScheduleSavesNothingOnAnyLever()
    {
        var schedule = BaselineDispatcher.Dispatch(Reference, Day);
        var levers = LeverSavings.Compute(Reference, Day, schedule, schedule);
        Assert.All(levers.Levers, l =>
        {
            Assert.Equal(0, l.Co2SavedKg, 9);
            Assert.Equal(0, l.EnergySavedKwh, 9);
        });
    }

    [Fact]
    public void PlantOrderAgainstTheBestRuleSavesOnFurnaceChoice()
    {
        // plant-order fills the first capable furnace in file order; smallest-gas-first picks furnaces
        // by size: the difference shows up as furnace choice (and consolidation), not as press energy.
        var baseline = BaselineDispatcher.Dispatch(Reference, Day, DispatchRule.PlantOrder);
        var plan = BaselineDispatcher.Dispatch(Reference, Day, DispatchRule.SmallestGasFirst);
        var levers = LeverSavings.Compute(Reference, Day, baseline, plan).Levers.ToDictionary(l => l.Key);
        var presses = Math.Abs(levers[LeverSavings.Presses].EnergySavedKwh);
        var furnaces = Math.Abs(levers[LeverSavings.FurnaceChoice].EnergySavedKwh) + Math.Abs(levers[LeverSavings.Consolidation].EnergySavedKwh);
        Assert.True(furnaces > presses, $"furnace choice + consolidation {furnaces:N0} kWh vs presses {presses:N0} kWh");
    }
}
