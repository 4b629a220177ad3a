using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Evaluation;
using ForgeScheduler.Solver.Learning;
using ForgeScheduler.Solver.Physics;
using ForgeScheduler.Solver.Rescheduling;

namespace ForgeScheduler.Solver.Tests.Learning;

public sealed class CoolingFitTests
{
    /// <summary>Readings of pieces cooling with a known τ, plus Gaussian noise of <paramref name="noiseC"/> (seeded).</summary>
    private static List<CoolingMeasurement> Synthetic(double tauHours, int count, double noiseC, string grade = "42CrMo4",
        double diameterM = 0.8, int seed = 7)
    {
        var random = new Random(seed);
        var list = new List<CoolingMeasurement>();
        for (var i = 0; i < count; i++)
        {
            var t0 = 750 + random.NextDouble() * 150;
            var minutes = 10 + random.NextDouble() * 300;
            var clean = ThermalPhysics.CooledTempC(t0, 20, minutes, tauHours);
            // Box–Muller: a normal deviate from two uniforms.
            var z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            list.Add(new CoolingMeasurement($"p{i}", grade, diameterM, 20, t0, minutes, clean + noiseC * z));
        }
        return list;
    }

    [Fact]
    public void FitRecoversTheCoolingConstantWithinThreePercent()
    {
        var fits = CoolingFit.Fit(Synthetic(tauHours: 3.5, count: 40, noiseC: 4));

        var fit = Assert.Single(fits);
        Assert.Equal("42CrMo4", fit.Grade);
        Assert.Equal((0.75, 1.0), (fit.DiameterMinMetres, fit.DiameterMaxMetres));
        Assert.InRange(fit.TauHours, 3.5 * 0.97, 3.5 * 1.03);
        Assert.Equal(40, fit.Points);
        Assert.True(fit.RSquared > 0.98, $"R² {fit.RSquared}");
        Assert.True(fit.IsGood);
    }

    [Fact]
    public void GradesAndDiameterClassesAreFittedSeparately()
    {
        var data = Synthetic(3.5, 10, 2).Concat(Synthetic(6.0, 10, 2, diameterM: 1.3, seed: 8)).Concat(Synthetic(2.0, 10, 2, grade: "C45", seed: 9));

        var fits = CoolingFit.Fit(data);

        Assert.Equal(3, fits.Count);
        Assert.InRange(fits.Single(f => f.Grade == "C45").TauHours, 1.9, 2.1);
        Assert.InRange(fits.Single(f => f.Grade == "42CrMo4" && f.DiameterMinMetres == 1.25).TauHours, 5.7, 6.3);
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
        Assert.Equal(ThermalPhysics.CoolingTauHours(0.8, plant.Cooling), ThermalPhysics.CoolingTauHours(plant, order));
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
        var fit = Assert.Single(CoolingFit.Fit(Synthetic(3.5, 4, 0)));
        Assert.InRange(fit.TauHours, 3.4999, 3.5001);
        Assert.False(fit.IsGood);
    }

    [Fact]
    public void EvaluatorCoolsThePieceWithTheGoodFitForItsGradeAndDiameter()
    {
        // Formula: τ = 5 MJ/m³K · 0.8/4 m / 80 W/m²K = 3.47 h; the fit says the yard is slower, 6 h.
        var fit = new CoolingFitConstant("42CrMo4", 0.75, 1.0, 6.0, 0.97, 20);
        var plant = TestData.SmallPlant() with { CoolingFits = [fit] };
        var order = TestData.Order("A", releaseTempC: 800);
        var ops = new[]
        {
            new ScheduledOperation("A", 1, OperationKind.Heat, "HF-1", "c1", order.Release.AddMinutes(120), order.Release.AddMinutes(600), double.NaN, 0, null),
        };

        var heat = Assert.Single(ScheduleEvaluator.EvaluateOrder(plant, order, ops));

        // 20 + 780·exp(−2/6) = 578.9 °C; with the formula it would be 20 + 780·exp(−2/3.47) = 458.4 °C.
        Assert.Equal(20 + 780 * Math.Exp(-2.0 / 6.0), heat.ChargeTempC, 6);
        Assert.Equal(6.0, ThermalPhysics.CoolingTauHours(plant, order));
        Assert.Equal(ThermalPhysics.CoolingTauHours(1.3, plant.Cooling), ThermalPhysics.CoolingTauHours(plant, order with { DiameterMetres = 1.3 }));
        Assert.Equal(ThermalPhysics.CoolingTauHours(0.8, plant.Cooling), ThermalPhysics.CoolingTauHours(plant, order with { Grade = "C45" }));
    }

    [Fact]
    public void ApplyReplacesAnEarlierFitOfTheSameClassAndKeepsOthers()
    {
        var old = new CoolingFitConstant("42CrMo4", 0.75, 1.0, 5.0, 0.95, 8);
        var other = new CoolingFitConstant("C45", 0.75, 1.0, 2.0, 0.95, 8);
        var plant = TestData.SmallPlant() with { CoolingFits = [old, other] };
        var refit = old with { TauHours = 4.0, Points = 30 };

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
