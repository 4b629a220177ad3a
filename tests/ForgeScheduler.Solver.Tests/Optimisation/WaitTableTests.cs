using ForgeScheduler.Solver.Optimisation;

namespace ForgeScheduler.Solver.Tests.Optimisation;

public sealed class WaitTableTests
{
    [Theory]
    [InlineData(800.0)]
    [InlineData(1100.0)]
    [InlineData(20.0)]
    public void LongerWaitsNeverShortenHeatingOrSaveEnergy(double releaseC)
    {
        var plant = TestData.SmallPlant();
        var order = TestData.Order("A", releaseTempC: releaseC);

        var table = WaitTable.ForHeating(plant, order, releaseC, 1200);

        Assert.Equal(WaitTable.Edges.Length, table.Count);
        for (var k = 1; k < table.Count; k++)
        {
            Assert.Equal(table[k - 1].ToMin, table[k].FromMin);
            Assert.True(table[k].ChargeTempC <= table[k - 1].ChargeTempC, $"band {k} is hotter than band {k - 1}");
            Assert.True(table[k].DurationMin >= table[k - 1].DurationMin, $"band {k} heats faster than band {k - 1}");
            Assert.True(table[k].EnergyKwhAtUnitEfficiency >= table[k - 1].EnergyKwhAtUnitEfficiency, $"band {k} needs less energy than band {k - 1}");
        }
        // The open last band is a piece gone cold: ambient, full heating time 1.3 + 10·0.8·√0.8 h
        // = 8.4554 h = 507.33 min → ceiling 508, plus the model's minute of margin.
        Assert.Equal(WaitTable.Open, table[^1].ToMin);
        Assert.Equal(20.0, table[^1].ChargeTempC);
        Assert.Equal(509, table[^1].DurationMin);
    }

    [Fact]
    public void FirstHeatingBandChargesAtTheTemperatureReachedAtItsEnd()
    {
        var plant = TestData.SmallPlant();
        var order = TestData.Order("A", releaseTempC: 800);

        var first = WaitTable.ForHeating(plant, order, 800, 1200)[0];

        // Band [0, 5) min. After 5 min in the yard (d 0.8 m, radiation + convection, integrated
        // independently): 780.40 °C. h(780.40) in the 750–800 °C segment: 490 + 40·30.40/50 = 514.32 kJ/kg,
        // so heating takes 1.3 + 7.1554·(760 − 514.32)/760 = 3.6131 h = 216.79 min → ceil + 1 = 218 min.
        // Energy at η = 1: 20 000 kg · 245.68 kJ/kg / 3600 = 1364.9 kWh.
        Assert.Equal(0, first.FromMin);
        Assert.Equal(5, first.ToMin);
        Assert.Equal(780.40, first.ChargeTempC, 1);
        Assert.Equal(218, first.DurationMin);
        Assert.Equal(1364.9, first.EnergyKwhAtUnitEfficiency, 0);
    }

    [Fact]
    public void HeatTreatmentBandsStartAfterTheForgingHasCooledToTheRecipeLimit()
    {
        var plant = TestData.SmallPlant();
        var order = TestData.Order("A");
        var recipe = plant.FindRecipe("N1")!;

        var table = WaitTable.ForHeatTreatment(plant, order, recipe);

        // 850 → 550 °C takes 113.22 min (integrated independently): ceil + 1 = 115 min before the first charge.
        Assert.Equal(115, table[0].FromMin);
        Assert.Equal(120, table[0].ToMin);
        // At 120 min: 539.74 °C, at or under the recipe's 550 °C.
        Assert.Equal(539.74, table[0].ChargeTempC, 1);
        Assert.All(table, b => Assert.Equal(480, b.DurationMin));
        for (var k = 1; k < table.Count; k++)
            Assert.True(table[k].EnergyKwhAtUnitEfficiency >= table[k - 1].EnergyKwhAtUnitEfficiency, $"band {k} needs less energy than band {k - 1}");
    }

    [Fact]
    public void CoolingMinutesMatchTheFeasibilityReportsInverseOfTheCoolingLaw()
    {
        var plant = TestData.SmallPlant();
        var order = TestData.Order("A");

        // 850 → 550 °C for d 0.8 m at 20 °C: 113.22 min by an independent integration of the law; the
        // model rounds up and adds a minute.
        Assert.Equal(113.22, Domain.FeasibilityReport.CoolingMinutes(plant, order, 850, 550), 1);
        Assert.Equal(115, WaitTable.CoolingMinutes(plant, order, 850, 550));
        Assert.Equal(0, WaitTable.CoolingMinutes(plant, order, 500, 550));
    }
}
