using ForgeScheduler.Solver.Baseline;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.WhatIf;

namespace ForgeScheduler.Solver.Tests.WhatIf;

/// <summary>A burner retrofit as the change studied (issue 12): only the named furnace's η, holding and
/// restart change, and the study prices it against the plant as it is.</summary>
public class BurnerRetrofitTests
{
    private static OrderBook Book() => TestData.Book(
        TestData.Order("A", massT: 20, recipe: "N1"),
        TestData.Order("B", massT: 15, releaseTempC: null, recipe: "T1"),
        TestData.Order("C", massT: 25, releaseHours: 1, recipe: "N1"));

    [Fact]
    public void RetrofitChangesOnlyTheNamedFurnaceAndOnlyTheFiguresGiven()
    {
        var plant = TestData.SmallPlant();
        var (changed, done) = FurnaceRetrofit.Apply(plant, [new BurnerRetrofit("HF-1") { Efficiency = 0.62 }]);

        var hf1 = changed.FindFurnace("HF-1")!;
        Assert.Equal(0.62, hf1.Efficiency);
        Assert.Equal(300, hf1.HoldingKw);
        Assert.Equal(3000, hf1.RestartKwh);
        Assert.Equal(Carrier.Gas, hf1.Carrier);
        Assert.Equal(plant.FindFurnace("HF-2"), changed.FindFurnace("HF-2"));
        Assert.Equal(plant.FindFurnace("HT-1"), changed.FindFurnace("HT-1"));
        var single = Assert.Single(done);
        Assert.Equal(0.5, single.Before.Efficiency);
    }

    [Theory]
    [InlineData("HF-9", null, "HF-9")]
    [InlineData("P-40", null, "P-40")]
    [InlineData("HF-1", 0.0, "HF-1.eta")]
    [InlineData("HF-1", 1.2, "HF-1.eta")]
    public void BadRetrofitNamesTheFieldAtFault(string id, double? eta, string field)
    {
        var plant = TestData.SmallPlant();
        var retrofit = new BurnerRetrofit(id) { Efficiency = eta, HoldingKw = eta is null ? 100 : null };
        var e = Assert.Throws<RetrofitException>(() => FurnaceRetrofit.Apply(plant, [retrofit]));
        Assert.Equal(field, e.Field);
    }

    [Fact]
    public void RetrofitWithNothingToChangeIsRefused()
    {
        var e = Assert.Throws<RetrofitException>(() => FurnaceRetrofit.Apply(TestData.SmallPlant(), [new BurnerRetrofit("HF-1")]));
        Assert.Contains("eta, holding_kw, restart_kwh", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RetrofittingTheGasHeatTreatmentFurnaceSavesGasOnlyAndPaysBackInTonnes()
    {
        // Today's practice on both plants, so both schedules load the gas HT-1 the same way.
        var request = new ElectrificationRequest([])
        {
            Retrofits = [new BurnerRetrofit("HT-1") { Efficiency = 0.65, HoldingKw = 150 }],
            Investment = 100_000,
        };
        var result = ElectrificationStudy.Run(TestData.SmallPlant(), Book(), request,
            (plant, book) => new ScheduledCase(BaselineDispatcher.Dispatch(plant, book), []));
        var (asIs, after) = (result.AsIs.Kpis, result.Electrified.Kpis);

        Assert.Equal("retrofitted", result.ChangeName);
        Assert.Empty(result.Converted);
        Assert.True(asIs.EnergyKwhByResource["HT-1"] > 0, "the baseline should use the gas HT furnace");
        Assert.True(after.EnergyKwhByResource["HT-1"] < asIs.EnergyKwhByResource["HT-1"]);
        Assert.True(after.GasKwh < asIs.GasKwh);
        Assert.Equal(asIs.ElectricKwh, after.ElectricKwh, 1e-6);
        // Gas only, so CO2 falls at every grid factor: no break-even, and the sentence says so.
        Assert.Null(result.BreakEvenGridFactor);
        Assert.All(result.Sweep, p => Assert.True(p.DifferenceKgPerT < 0));
        Assert.Contains("retrofitting HT-1 lowers CO2", result.BreakEvenText(), StringComparison.Ordinal);
        Assert.True(result.CostSavingPerT > 0);
        Assert.Equal(100_000 / result.CostSavingPerT, result.PaybackTonnes(100_000)!.Value, 1e-6);
        Assert.Contains("paid back", result.SavingText(), StringComparison.Ordinal);
    }

    [Fact]
    public void ElectrifyAndRetrofitTogetherAppliesBoth()
    {
        var request = new ElectrificationRequest(["HT-1"]) { Retrofits = [new BurnerRetrofit("HF-1") { Efficiency = 0.6 }] };
        var (plant, changes) = ElectrificationStudy.Change(TestData.SmallPlant(), request);

        Assert.Equal(Carrier.Electric, plant.FindFurnace("HT-1")!.Carrier);
        Assert.Equal(0.6, plant.FindFurnace("HF-1")!.Efficiency);
        Assert.Single(changes.Converted);
        Assert.Single(changes.Retrofitted);
        Assert.Equal("electrified + retrofitted", ElectrificationStudy.ChangeName(changes.Converted.Count, changes.Retrofitted.Count));
        Assert.Throws<ElectrificationException>(() => ElectrificationStudy.Change(TestData.SmallPlant(), new ElectrificationRequest([])));
    }
}
