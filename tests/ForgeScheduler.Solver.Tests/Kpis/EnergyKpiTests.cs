using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Kpis;
using static ForgeScheduler.Solver.Tests.Kpis.KpiTestData;

namespace ForgeScheduler.Solver.Tests.Kpis;

public class EnergyKpiTests
{
    private const double Tol = 1e-6;

    [Fact]
    public void ColdChargedPieceInGasFurnaceCostsSteelHeatHoldingAndAColdStart()
    {
        // 10 t cold (20 °C) to 1200 °C in HF-1 (gas, η 0.5, holding 300 kW, restart 3000 kWh) for 8 h:
        //   steel heat = 10 000 kg · (760 − 0) kJ/kg / 0.5 / 3600 = 4222.222 kWh
        //   holding while loaded = 300 kW · 8 h = 2400 kWh; one cold start 3000 kWh → 9622.222 kWh gas
        //   gas = 9622.222 · 3.6 / 38.931 = 889.779 Nm³; CO2 = · 2.1622 = 1923.881 kg; cost = · 3.6 = 3203.206
        var plant = TestData.SmallPlant();
        var book = TestData.Book(TestData.Order("A", massT: 10, releaseTempC: null));
        var schedule = Schedule(Op("A", 1, OperationKind.Heat, "HF-1", 0, 8));

        var kpi = KpiCalculator.Compute(plant, book, schedule);

        Assert.Equal(10, kpi.Tonnes, Tol);
        Assert.Equal(9622.222222, kpi.EnergyKwh, 1e-5);
        Assert.Equal(9622.222222, kpi.GasKwh, 1e-5);
        Assert.Equal(0, kpi.ElectricKwh, Tol);
        Assert.Equal(9622.222222, kpi.EnergyKwhByCarrier["gas"], 1e-5);
        Assert.Equal(0, kpi.EnergyKwhByCarrier["electric"], Tol);
        Assert.Equal(9622.222222, kpi.EnergyKwhByResource["HF-1"], 1e-5);
        Assert.Equal(0, kpi.EnergyKwhByResource["HF-2"], Tol);
        Assert.Equal(962.2222222, kpi.EnergyKwhPerT, 1e-6);
        Assert.Equal(889.7793532, kpi.GasNm3, 1e-6);
        Assert.Equal(1923.8809175, kpi.Co2Kg, 1e-6);
        Assert.Equal(192.38809175, kpi.Co2KgPerT, 1e-6);
        Assert.Equal(3203.2056716, kpi.EnergyCost, 1e-6);
        Assert.Equal(3000, kpi.FurnaceIdleKwh, Tol);
        Assert.Equal(2400, kpi.FurnaceHoldingKwh, Tol);
        Assert.Equal(1, kpi.FurnaceColdStarts);
        Assert.Equal(8, kpi.FurnaceHotH, Tol);
        Assert.Equal(0, kpi.ElectricShare, Tol);
        Assert.Equal(0, kpi.HotChargeRatio, Tol);
    }

    [Fact]
    public void AFurnaceHotAtPlanStartPaysNoColdStart()
    {
        // As above, HF-1 ran the night before: 4222.222 + 2400 = 6622.222 kWh, no cold start.
        var plant = TestData.SmallPlant();
        var book = TestData.Book(TestData.Order("A", massT: 10, releaseTempC: null)) with { FurnacesHotAtStart = ["HF-1"] };
        var schedule = Schedule(Op("A", 1, OperationKind.Heat, "HF-1", 0, 8));

        var kpi = KpiCalculator.Compute(plant, book, schedule);

        Assert.Equal(6622.222222, kpi.EnergyKwh, 1e-5);
        Assert.Equal(0, kpi.FurnaceColdStarts);
        Assert.Equal(0, kpi.FurnaceIdleKwh, Tol);
    }

    [Fact]
    public void AFurnaceHotAtPlanStartAndUsedLaterPaysTheGapRuleUntilItsFirstUse()
    {
        // HF-1 hot at 06:00, first used at 2 h: kept hot 2 h · 300 kW = 600 kWh < 3000 restart.
        // Used first at 20 h: 6000 > 3000, so it is let go cold and restarted: 3000 kWh, one cold start.
        var plant = TestData.SmallPlant();
        var order = TestData.Order("A", massT: 10, releaseTempC: null);
        var hot = TestData.Book(order) with { FurnacesHotAtStart = ["HF-1"] };

        var soon = KpiCalculator.Compute(plant, hot, Schedule(Op("A", 1, OperationKind.Heat, "HF-1", 2, 10)));
        var late = KpiCalculator.Compute(plant, hot, Schedule(Op("A", 1, OperationKind.Heat, "HF-1", 20, 28)));

        Assert.Equal(6622.222222 + 600, soon.EnergyKwh, 1e-5);
        Assert.Equal((2.0, 0), (soon.FurnaceHotIdleH, soon.FurnaceColdStarts));
        Assert.Equal(9622.222222, late.EnergyKwh, 1e-5);
        Assert.Equal((0.0, 1), (late.FurnaceHotIdleH, late.FurnaceColdStarts));
    }

    [Fact]
    public void ElectricHeatTreatmentIsPricedByTheHoursItDrawsIn()
    {
        // 10 t cold into HT-2 (electric, η 0.85, holding 200 kW, no restart energy here) for N1 (soak 880 °C):
        //   h(880) = 530 + 0.8·(580 − 530) = 570 kJ/kg; steel heat = 10 000 · 570 / 0.85 / 3600 = 1862.745 kWh
        //   holding 200 kW · 1.5 h = 300 kWh → 2162.745 kWh
        // The op runs 10:30–12:00 local: 1/3 of it in hour 10 (0.8 kg/kWh, 1.0/kWh), 2/3 in hour 11 (0.2, 0.5):
        //   CO2 = 2162.745 · (0.8/3 + 0.2·2/3) = 2162.745 · 0.4 = 865.098 kg
        //   cost = 2162.745 · (1.0/3 + 0.5·2/3) = 1441.830
        //   peak = 1862.745 kWh / 1.5 h + 200 kW holding = 1441.830 kW
        var plant = TestData.SmallPlant() with
        {
            Grid = TwoHourGrid(),
            HeatTreatmentFurnaces =
            [
                TestData.HeatTreatmentFurnace("HT-1", ["N1", "T1"]),
                TestData.HeatTreatmentFurnace("HT-2", ["N1", "T1"], Carrier.Electric, efficiency: 0.85, restartKwh: 0),
            ],
        };
        var book = TestData.Book(TestData.Order("A", massT: 10, releaseTempC: null));
        var schedule = Schedule(Op("A", 3, OperationKind.HeatTreat, "HT-2", 4.5, 6));

        var kpi = KpiCalculator.Compute(plant, book, schedule);

        Assert.Equal(2162.745098, kpi.ElectricKwh, 1e-5);
        Assert.Equal(0, kpi.GasKwh, Tol);
        Assert.Equal(865.0980392, kpi.Co2Kg, 1e-6);
        Assert.Equal(865.0980392, kpi.Co2KgByCarrier["electric"], 1e-6);
        Assert.Equal(1441.8300654, kpi.EnergyCost, 1e-6);
        Assert.Equal(1441.8300654, kpi.PeakElectricKw, 1e-6);
        Assert.Equal(1, kpi.ElectricShare, Tol);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void PvSurplusCoversElectricityFirstAtTheExportTariffAndNoCo2(bool horizonProfile)
    {
        // As above without holding: 1862.745 kWh over 10:30–12:00, 620.915 kWh in hour 10, 1241.830 in hour 11.
        // 1000 kW of PV surplus in hour 11 (export tariff 0.3): 1000 kWh from PV, 241.830 imported.
        //   CO2 = 620.915·0.8 + 241.830·0.2 = 496.732 + 48.366 = 545.098 kg
        //   cost = 620.915·1.0 + 241.830·0.5 + 1000·0.3 = 620.915 + 120.915 + 300 = 1041.830
        // By local hour (24 values) or by hour from the plan start (06:00, so 11:00 is index 5): the same.
        var pv = new double[horizonProfile ? 48 : 24];
        pv[horizonProfile ? 5 : 11] = 1000;
        var plant = TestData.SmallPlant() with
        {
            Grid = TwoHourGrid() with { OnsitePvSurplusKw = pv, ExportTariffPerKwh = 0.3 },
            HeatTreatmentFurnaces =
            [
                TestData.HeatTreatmentFurnace("HT-1", ["N1", "T1"]),
                TestData.HeatTreatmentFurnace("HT-2", ["N1", "T1"], Carrier.Electric, efficiency: 0.85, holdingKw: 0, restartKwh: 0),
            ],
        };
        var book = TestData.Book(TestData.Order("A", massT: 10, releaseTempC: null));
        var schedule = Schedule(Op("A", 3, OperationKind.HeatTreat, "HT-2", 4.5, 6));

        var kpi = KpiCalculator.Compute(plant, book, schedule);

        Assert.Equal(1862.745098, kpi.ElectricKwh, 1e-5);
        Assert.Equal(1000, kpi.OnsitePvKwh, 1e-6);
        Assert.Equal(545.0980392, kpi.Co2Kg, 1e-6);
        Assert.Equal(1041.8300654, kpi.EnergyCost, 1e-6);
    }

    [Fact]
    public void ElectricShareCountsFurnacesOnlyAndPeakAddsOverlappingElectricFurnaceOps()
    {
        // A: 10 t cold, HF-1 gas η 0.5 [0, 4 h): 4222.222 kWh + holding 300·4 + cold start 3000 = 8422.222 kWh gas
        // B: 10 t cold, HF-2 electric η 0.85 [0, 4 h): 10 000·760/0.85/3600 = 2483.660 + 1200 + 3000 = 6683.660 kWh
        // C: 10 t cold, HT-2 electric η 0.85 [2, 4 h): 1862.745 + holding 200·2 + cold start 2000 = 4262.745 kWh
        // B forges on P-80 [4, 5 h): 10 kWh/t · 10 t = 100 kWh, electric but not a furnace.
        // electric share = (6683.660 + 4262.745) / (8422.222 + 10 946.405) = 10 946.405 / 19 368.627 = 0.565162
        // peak in [2, 4 h): B 2483.660/4 = 620.915 kW + 300 holding, C 1862.745/2 = 931.373 kW + 200 → 2052.288 kW
        var plant = TestData.SmallPlant();
        var book = TestData.Book(
            TestData.Order("A", massT: 10, releaseTempC: null),
            TestData.Order("B", massT: 10, releaseTempC: null),
            TestData.Order("C", massT: 10, releaseTempC: null));
        var schedule = Schedule(
            Op("A", 1, OperationKind.Heat, "HF-1", 0, 4),
            Op("B", 1, OperationKind.Heat, "HF-2", 0, 4),
            Op("B", 2, OperationKind.Forge, "P-80", 4, 5),
            Op("C", 3, OperationKind.HeatTreat, "HT-2", 2, 4));

        var kpi = KpiCalculator.Compute(plant, book, schedule);

        Assert.Equal(0.5651616387, kpi.ElectricShare, 1e-9);
        Assert.Equal(2052.2875817, kpi.PeakElectricKw, 1e-6);
        Assert.Equal(10946.405229 + 100, kpi.ElectricKwh, 1e-5);
        Assert.Equal(100, kpi.EnergyKwhByResource["P-80"], Tol);
        Assert.Equal(30, kpi.Tonnes, Tol);
    }

    [Fact]
    public void BackToBackElectricChargesDoNotAddUpInThePeak()
    {
        // HT-2 (electric, η 0.85, holding 200 kW), N1: 10 t cold → 1862.745 kWh over [0, 2 h) = 931.373 kW;
        // 20 t cold → 3725.490 kWh over [2, 4 h) = 1862.745 kW. The first ends as the second starts:
        // peak = 1862.745 + 200 holding = 2062.745 kW, not 2994.118.
        var book = TestData.Book(
            TestData.Order("A", massT: 10, releaseTempC: null),
            TestData.Order("B", massT: 20, releaseTempC: null));
        var schedule = Schedule(
            Op("A", 3, OperationKind.HeatTreat, "HT-2", 0, 2),
            Op("B", 3, OperationKind.HeatTreat, "HT-2", 2, 4));

        var kpi = KpiCalculator.Compute(TestData.SmallPlant(), book, schedule);

        Assert.Equal(2062.745098, kpi.PeakElectricKw, 1e-5);
        Assert.Equal(0, kpi.FurnaceHotIdleH, Tol);
    }

    [Fact]
    public void EmptyScheduleGivesZerosNotNaN()
    {
        var kpi = KpiCalculator.Compute(TestData.SmallPlant(), TestData.Book(TestData.Order("A")), Schedule());

        Assert.Equal(0, kpi.Tonnes);
        Assert.Equal(0, kpi.EnergyKwhPerT);
        Assert.Equal(0, kpi.Co2KgPerT);
        Assert.Equal(0, kpi.HotChargeRatio);
        Assert.Equal(0, kpi.ElectricShare);
        Assert.Equal(0, kpi.MakespanH);
        Assert.Equal(0, kpi.Utilisation["HF-1"]);
        Assert.Equal(1, kpi.UnscheduledOrders);
    }
}
