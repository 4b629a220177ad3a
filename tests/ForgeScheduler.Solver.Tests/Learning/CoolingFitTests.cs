using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Evaluation;
using ForgeScheduler.Solver.Learning;
using ForgeScheduler.Solver.Physics;
using ForgeScheduler.Solver.Rescheduling;

namespace ForgeScheduler.Solver.Tests.Learning;

public sealed class CoolingFitTests
{
    /// <summary>Readings of pieces cooling by the version 2 law with a known ε (and h_c), plus Gaussian
    /// noise of <paramref name="noiseC"/> (seeded). Readings from 10 to <paramref name="maxMinutes"/> minutes
    /// after leaving at 750–900 °C.</summary>
    private static List<CoolingMeasurement> Synthetic(double emissivity, int count, double noiseC, string grade = "42CrMo4",
        double diameterM = 0.8, int seed = 7, double convection = 10, double maxMinutes = 300)
    {
        var random = new Random(seed);
        var law = CoolingLaw.Create(20, CoolingParameters.Default with { Emissivity = emissivity, ConvectionWPerM2K = convection });
        var list = new List<CoolingMeasurement>();
        for (var i = 0; i < count; i++)
        {
            var t0 = 750 + random.NextDouble() * 150;
            var minutes = 10 + random.NextDouble() * (maxMinutes - 10);
            var clean = law.CooledTempC(t0, minutes / 60.0, diameterM);
            // Box–Muller: a normal deviate from two uniforms.
            var z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            list.Add(new CoolingMeasurement($"p{i}", grade, diameterM, 20, t0, minutes, clean + noiseC * z));
        }
        return list;
    }

    [Fact]
    public void FitRecoversTheEmissivityWithinThreePercentWhenConvectionIsHeld()
    {
        // Nine readings within 100 minutes: too few and too narrow to fit h_c, so it stays the plant's 10.
        var fits = CoolingFit.Fit(Synthetic(emissivity: 0.6, count: 9, noiseC: 3, maxMinutes: 100));

        var fit = Assert.Single(fits);
        Assert.Equal("42CrMo4", fit.Grade);
        Assert.Equal((0.75, 1.0), (fit.DiameterMinMetres, fit.DiameterMaxMetres));
        Assert.False(fit.ConvectionFitted);
        Assert.Equal(10, fit.ConvectionWPerM2K);
        Assert.InRange(fit.Emissivity, 0.6 * 0.97, 0.6 * 1.03);
        Assert.Equal(9, fit.Points);
        Assert.True(fit.RSquared > 0.98, $"R² {fit.RSquared}");
        Assert.True(fit.IsGood);
    }

    [Fact]
    public void ManyReadingsFromHotToCoolFitConvectionToo()
    {
        // 60 readings over 20 h: down to about 200 °C, where convection is half of h.
        var fits = CoolingFit.Fit(Synthetic(emissivity: 0.7, count: 60, noiseC: 2, convection: 18, maxMinutes: 1200));

        var fit = Assert.Single(fits);
        Assert.True(fit.ConvectionFitted);
        Assert.InRange(fit.Emissivity, 0.65, 0.75);
        Assert.InRange(fit.ConvectionWPerM2K, 15, 21);
        Assert.True(fit.IsGood);
    }

    [Fact]
    public void GradesAndDiameterClassesAreFittedSeparately()
    {
        var data = Synthetic(0.6, 8, 2, maxMinutes: 100).Concat(Synthetic(0.85, 8, 2, diameterM: 1.3, seed: 8, maxMinutes: 100))
            .Concat(Synthetic(0.4, 8, 2, grade: "C45", seed: 9, maxMinutes: 100));

        var fits = CoolingFit.Fit(data);

        Assert.Equal(3, fits.Count);
        Assert.InRange(fits.Single(f => f.Grade == "C45").Emissivity, 0.37, 0.43);
        Assert.InRange(fits.Single(f => f.Grade == "42CrMo4" && f.DiameterMinMetres == 1.25).Emissivity, 0.8, 0.9);
    }

    [Fact]
    public void ScatteredReadingsGiveABadFitThatPhysicsDoesNotUse()
    {
        var random = new Random(3);
        var scattered = Enumerable.Range(0, 12).Select(i =>
            new CoolingMeasurement($"p{i}", "42CrMo4", 0.8, 20, 850, 30 + 20 * i, 150 + random.NextDouble() * 650)).ToList();

        var fit = Assert.Single(CoolingFit.Fit(scattered));
        Assert.True(fit.RSquared < 0.9, $"R² {fit.RSquared}");
        Assert.False(fit.IsGood);

        var plant = TestData.SmallPlant() with { CoolingFits = [fit] };
        var order = TestData.Order("A");
        Assert.Equal(plant.Cooling, ThermalPhysics.CoolingFor(plant, order));
    }

    [Fact]
    public void ASingleReadingOfAClassGivesNoFitAndNoError()
    {
        // The first event pair of a new grade reaches the plant grain's refit alone: it must not throw.
        var one = new[] { new CoolingMeasurement("p1", "S355", 0.6, 20, 850, 45, 700) };

        Assert.Empty(CoolingFit.Fit(one));
    }

    [Fact]
    public void FitWithTooFewPointsIsNotGoodEvenIfExact()
    {
        var fit = Assert.Single(CoolingFit.Fit(Synthetic(0.6, 4, 0)));
        Assert.InRange(fit.Emissivity, 0.598, 0.602);
        Assert.False(fit.IsGood);
    }

    [Fact]
    public void EvaluatorCoolsThePieceWithTheGoodFitForItsGradeAndDiameter()
    {
        // The plant says ε 0.8; the fit says this grade's scale radiates less, ε 0.4: it cools slower.
        var fit = new CoolingFitConstant("42CrMo4", 0.75, 1.0, 0.4, 10, 0.97, 20);
        var plant = TestData.SmallPlant() with { CoolingFits = [fit] };
        var order = TestData.Order("A", releaseTempC: 800);
        var ops = new[]
        {
            new ScheduledOperation("A", 1, OperationKind.Heat, "HF-1", "c1", order.Release.AddMinutes(120), order.Release.AddMinutes(600), double.NaN, 0, null),
        };

        var heat = Assert.Single(ScheduleEvaluator.EvaluateOrder(plant, order, ops));

        var slow = CoolingLaw.For(20, plant.Cooling with { Emissivity = 0.4 }).CooledTempC(800, 2, 0.8);
        var plantLaw = CoolingLaw.For(20, plant.Cooling).CooledTempC(800, 2, 0.8);
        Assert.Equal(slow, heat.ChargeTempC, 6);
        Assert.True(slow > plantLaw + 40, $"{slow:F1} vs {plantLaw:F1} °C");
        Assert.Equal(0.4, ThermalPhysics.CoolingFor(plant, order).Emissivity);
        Assert.Equal(plant.Cooling, ThermalPhysics.CoolingFor(plant, order with { DiameterMetres = 1.3 }));
        Assert.Equal(plant.Cooling, ThermalPhysics.CoolingFor(plant, order with { Grade = "C45" }));
    }

    [Fact]
    public void ApplyReplacesAnEarlierFitOfTheSameClassAndKeepsOthers()
    {
        var old = new CoolingFitConstant("42CrMo4", 0.75, 1.0, 0.7, 10, 0.95, 8);
        var other = new CoolingFitConstant("C45", 0.75, 1.0, 0.5, 10, 0.95, 8);
        var plant = TestData.SmallPlant() with { CoolingFits = [old, other] };
        var refit = old with { Emissivity = 0.65, Points = 30 };

        var updated = CoolingFit.Apply(plant, [refit]);

        Assert.Equal(2, updated.CoolingFits.Count);
        Assert.Contains(refit, updated.CoolingFits);
        Assert.Contains(other, updated.CoolingFits);
    }

    [Fact]
    public void FloorEventsGiveOneReadingPerPieceBetweenLeavingAPressAndEnteringTheNextFurnace()
    {
        var plant = TestData.SmallPlant();
        var book = TestData.Book(TestData.Order("A", heats: 2));
        var t = TestData.PlanStart;
        ShopEvent[] events =
        [
            new OperationFinished(t.AddHours(5), "A", 2, 850, 40),
            new OperationStarted(t.AddHours(6.5), "A", 3, "HF-1", 601),
            new OperationStarted(t.AddHours(1), "A", 1, "HF-1", 790), // nothing finished before it
        ];

        var reading = Assert.Single(CoolingFit.FromEvents(plant, book, events));

        Assert.Equal(("A", 850.0, 90.0, 601.0, 0.8), (reading.Piece, reading.T0C, reading.Minutes, reading.TempC, reading.DiameterMetres));
    }
}
