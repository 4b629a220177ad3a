using ForgeScheduler.Formats;
using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Solver.Tests.Generation;

public sealed class ReferencePlantTests
{
    private static readonly Plant Plant = PlantFile.Load(RepositoryFiles.ReferencePlant);

    [Fact]
    public void HasThreePressesUpTo165Mn()
    {
        Assert.Equal([40.0, 80.0, 165.0], Plant.Presses.Select(p => p.ForceMn).Order().ToArray());
        Assert.Equal(250, Plant.Presses.Max(p => p.MaxPieceTonnes));
        Assert.All(Plant.Presses, p => Assert.True(p.KwhPerTonne > 0 && p.IdleKw > 0, p.Id));
    }

    [Fact]
    public void HasSixGasAndTwoElectricHeatingFurnaces()
    {
        Assert.Equal(8, Plant.HeatingFurnaces.Count);
        Assert.Equal(6, Plant.HeatingFurnaces.Count(f => f.Carrier == Carrier.Gas));
        Assert.Equal(2, Plant.HeatingFurnaces.Count(f => f.Carrier == Carrier.Electric));
        Assert.Equal(60, Plant.HeatingFurnaces.Min(f => f.CapacityTonnes));
        Assert.Equal(250, Plant.HeatingFurnaces.Max(f => f.CapacityTonnes));
        Assert.All(Plant.HeatingFurnaces.Where(f => f.Carrier == Carrier.Gas), f => Assert.InRange(f.Efficiency, 0.35, 0.55));
        Assert.All(Plant.HeatingFurnaces.Where(f => f.Carrier == Carrier.Electric), f => Assert.InRange(f.Efficiency, 0.80, 0.88));
    }

    [Fact]
    public void HasFiveGasAndThreeElectricHeatTreatmentFurnacesCoveringEveryRecipe()
    {
        Assert.Equal(8, Plant.HeatTreatmentFurnaces.Count);
        Assert.Equal(5, Plant.HeatTreatmentFurnaces.Count(f => f.Carrier == Carrier.Gas));
        Assert.Equal(3, Plant.HeatTreatmentFurnaces.Count(f => f.Carrier == Carrier.Electric));
        Assert.Equal(4, Plant.Recipes.Count);
        Assert.Equal(3, Plant.Recipes.Select(r => r.Group).Distinct().Count());
        foreach (var recipe in Plant.Recipes)
        {
            var runners = Plant.HeatTreatmentFurnaces.Where(f => f.Recipes.Contains(recipe.Id)).ToList();
            Assert.True(runners.Count >= 2, $"{recipe.Id} is run by {runners.Count} furnace(s)");
            // The biggest forging the presses make must fit some furnace of every recipe it may get.
            Assert.True(runners.Max(f => f.CapacityTonnes) >= 200, recipe.Id);
        }
    }

    [Fact]
    public void TemperingAcceptsOnlyTransformedPiecesWhileNormalisingAcceptsWarmerOnes()
    {
        Assert.Equal(420, Plant.FindRecipe("temper-640")!.MaxChargeC);
        Assert.Equal(600, Plant.FindRecipe("normalise-890")!.MaxChargeC);
        Assert.All(Plant.Recipes, r => Assert.True(r.MaxChargeC > Plant.HotTransferMinC, r.Id));
    }

    [Fact]
    public void GridIsCleanestAtMiddayAndTariffHasThreeLevels()
    {
        Assert.Equal(0.5703, Plant.Grid.Co2At(2));
        Assert.Equal(0.23, Plant.Grid.Co2At(12));
        Assert.True(Plant.Grid.Co2KgPerKwh.Skip(11).Take(3).All(v => v < 0.30));
        Assert.Equal([0.27, 0.65, 1.08], Plant.Grid.TariffPerKwh.Distinct().Order().ToArray());
        Assert.Equal(0.27, Plant.Grid.TariffAt(3));
        Assert.Equal(0.27, Plant.Grid.TariffAt(23));
        Assert.Equal(1.08, Plant.Grid.TariffAt(9));
    }

    [Fact]
    public void PowerCapIsBelowWhatTheElectricFurnacesCanDrawTogether()
    {
        var electric = Plant.Furnaces.Where(f => f.Carrier == Carrier.Electric).Sum(f => f.MaxPowerKw);
        Assert.Equal(13500, electric);
        Assert.True(Plant.ElectricPowerCapKw < electric / 2, $"cap {Plant.ElectricPowerCapKw} kW never binds");
        Assert.True(Plant.ElectricPowerCapKw > Plant.Furnaces.Max(f => f.MaxPowerKw), "a single furnace must be able to run flat out");
    }

    [Fact]
    public void OneFurnaceIsDownForMaintenanceDuringTheReferenceDay()
    {
        var d = Assert.Single(Plant.Downtime);
        Assert.Equal("HF-G3", d.Resource);
        var dayStart = new DateTimeOffset(2026, 11, 26, 6, 0, 0, TimeSpan.FromHours(8));
        Assert.True(d.From >= dayStart && d.To <= dayStart.AddDays(1));
        Assert.Equal(8, (d.To - d.From).TotalHours);
        Assert.Equal("Asia/Shanghai", Plant.TimeZone);
    }
}
