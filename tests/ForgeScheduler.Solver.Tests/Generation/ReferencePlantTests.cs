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
        // Available-heat efficiency (DESIGN.md): gas 0.45–0.65 from cold-air to regenerative burners, electric 0.90–0.95.
        Assert.All(Plant.Furnaces.Where(f => f.Carrier == Carrier.Gas), f => Assert.InRange(f.Efficiency, 0.45, 0.65));
        Assert.All(Plant.Furnaces.Where(f => f.Carrier == Carrier.Electric), f => Assert.InRange(f.Efficiency, 0.90, 0.95));
        Assert.All(Plant.Furnaces, f => Assert.True(f.HoldingKw > 0 && f.RestartKwh > f.HoldingKw * 8, f.Id));
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
    public void GridIsFlatWithAMiddayPvSurplusAndTariffHasThreeLevels()
    {
        Assert.All(Enumerable.Range(0, 24), h => Assert.Equal(0.5703, Plant.Grid.Co2At(h)));
        // The surplus of 12 MWp of roof PV over the 2 MW base load: none at night, about 4 MW at noon.
        Assert.Equal(24, Plant.Grid.OnsitePvSurplusKw.Count);
        Assert.Equal(0, Plant.Grid.PvSurplusKwAt(3, 0));
        Assert.InRange(Plant.Grid.PvSurplusKwAt(11, 0), 3500, 4500);
        Assert.InRange(Plant.Grid.OnsitePvSurplusKw.Sum(), 15000, 30000);
        Assert.Equal(0.391, Plant.Grid.ExportTariffPerKwh);
        Assert.Equal([0.27, 0.65, 1.08], Plant.Grid.TariffPerKwh.Distinct().Order().ToArray());
        Assert.Equal(0.27, Plant.Grid.TariffAt(3));
        Assert.Equal(0.27, Plant.Grid.TariffAt(23));
        Assert.Equal(1.08, Plant.Grid.TariffAt(9));
    }

    /// <summary>The calibration table of datasets/README.md: GJ of furnace energy per tonne of cold
    /// ingots heated to 1250 °C, for a full load (the furnace's pieces, of equal mass, each a cylinder
    /// of length 3 × diameter, heated together for the time physics requires) and for one 3 t piece
    /// alone — in a furnace already hot (as in continuous work), and the same with a cold start.</summary>
    public static IEnumerable<(Furnace Furnace, double FullHot, double FullCold, double SmallHot)> Calibration()
    {
        foreach (var f in Plant.HeatingFurnaces)
            yield return (f, GjPerTonne(f, f.CapacityTonnes / f.CapacityPieces, f.CapacityPieces, hot: true),
                GjPerTonne(f, f.CapacityTonnes / f.CapacityPieces, f.CapacityPieces, hot: false), GjPerTonne(f, 3, 1, hot: true));
    }

    private static double GjPerTonne(Furnace furnace, double pieceTonnes, int pieces, bool hot)
    {
        var start = new DateTimeOffset(2026, 11, 26, 6, 0, 0, TimeSpan.FromHours(8));
        var diameter = Solver.Generation.OrderBookGenerator.ThermalDiameterMetres(pieceTonnes, 3.0);
        var orders = Enumerable.Range(1, pieces).Select(i => new Order($"I{i}", "ingot", "34CrNiMo6", pieceTonnes, diameter, start, null,
            start.AddDays(5), 1, [new ForgingHeat(1250, 60, 10, 900)], "normalise-890", null)).ToList();
        var book = new OrderBook(Plant.Id, start, orders) { FurnacesHotAtStart = hot ? [furnace.Id] : [] };
        var minutes = Math.Ceiling(Evaluation.ScheduleEvaluator.HeatingMinutes(Plant, orders[0], 1250, Plant.AmbientC));
        var ops = orders.Select(o => new ScheduledOperation(o.Id, 1, OperationKind.Heat, furnace.Id, "c", start, start.AddMinutes(minutes), double.NaN, 0, null)).ToList();
        var kpis = Solver.Kpis.KpiCalculator.Compute(Plant, book, new Schedule(Plant.Id, "calibration", ops));
        return kpis.EnergyKwhByResource[furnace.Id] * 3.6 / 1000 / (pieceTonnes * pieces);
    }

    [Fact]
    public void AFullLargeGasFurnaceHeatingColdIngotsTo1250CLandsInTheCalibrationBand()
    {
        // DESIGN.md: a full large gas heating furnace taking cold ingots to 1250 °C lands in 1.5–2.2 GJ/t;
        // one small piece in a big furnace far above that.
        foreach (var (f, fullHot, _, smallHot) in Calibration().Where(c => c.Furnace.Carrier == Carrier.Gas && c.Furnace.CapacityTonnes >= 120))
        {
            Assert.InRange(fullHot, 1.5, 2.2);
            Assert.True(smallHot > 2 * fullHot, $"{f.Id}: one 3 t piece {smallHot:0.00} GJ/t, full {fullHot:0.00}");
        }
        // A cold start is paid once per campaign: it adds a few tenths of a GJ per tonne to a full load.
        Assert.All(Calibration(), c => Assert.InRange(c.FullCold - c.FullHot, 0.05, 0.5));
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
