using ForgeScheduler.Formats;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Generation;

namespace ForgeScheduler.Solver.Tests.Generation;

public sealed class OrderBookGeneratorTests
{
    private static readonly Plant Plant = PlantFile.Load(RepositoryFiles.ReferencePlant);
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 6, 0, 0, TimeSpan.FromHours(8));

    // The seeds of the committed books (datasets/README.md).
    private const int DaySeed = 5;
    private const int WeekSeed = 2026;

    private static string Text(OrderBook book) => JsonFiles.Serialize(OrdersFile.ToDocument(book));

    [Fact]
    public void SameSeedGivesIdenticalBook()
    {
        var a = OrderBookGenerator.Generate(Plant, 50, 17, Start, 48);
        var b = OrderBookGenerator.Generate(Plant, 50, 17, Start, 48);
        Assert.Equal(Text(a), Text(b));
    }

    [Fact]
    public void DifferentSeedGivesDifferentBook()
    {
        var a = OrderBookGenerator.Generate(Plant, 50, 17, Start, 48);
        var b = OrderBookGenerator.Generate(Plant, 50, 18, Start, 48);
        Assert.NotEqual(Text(a), Text(b));
        Assert.NotEqual(a.Orders.Select(o => o.MassTonnes), b.Orders.Select(o => o.MassTonnes));
    }

    [Fact]
    public void CommittedBooksAreWhatTheGeneratorMakesFromTheirSeeds()
    {
        // The furnaces hot at plan start are the plant's state, not drawn: they are added by hand
        // (datasets/README.md) and taken from the committed files.
        var hot = OrdersFile.Parse(File.ReadAllText(RepositoryFiles.Path("datasets", "reference", "orders-day.json")), "day").FurnacesHotAtStart;
        Assert.NotEmpty(hot);
        var day = OrderBookGenerator.Generate(Plant, 30, DaySeed, Start, 24) with { FurnacesHotAtStart = hot };
        var week = OrderBookGenerator.Generate(Plant, 200, WeekSeed, Start, 168) with { FurnacesHotAtStart = hot };
        Assert.Equal(File.ReadAllText(RepositoryFiles.Path("datasets", "reference", "orders-day.json")), Text(day));
        Assert.Equal(File.ReadAllText(RepositoryFiles.Path("datasets", "reference", "orders-week.json")), Text(week));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(DaySeed)]
    [InlineData(WeekSeed)]
    public void EveryGeneratedOrderPassesInputChecksOnTheReferencePlant(int seed)
    {
        var book = OrderBookGenerator.Generate(Plant, 300, seed, Start, 168);
        Assert.Equal(300, book.Orders.Count);
        Assert.Empty(InputChecks.CheckOrders(Plant, book));
    }

    [Fact]
    public void FitsASmallerPlantWithOtherRecipes()
    {
        // Presses take at most 120 t, furnaces 100 t; recipes N1 and T1 are unknown to the product mix.
        var small = TestData.SmallPlant();
        var book = OrderBookGenerator.Generate(small, 200, 9, Start, 48);
        Assert.Empty(InputChecks.CheckOrders(small, book));
        Assert.True(book.Orders.Max(o => o.MassTonnes) <= 100);
        Assert.Equal(["N1", "T1"], book.Orders.Select(o => o.HeatTreatment).Distinct().Order().ToArray());
    }

    [Fact]
    public void MassesRunFromAFewTonnesToHugeButMostAreSmall()
    {
        var masses = OrderBookGenerator.Generate(Plant, 1000, 1, Start, 168).Orders.Select(o => o.MassTonnes).Order().ToList();
        Assert.True(masses[0] >= 2.0, $"lightest {masses[0]} t");
        Assert.True(masses[^1] is >= 150 and <= 250, $"heaviest {masses[^1]} t");
        Assert.InRange(masses[masses.Count / 2], 5, 20);
        var huge = masses.Count(m => m >= 100);
        Assert.InRange(huge, 5, 60);
    }

    [Fact]
    public void AboutHalfTheOrdersAreHotIngotsBetween700And900C()
    {
        var orders = OrderBookGenerator.Generate(Plant, 1000, 1, Start, 168).Orders;
        var hot = orders.Where(o => o.ReleaseTempC is not null).ToList();
        Assert.InRange(hot.Count, 400, 600);
        Assert.All(hot, o => Assert.InRange(o.ReleaseTempC!.Value, 700, 900));
        // Hot ingots are mostly the big pieces cast for the order.
        Assert.True(hot.Average(o => o.MassTonnes) > orders.Where(o => o.ReleaseTempC is null).Average(o => o.MassTonnes));
    }

    [Fact]
    public void DiameterFitsASteelCylinderOfTheOrdersMass()
    {
        // mass / d³ = 7.85·π/4·r·((2r+1)/2r)³ for a cylinder of L/D = r and d = 4V/A: 21 at r = 1,
        // 47 at r = 6, 75 at r = 0.15 (a thin tube sheet); a little more for rounding d to 1 cm.
        foreach (var o in OrderBookGenerator.Generate(Plant, 500, 3, Start, 168).Orders)
            Assert.InRange(o.MassTonnes / Math.Pow(o.DiameterMetres, 3), 19, 80);
        Assert.Equal(1.33, OrderBookGenerator.ThermalDiameterMetres(7.85 * Math.PI / 4 * 1.5 * 1.5 * 6, 4), 2);
    }

    [Fact]
    public void BigPiecesTakeMoreHeatsAndNeedTheBigPress()
    {
        var orders = OrderBookGenerator.Generate(Plant, 1000, 4, Start, 168).Orders;
        var big = orders.Where(o => o.MassTonnes > 100).ToList();
        Assert.NotEmpty(big);
        Assert.All(big, o => Assert.True(o.Heats[0].MinForceMn > 80, $"{o.Id} {o.MassTonnes} t needs {o.Heats[0].MinForceMn} MN"));
        Assert.All(big, o => Assert.InRange(o.Heats.Count, 2, 4));
        Assert.All(orders.Where(o => o.MassTonnes <= 30), o => Assert.True(o.Heats.Max(h => h.MinForceMn) <= 40, o.Id));
        Assert.True(big.Average(o => o.Heats.Count) > orders.Where(o => o.MassTonnes < 10).Average(o => o.Heats.Count) + 1);
        Assert.All(orders.SelectMany(o => o.Heats), h =>
        {
            Assert.InRange(h.PressMinutes, 20, 120);
            Assert.InRange(h.ForgeTempC, 1150, 1250);
            Assert.InRange(h.FinishTempC, 750, 900);
        });
    }

    [Fact]
    public void ReleasesSpreadOverTheHorizonAndDueDatesLeaveSlack()
    {
        var book = OrderBookGenerator.Generate(Plant, 200, 6, Start, 48);
        Assert.Equal(Start, book.PlanStart);
        Assert.Equal(Start, book.Orders.Min(o => o.Release));
        Assert.All(book.Orders, o => Assert.InRange(o.Release, Start, Start.AddHours(48 * 0.85)));
        Assert.True(book.Orders.Count(o => o.Release > Start.AddHours(24)) > 20, "releases bunch at the start");
        foreach (var o in book.Orders)
        {
            // At least 1.5 × (press time + recipe cycle), which is less than the whole route's work.
            var floorHours = 1.5 * (o.Heats.Sum(h => h.PressMinutes) / 60 + Plant.FindRecipe(o.HeatTreatment)!.CycleHours);
            Assert.True((o.Due - o.Release).TotalHours >= floorHours, $"{o.Id}: due {(o.Due - o.Release).TotalHours} h after release");
        }
        Assert.Equal(book.Orders.OrderBy(o => o.Release).Select(o => o.Id), book.Orders.Select(o => o.Id));
        Assert.Equal([1.0, 2.0, 3.0], book.Orders.Select(o => o.Weight).Distinct().Order().ToArray());
    }

    [Fact]
    public void ReferenceDayFitsWellWithinThePressesCapacity()
    {
        var day = OrdersFile.Load(RepositoryFiles.Path("datasets", "reference", "orders-day.json"), Plant);
        Assert.Equal(30, day.Orders.Count);
        var pressHours = day.Orders.Sum(o => o.Heats.Sum(h => h.PressMinutes)) / 60;
        Assert.InRange(pressHours, 10, 0.4 * 3 * 24);
        var week = OrdersFile.Load(RepositoryFiles.Path("datasets", "reference", "orders-week.json"), Plant);
        Assert.Equal(200, week.Orders.Count);
        Assert.Equal(Start, week.PlanStart);
    }
}
