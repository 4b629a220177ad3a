using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Solver.Tests.Optimisation;

public sealed class FeasibilityReportTests
{
    // TestData.Order: 20 t, Ø 0.8 m, 1200 °C forging for 40 min, finish 850 °C, recipe N1 (8 h,
    // charge ≤ 550 °C); small plant ambient 20 °C. Soak 0.5 + 0.8 = 1.3 h; cold heating 2 + 6·0.8 = 6.8 h.
    // τ = 5 MJ/(m³K)·(0.8/4) m / 80 W/(m²K) = 12 500 s = 3.4722 h.

    [Fact]
    public void EarliestFinishOfAHotIngotAddsHeatForgeCoolingAndCycle()
    {
        var plant = TestData.SmallPlant();
        var order = TestData.Order("A", releaseTempC: 800);

        var earliest = FeasibilityReport.Earliest(plant, order);

        // heat from 800 °C: 1.3 + 6.8·(760 − 530)/760 = 3.35789 h = 201.474 min
        // forge 40 min
        // cooling 850 → 550 °C: 3.4722 h · ln(830/530) = 1.55746 h = 93.448 min
        // normalising 8 h = 480 min; total 814.921 min
        Assert.Equal(["heat 1", "forge 1", "cooling", "heat treatment"], earliest.Stages.Select(s => s.Name));
        Assert.Equal(201.474, earliest.Stages[0].Minutes, 3);
        Assert.Equal(40.0, earliest.Stages[1].Minutes, 6);
        Assert.Equal(93.448, earliest.Stages[2].Minutes, 3);
        Assert.Equal(480.0, earliest.Stages[3].Minutes, 6);
        Assert.Equal(814.921, earliest.TotalMinutes, 3);
        Assert.Equal(TestData.PlanStart.AddMinutes(814.921), earliest.Finish, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void ReheatStartsFromTheFinishTemperature()
    {
        var plant = TestData.SmallPlant();
        var order = TestData.Order("B", releaseTempC: 800, heats: 2, releaseHours: 2);

        var earliest = FeasibilityReport.Earliest(plant, order);

        // reheat from 850 °C: 1.3 + 6.8·(760 − 555)/760 = 3.13421 h = 188.053 min
        Assert.Equal(188.053, earliest.Stages.Single(s => s.Name == "heat 2").Minutes, 3);
        // 201.474 + 40 + 188.053 + 40 + 93.448 + 480 = 1042.974 min after a release at +2 h
        Assert.Equal(1042.974, earliest.TotalMinutes, 3);
        Assert.Equal(TestData.PlanStart.AddHours(2).AddMinutes(1042.974), earliest.Finish, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void NoCoolingStageWhenTheForgingFinishesBelowTheRecipeLimit()
    {
        var plant = TestData.SmallPlant();
        var order = TestData.Order("C", releaseTempC: null) with { Heats = [new ForgingHeat(1200, 40, 30, 500)] };

        var earliest = FeasibilityReport.Earliest(plant, order);

        // cold: 1.3 + 6.8 = 8.1 h = 486 min; forge 40; no cooling (500 ≤ 550); 480 → 1006 min
        Assert.DoesNotContain(earliest.Stages, s => s.Name == "cooling");
        Assert.Equal(1006.0, earliest.TotalMinutes, 6);
    }

    [Fact]
    public void OrderDueBeforeItsEarliestFinishIsNamedWithTheBreakdown()
    {
        var plant = TestData.SmallPlant();
        var book = TestData.Book(
            TestData.Order("OK", dueHours: 14),       // earliest 13.58 h: fits
            TestData.Order("LATE", dueHours: 13.5));  // 5 minutes short

        var problems = FeasibilityReport.Explain(plant, book);

        var p = Assert.Single(problems);
        Assert.Equal("orders[1].due", p.Field);
        // 06:00 + 814.9 min = 19:34.9
        Assert.Equal(
            "order LATE cannot be finished before 2026-11-26 19:34 +08:00 (due 2026-11-26 19:30 +08:00): " +
            "heat 1 3.4 h + forge 1 0.7 h + cooling 1.6 h + heat treatment 8.0 h = 13.6 h from release 2026-11-26 06:00 +08:00",
            p.Message);
    }

    [Fact]
    public void ElectricOnlyPlantThatCannotPowerAHeavyPieceNamesTheOrder()
    {
        // Only an electric heating furnace of 1000 kW. A cold 60 t piece at η 0.85:
        // 60 000 kg · 760 kJ/kg / 0.85 / 3600 = 14 902 kWh over 8.1 h = 1840 kW > 1000 kW.
        // A cold 20 t piece: 613 kW, fits.
        var plant = TestData.SmallPlant() with
        {
            HeatingFurnaces = [TestData.HeatingFurnace("HF-E", Carrier.Electric, efficiency: 0.85, maxPowerKw: 1000)],
        };
        var book = TestData.Book(
            TestData.Order("LIGHT", massT: 20, dueHours: 100),
            TestData.Order("HEAVY", massT: 60, dueHours: 100, minForceMn: 60));

        var problems = FeasibilityReport.Explain(plant, book);

        var p = Assert.Single(problems);
        Assert.Equal("orders[1].heats[0]", p.Field);
        Assert.Contains("order HEAVY", p.Message);
        Assert.Contains("HF-E needs 1840 kW, max 1000 kW", p.Message);
    }

    [Fact]
    public void PlantCapBelowAPiecesDrawIsReportedAsTheCap()
    {
        // Furnace max 3000 kW, but the plant may draw only 1500 kW: the 60 t piece (1840 kW) cannot go in.
        var plant = TestData.SmallPlant(powerCapKw: 1500) with
        {
            HeatingFurnaces = [TestData.HeatingFurnace("HF-E", Carrier.Electric, efficiency: 0.85, maxPowerKw: 3000)],
        };
        var book = TestData.Book(TestData.Order("HEAVY", massT: 60, dueHours: 100, minForceMn: 60));

        var p = Assert.Single(FeasibilityReport.Explain(plant, book));

        Assert.Contains("plant cap 1500 kW", p.Message);
    }

    [Fact]
    public void AGasFurnaceAlternativeMeansNoPowerProblem()
    {
        // The small plant has gas HF-1 beside electric HF-2; HF-2 at 1000 kW could not take 60 t.
        var plant = TestData.SmallPlant() with
        {
            HeatingFurnaces = [TestData.HeatingFurnace("HF-1"), TestData.HeatingFurnace("HF-2", Carrier.Electric, efficiency: 0.85, maxPowerKw: 1000)],
        };
        var book = TestData.Book(TestData.Order("HEAVY", massT: 60, dueHours: 100, minForceMn: 60));

        Assert.Empty(FeasibilityReport.Explain(plant, book));
    }

    [Fact]
    public void ElectricOnlyHeatTreatmentOverItsMaxIsNamed()
    {
        // Only electric HT-2 (3000 kW) runs N1 here. A cold 20 t piece to 880 °C over 8 h:
        // 20 000 · 570 / 0.85 / 3600 = 3725.5 kWh / 8 h = 466 kW; 80 t is 1863 kW — under 3000 kW.
        // With a 400 kW furnace the 20 t piece no longer fits.
        var plant = TestData.SmallPlant() with
        {
            HeatTreatmentFurnaces = [TestData.HeatTreatmentFurnace("HT-E", ["N1", "T1"], Carrier.Electric, efficiency: 0.85) with { MaxPowerKw = 400 }],
        };
        var book = TestData.Book(TestData.Order("A", dueHours: 100));

        var p = Assert.Single(FeasibilityReport.Explain(plant, book));

        Assert.Equal("orders[0].heat_treatment", p.Field);
        Assert.Contains("HT-E needs 466 kW, max 400 kW", p.Message);
    }

    [Fact]
    public void OrdersThatInputChecksRejectAreSkipped()
    {
        var plant = TestData.SmallPlant();
        var book = TestData.Book(TestData.Order("X", recipe: "NOPE", dueHours: 1));

        Assert.Empty(FeasibilityReport.Explain(plant, book));
        Assert.Contains(InputChecks.CheckOrders(plant, book), p => p.Field == "orders[0].heat_treatment");
    }
}
