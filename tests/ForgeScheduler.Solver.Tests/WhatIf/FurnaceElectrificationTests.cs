using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.WhatIf;

namespace ForgeScheduler.Solver.Tests.WhatIf;

public class FurnaceElectrificationTests
{
    private const double Tol = 1e-9;

    /// <summary>SmallPlant with its heat-treatment furnaces replaced: a 200 t gas one and two electric
    /// ones of different size, like the reference plant's HT-E1 and HT-E2.</summary>
    private static Plant PlantWithTwoElectricHtFurnaces() => TestData.SmallPlant() with
    {
        HeatTreatmentFurnaces =
        [
            new Furnace("HT-G", FurnaceKind.HeatTreatment, Carrier.Gas, 200, 6, 0.42, 800, 13000, 0, 1000, ["N1", "T1"]),
            new Furnace("HT-E1", FurnaceKind.HeatTreatment, Carrier.Electric, 80, 8, 0.85, 200, 2600, 2400, 1000, ["N1"]),
            new Furnace("HT-E2", FurnaceKind.HeatTreatment, Carrier.Electric, 60, 10, 0.86, 170, 2100, 1800, 1000, ["T1"]),
        ],
    };

    [Fact]
    public void ElectrifiedFurnaceScalesTheElectricFurnacesOfItsKindByCapacity()
    {
        // References HT-E1 (80 t) and HT-E2 (60 t), 140 t together:
        //   efficiency = (0.85·80 + 0.86·60) / 140 = 119.6 / 140 = 0.8542857
        //   holding    = (200 + 170) / 140 = 2.642857 kW/t     × 200 t = 528.5714 kW
        //   restart    = (2600 + 2100) / 140 = 33.571429 kWh/t × 200 t = 6714.2857 kWh
        //   max power  = (2400 + 1800) / 140 = 30 kW/t          × 200 t = 6000 kW
        var (plant, converted) = FurnaceElectrification.Convert(PlantWithTwoElectricHtFurnaces(), ["HT-G"]);

        var f = plant.FindFurnace("HT-G")!;
        Assert.Equal(Carrier.Electric, f.Carrier);
        Assert.Equal(0.8542857142857, f.Efficiency, 1e-12);
        Assert.Equal(528.5714285714, f.HoldingKw, 1e-9);
        Assert.Equal(6714.2857142857, f.RestartKwh, 1e-9);
        Assert.Equal(6000, f.MaxPowerKw, 1e-9);
        // What a furnace holds and can run does not change.
        Assert.Equal(200, f.CapacityTonnes, Tol);
        Assert.Equal(6, f.CapacityPieces);
        Assert.Equal(1000, f.MaxTempC, Tol);
        Assert.Equal(["N1", "T1"], f.Recipes);
        Assert.Equal(FurnaceKind.HeatTreatment, f.Kind);
        Assert.Equal(["HT-E1", "HT-E2"], Assert.Single(converted).Template.SourceFurnaces);
        // The furnace stays where it was in the plant's list, and nothing else changes.
        Assert.Equal(["HT-G", "HT-E1", "HT-E2"], plant.HeatTreatmentFurnaces.Select(x => x.Id));
        Assert.Equal(Carrier.Gas, plant.FindFurnace("HF-1")!.Carrier);
        Assert.Empty(InputChecks.CheckPlant(plant));
    }

    [Fact]
    public void WithoutElectricFurnacesOfItsKindTheOtherKindIsTheTemplate()
    {
        // No electric heating furnace: HF-1 (100 t) copies the heat-treatment electric furnaces,
        // holding 370 / 140 kW/t × 100 t = 264.2857 kW, max power 30 kW/t × 100 t = 3000 kW.
        var source = PlantWithTwoElectricHtFurnaces() with { HeatingFurnaces = [TestData.HeatingFurnace("HF-1")] };

        var f = FurnaceElectrification.Electrify(source, ["HF-1"]).FindFurnace("HF-1")!;

        Assert.Equal(FurnaceKind.Heating, f.Kind);
        Assert.Equal(0.8542857142857, f.Efficiency, 1e-12);
        Assert.Equal(264.2857142857, f.HoldingKw, 1e-9);
        Assert.Equal(3000, f.MaxPowerKw, 1e-9);
        Assert.Equal(1300, f.MaxTempC, Tol);
    }

    [Fact]
    public void WithoutAnyElectricFurnaceTheDefaultsScaleTheGasFurnacesOwnLosses()
    {
        // HF-1: gas η 0.5, holding 300 kW, restart 3000 kWh, 100 t. Same shell losses delivered at 0.93:
        //   holding 300 · 0.5 / 0.93 = 161.2903 kW, restart 3000 · 0.5 / 0.93 = 1612.903 kWh,
        //   max power 50 kW/t × 100 t = 5000 kW.
        var allGas = TestData.SmallPlant() with
        {
            HeatingFurnaces = [TestData.HeatingFurnace("HF-1")],
            HeatTreatmentFurnaces = [TestData.HeatTreatmentFurnace("HT-1", ["N1", "T1"])],
        };

        var (plant, converted) = FurnaceElectrification.Convert(allGas, ["HF-1"]);
        var f = plant.FindFurnace("HF-1")!;

        Assert.Equal(0.93, f.Efficiency, Tol);
        Assert.Equal(161.2903225806, f.HoldingKw, 1e-9);
        Assert.Equal(1612.9032258065, f.RestartKwh, 1e-9);
        Assert.Equal(5000, f.MaxPowerKw, 1e-9);
        Assert.True(Assert.Single(converted).Template.IsDefault);
    }

    [Fact]
    public void UnknownFurnaceIsRefusedByName()
    {
        var e = Assert.Throws<ElectrificationException>(() => FurnaceElectrification.Convert(TestData.SmallPlant(), ["HT-1", "HT-9"]));
        Assert.Equal("HT-9", e.FurnaceId);
        Assert.Contains("'HT-9' is not a furnace of plant small", e.Message, StringComparison.Ordinal);
        Assert.Contains("HF-1, HT-1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PressAndElectricFurnaceAreRefused()
    {
        var press = Assert.Throws<ElectrificationException>(() => FurnaceElectrification.Convert(TestData.SmallPlant(), ["P-40"]));
        Assert.Contains("'P-40' is a press", press.Message, StringComparison.Ordinal);
        var electric = Assert.Throws<ElectrificationException>(() => FurnaceElectrification.Convert(TestData.SmallPlant(), ["HT-2"]));
        Assert.Equal("HT-2", electric.FurnaceId);
        Assert.Contains("already electric", electric.Message, StringComparison.Ordinal);
    }
}
