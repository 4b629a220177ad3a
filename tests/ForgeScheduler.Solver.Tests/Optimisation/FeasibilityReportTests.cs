using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Solver.Tests.Optimisation;

public sealed class FeasibilityReportTests
{
    // TestData.Order: 20 t, Ø 0.8 m, 1200 °C forging for 40 min, finish 850 °C, recipe N1 (8 h,
    // charge ≤ 550 °C); small plant ambient 20 °C. Soak 0.5 + 0.8 = 1.3 h; cold heating 10·0.8·√0.8 = 7.1554 h.
    // Yard cooling 850 → 550 °C for 0.8 m (radiation + convection, integrated independently): 113.221 min.

    [Fact]
    public void EarliestFinishOfAHotIngotAddsHeatForgeCoolingAndCycle()
    {
        var plant = TestData.SmallPlant();
        var order = TestData.Order("A", releaseTempC: 800);

        var earliest = FeasibilityReport.Earliest(plant, order);

        // heat from 800 °C: 1.3 + 7.1554·(760 − 530)/760 = 3.46545 h = 207.927 min
        // forge 40 min
        // cooling 850 → 550 °C: 113.221 min
        // normalising 8 h = 480 min; total 841.148 min
        Assert.Equal(["heat 1", "forge 1", "cooling", "heat treatment"], earliest.Stages.Select(s => s.Name));
        Assert.Equal(207.927, earliest.Stages[0].Minutes, 3);
        Assert.Equal(40.0, earliest.Stages[1].Minutes, 6);
        Assert.Equal(113.22, earliest.Stages[2].Minutes, 1);
        Assert.Equal(480.0, earliest.Stages[3].Minutes, 6);
        Assert.InRange(earliest.TotalMinutes, 841.0, 841.3);
        Assert.Equal(TestData.PlanStart.AddMinutes(841.148), earliest.Finish, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void ReheatStartsFromTheFinishTemperature()
    {
        var plant = TestData.SmallPlant();
        var order = TestData.Order("B", releaseTempC: 800, heats: 2, releaseHours: 2);

        var earliest = FeasibilityReport.Earliest(plant, order);

        // reheat from 850 °C: 1.3 + 7.1554·(760 − 555)/760 = 3.23008 h = 193.805 min
        Assert.Equal(193.805, earliest.Stages.Single(s => s.Name == "heat 2").Minutes, 3);
        // 207.927 + 40 + 193.805 + 40 + 113.221 + 480 = 1074.953 min after a release at +2 h
        Assert.InRange(earliest.TotalMinutes, 1074.8, 1075.1);
        Assert.Equal(TestData.PlanStart.AddHours(2).AddMinutes(1074.953), earliest.Finish, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void NoCoolingStageWhenTheForgingFinishesBelowTheRecipeLimit()
    {
        var plant = TestData.SmallPlant();
        var order = TestData.Order("C", releaseTempC: null) with { Heats = [new ForgingHeat(1200, 40, 30, 500)] };

        var earliest = FeasibilityReport.Earliest(plant, order);

        // cold: 1.3 + 7.1554 = 8.4554 h = 507.325 min; forge 40; no cooling (500 ≤ 550); 480 → 1027.325 min
        Assert.DoesNotContain(earliest.Stages, s => s.Name == "cooling");
        Assert.Equal(1027.325, earliest.TotalMinutes, 3);
    }

    [Fact]
    public void OrderDueBeforeItsEarliestFinishIsNamedWithTheBreakdown()
    {
        var plant = TestData.SmallPlant();
        var book = TestData.Book(
            TestData.Order("OK", dueHours: 14.5),     // earliest 14.02 h: fits
            TestData.Order("LATE", dueHours: 14));    // a minute short

        var problems = FeasibilityReport.Explain(plant, book);

        var p = Assert.Single(problems);
        Assert.Equal("orders[1].due", p.Field);
        // 06:00 + 841.1 min = 20:01.1
        Assert.Equal(
            "order LATE cannot be finished before 2026-11-26 20:01 +08:00 (due 2026-11-26 20:00 +08:00): " +
            "heat 1 3.5 h + forge 1 0.7 h + cooling 1.9 h + heat treatment 8.0 h = 14.0 h from release 2026-11-26 06:00 +08:00",
            p.Message);
    }

    [Fact]
    public void ElectricOnlyPlantThatCannotPowerAHeavyPieceNamesTheOrder()
    {
        // Only an electric heating furnace of 1000 kW, holding 300 kW. A cold 60 t piece at η 0.85:
        // 60 000 kg · 760 kJ/kg / 0.85 / 3600 = 14 902 kWh over 8.4554 h = 1762 kW + 300 = 2062 kW > 1000 kW.
        // A cold 20 t piece: 587 + 300 = 887 kW, fits.
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
        Assert.Contains("HF-E needs 2062 kW, max 1000 kW", p.Message);
    }

    [Fact]
    public void PlantCapBelowAPiecesDrawIsReportedAsTheCap()
    {
        // Furnace max 3000 kW, but the plant may draw only 1500 kW: the 60 t piece (2062 kW) cannot go in.
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
        // Only electric HT-2 (3000 kW, holding 200 kW) runs N1 here. A cold 20 t piece to 880 °C over 8 h:
        // 20 000 · 570 / 0.85 / 3600 = 3725.5 kWh / 8 h = 466 kW + 200 = 666 kW.
        // With a 400 kW furnace the 20 t piece no longer fits.
        var plant = TestData.SmallPlant() with
        {
            HeatTreatmentFurnaces = [TestData.HeatTreatmentFurnace("HT-E", ["N1", "T1"], Carrier.Electric, efficiency: 0.85) with { MaxPowerKw = 400 }],
        };
        var book = TestData.Book(TestData.Order("A", dueHours: 100));

        var p = Assert.Single(FeasibilityReport.Explain(plant, book));

        Assert.Equal("orders[0].heat_treatment", p.Field);
        Assert.Contains("HT-E needs 666 kW, max 400 kW", p.Message);
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
