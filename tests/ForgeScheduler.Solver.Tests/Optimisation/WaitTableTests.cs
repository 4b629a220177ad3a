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
        // The open last band is a piece gone cold: ambient, full heating time 1.3 + 6.8 h = 486 min;
        // 60·8.1 is 486.00000000000006 in floating point, so the ceiling is 487, plus the model's
        // minute of margin.
        Assert.Equal(WaitTable.Open, table[^1].ToMin);
        Assert.Equal(20.0, table[^1].ChargeTempC);
        Assert.Equal(488, table[^1].DurationMin);
    }

    [Fact]
    public void FirstHeatingBandChargesAtTheTemperatureReachedAtItsEnd()
    {
        var plant = TestData.SmallPlant();
        var order = TestData.Order("A", releaseTempC: 800);

        var first = WaitTable.ForHeating(plant, order, 800, 1200)[0];

        // Band [0, 5) min. τ = 3.4722 h; after 5 min: 20 + 780·exp(−(5/60)/3.4722) = 781.503 °C.
        // h(781.503) in the 750–800 °C segment: 490 + 40·31.503/50 = 515.202 kJ/kg, so heating takes
        // 1.3 + 6.8·(760 − 515.202)/760 = 3.4903 h = 209.42 min → ceil + 1 = 211 min.
        // Energy at η = 1: 20 000 kg · 244.798 kJ/kg / 3600 = 1359.99 kWh.
        Assert.Equal(0, first.FromMin);
        Assert.Equal(5, first.ToMin);
        Assert.Equal(781.503, first.ChargeTempC, 3);
        Assert.Equal(211, first.DurationMin);
        Assert.Equal(1359.99, first.EnergyKwhAtUnitEfficiency, 2);
    }

    [Fact]
    public void HeatTreatmentBandsStartAfterTheForgingHasCooledToTheRecipeLimit()
    {
        var plant = TestData.SmallPlant();
        var order = TestData.Order("A");
        var recipe = plant.FindRecipe("N1")!;

        var table = WaitTable.ForHeatTreatment(plant, order, recipe);

        // 850 → 550 °C takes 93.448 min: ceil + 1 = 95 min before the first charge.
        Assert.Equal(95, table[0].FromMin);
        Assert.Equal(100, table[0].ToMin);
        // At 100 min: 20 + 830·exp(−(100/60)/3.4722) = 533.59 °C, at or under the recipe's 550 °C.
        Assert.Equal(533.59, table[0].ChargeTempC, 2);
        Assert.All(table, b => Assert.Equal(480, b.DurationMin));
        for (var k = 1; k < table.Count; k++)
            Assert.True(table[k].EnergyKwhAtUnitEfficiency >= table[k - 1].EnergyKwhAtUnitEfficiency, $"band {k} needs less energy than band {k - 1}");
    }

    [Fact]
    public void CoolingMinutesMatchTheFeasibilityReportsInverseOfNewton()
    {
        var plant = TestData.SmallPlant();
        var order = TestData.Order("A");

        // τ·ln((850 − 20)/(550 − 20)) = 93.448 min; the model rounds up and adds a minute.
        Assert.Equal(93.448, Domain.FeasibilityReport.CoolingMinutes(plant, order, 850, 550), 3);
        Assert.Equal(95, WaitTable.CoolingMinutes(plant, order, 850, 550));
        Assert.Equal(0, WaitTable.CoolingMinutes(plant, order, 500, 550));
    }
}
