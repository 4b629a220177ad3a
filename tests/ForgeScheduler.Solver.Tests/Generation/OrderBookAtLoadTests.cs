using ForgeScheduler.Formats;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Generation;
using ForgeScheduler.Solver.Physics;

namespace ForgeScheduler.Solver.Tests.Generation;

public sealed class OrderBookAtLoadTests
{
    private static readonly Plant Plant = PlantFile.Load(RepositoryFiles.ReferencePlant);
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 6, 0, 0, TimeSpan.FromHours(8));

    private static string Text(OrderBook book) => JsonFiles.Serialize(OrdersFile.ToDocument(book));

    [Fact]
    public void RequiredHoursOfOneOrderFollowTheRules()
    {
        // Small plant: 2 heating furnaces (100 t, 4 pieces), 2 presses, 2 heat-treatment furnaces
        // (100 t, 6 pieces, both run N1 = 8 h). One 20 t order, d 0.8 m, hot at 800 °C, one heat to
        // 1200 °C with 40 min on the press, cold heating time given as 6.8 h.
        // Heating: soak + 6.8 × (h(1200) − h(800)) / (h(1200) − h(20)) = soak + 6.8 × 230/760
        //          = soak + 2.0579 h; share max(20/100, 1/4) = 0.25 of a furnace.
        // Press: 40/60 = 0.6667 h. Heat treatment: 8 h × max(20/100, 1/6) = 1.6 furnace-hours.
        var plant = TestData.SmallPlant();
        var order = TestData.Order("A", massT: 20, releaseTempC: 800, diameterM: 0.8) with { ColdHeatingHours = 6.8 };

        var required = PlantCapacity.Required(plant, [order]);

        var heating = (ThermalPhysics.SoakHours(0.8) + (6.8 * 230.0 / 760.0)) * 0.25;
        Assert.Equal(heating, required.HeatingFurnaceHours, 6);
        Assert.Equal(40.0 / 60.0, required.PressHours, 6);
        Assert.Equal(1.6, required.HeatTreatmentHours, 6);
        // Over 10 h each stage has 20 equipment hours: heat treatment is the bottleneck at 1.6/20.
        Assert.Equal(new StageHours(20, 20, 20), PlantCapacity.Available(plant, 10));
        Assert.Equal(0.08, PlantCapacity.Load(plant, [order], 10), 9);
        Assert.Equal(10, PlantCapacity.HorizonHoursAtLoad(plant, [order], 0.08), 9);
    }

    [Fact]
    public void AReheatStartsFromThePreviousHeatsFinishTemperature()
    {
        // Second heat charged at 850 °C (the first heat's finish): 6.8 × (760 − 555)/760 more
        // heating hours; h(850) = 555 halfway between 800:530 and 900:580.
        var plant = TestData.SmallPlant();
        var one = TestData.Order("A", massT: 20, releaseTempC: 800, heats: 1) with { ColdHeatingHours = 6.8 };
        var two = one with { Heats = [.. one.Heats, .. one.Heats] };

        var extra = PlantCapacity.Required(plant, [two]).HeatingFurnaceHours - PlantCapacity.Required(plant, [one]).HeatingFurnaceHours;

        Assert.Equal((ThermalPhysics.SoakHours(0.8) + (6.8 * 205.0 / 760.0)) * 0.25, extra, 6);
    }

    [Theory]
    [InlineData(0.6)]
    [InlineData(1.1)]
    public void ABookAtALoadAsksThatShareOfTheBottlenecksHours(double load)
    {
        var generated = OrderBookAtLoad.Generate(Plant, 40, 7, Start, load);

        // Counted again from the orders here: heat treatment is the reference plant's bottleneck,
        // press time the stage that is simplest to count by hand.
        var ratios = PlantCapacity.Required(Plant, generated.Book.Orders).DividedBy(PlantCapacity.Available(Plant, generated.HorizonHours));
        Assert.InRange(ratios.HeatTreatmentHours, load * 0.9, load * 1.1);
        Assert.Equal(ratios.HeatTreatmentHours, ratios.Max);
        var pressHours = generated.Book.Orders.Sum(o => o.Heats.Sum(h => h.PressMinutes)) / 60.0;
        Assert.Equal(pressHours / (Plant.Presses.Count * generated.HorizonHours), ratios.PressHours, 9);
        Assert.True(ratios.PressHours < ratios.HeatTreatmentHours);
        Assert.Equal(load, generated.Load, 9);
        // Releases lie within the horizon.
        Assert.All(generated.Book.Orders, o => Assert.InRange(o.Release, Start, Start.AddHours(generated.HorizonHours)));
    }

    [Fact]
    public void TheSamePiecesCrowdInAtAHigherLoad()
    {
        var light = OrderBookAtLoad.Generate(Plant, 40, 7, Start, 0.6);
        var heavy = OrderBookAtLoad.Generate(Plant, 40, 7, Start, 1.1);

        // Same pieces, same work; the horizon shrinks by 0.6/1.1, so required ÷ capacity grows by 1.1/0.6.
        Assert.Equal(light.Book.Orders.Select(o => o.MassTonnes).Order(), heavy.Book.Orders.Select(o => o.MassTonnes).Order());
        Assert.Equal(light.Required, heavy.Required);
        Assert.Equal(0.6 / 1.1, heavy.HorizonHours / light.HorizonHours, 6);
        Assert.InRange(heavy.Load / light.Load, 1.1 / 0.6 * 0.9, 1.1 / 0.6 * 1.1);
        Assert.True(heavy.Book.Orders.Max(o => o.Release) < light.Book.Orders.Max(o => o.Release));
    }

    [Fact]
    public void BooksMixHotAndColdIngotsAndTheShareCanBeSet()
    {
        var byMass = OrderBookAtLoad.Generate(Plant, 60, 9, Start, 0.8).Book.Orders;
        Assert.Contains(byMass, o => o.ReleaseTempC is not null);
        Assert.Contains(byMass, o => o.ReleaseTempC is null);

        var mostlyCold = OrderBookAtLoad.Generate(Plant, 200, 9, Start, 0.8, GenerationMix.Shop with { HotShare = 0.2 }).Book.Orders;
        var mostlyHot = OrderBookAtLoad.Generate(Plant, 200, 9, Start, 0.8, GenerationMix.Shop with { HotShare = 0.9 }).Book.Orders;
        Assert.InRange(mostlyCold.Count(o => o.ReleaseTempC is not null), 20, 60);
        Assert.InRange(mostlyHot.Count(o => o.ReleaseTempC is not null), 160, 195);
        // Set, the share holds for small and big pieces alike (by mass, big ones are mostly hot).
        Assert.InRange(mostlyCold.Where(o => o.MassTonnes >= 40).Count(o => o.ReleaseTempC is not null)
                       / (double)mostlyCold.Count(o => o.MassTonnes >= 40), 0.0, 0.45);
    }

    [Fact]
    public void AProductMixChangesSizesAndRecipes()
    {
        var rotors = new GenerationMix([ProductFamily.HeavyForgingShop.Single(f => f.Name == "rotor")]);
        var rings = new GenerationMix([ProductFamily.HeavyForgingShop.Single(f => f.Name == "ring")]);

        var big = OrderBookAtLoad.Generate(Plant, 30, 2, Start, 0.8, rotors).Book.Orders;
        var small = OrderBookAtLoad.Generate(Plant, 30, 2, Start, 0.8, rings).Book.Orders;

        Assert.All(big, o => Assert.Equal("rotor", o.Product));
        Assert.True(big.Average(o => o.MassTonnes) > 2 * small.Average(o => o.MassTonnes));
        Assert.Equal(["hydrogen-anneal-650", "temper-640"], big.Select(o => o.HeatTreatment).Distinct().Order(StringComparer.Ordinal));
        Assert.DoesNotContain(small, o => o.HeatTreatment is "temper-640" or "hydrogen-anneal-650");
    }

    [Fact]
    public void SameSeedAndLoadGiveTheSameBookAndAnotherSeedAnother()
    {
        var a = OrderBookAtLoad.Generate(Plant, 40, 12, Start, 0.9);
        var b = OrderBookAtLoad.Generate(Plant, 40, 12, Start, 0.9);
        var c = OrderBookAtLoad.Generate(Plant, 40, 13, Start, 0.9);

        Assert.Equal(Text(a.Book), Text(b.Book));
        Assert.Equal(a.HorizonHours, b.HorizonHours);
        Assert.NotEqual(Text(a.Book), Text(c.Book));
        Assert.Empty(InputChecks.CheckOrders(Plant, a.Book));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(5.0)]
    public void RefusesALoadOutsideTheRange(double load)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => OrderBookAtLoad.Generate(Plant, 10, 1, Start, load));
    }
}
