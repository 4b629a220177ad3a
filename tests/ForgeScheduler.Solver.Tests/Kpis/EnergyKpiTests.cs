using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Kpis;
using static ForgeScheduler.Solver.Tests.Kpis.KpiTestData;

namespace ForgeScheduler.Solver.Tests.Kpis;

public class EnergyKpiTests
{
    private const double Tol = 1e-6;

    [Fact]
    public void ColdChargedPieceInGasFurnaceCostsHeatingPlusColdStartInGas()
    {
        // 10 t cold (20 °C) to 1200 °C in HF-1 (gas, η 0.5, restart 3000 kWh):
        //   heating = 10 000 kg · (760 − 0) kJ/kg / 0.5 / 3600 = 4222.222 kWh
        //   + one cold start 3000 kWh = 7222.222 kWh gas
        //   gas = 7222.222 · 3.6 / 38.931 = 26 000 / 38.931 = 667.848 Nm³
        //   CO2 = 667.848 · 2.1622 = 1444.021 kg; cost = 667.848 · 3.6 = 2404.254
        // The op lasts 8 h ≤ required 8.1 h (soak 0.5 + 0.8 = 1.3 h, heat-up 2 + 6·0.8 = 6.8 h), so no holding.
        var plant = TestData.SmallPlant();
        var book = TestData.Book(TestData.Order("A", massT: 10, releaseTempC: null));
        var schedule = Schedule(Op("A", 1, OperationKind.Heat, "HF-1", 0, 8));

        var kpi = KpiCalculator.Compute(plant, book, schedule);

        Assert.Equal(10, kpi.Tonnes, Tol);
        Assert.Equal(7222.222222, kpi.EnergyKwh, 1e-5);
        Assert.Equal(7222.222222, kpi.GasKwh, 1e-5);
        Assert.Equal(0, kpi.ElectricKwh, Tol);
        Assert.Equal(7222.222222, kpi.EnergyKwhByCarrier["gas"], 1e-5);
        Assert.Equal(0, kpi.EnergyKwhByCarrier["electric"], Tol);
        Assert.Equal(7222.222222, kpi.EnergyKwhByResource["HF-1"], 1e-5);
        Assert.Equal(0, kpi.EnergyKwhByResource["HF-2"], Tol);
        Assert.Equal(722.2222222, kpi.EnergyKwhPerT, 1e-6);
        Assert.Equal(667.8482443, kpi.GasNm3, 1e-6);
        Assert.Equal(1444.0214739, kpi.Co2Kg, 1e-6);
        Assert.Equal(144.40214739, kpi.Co2KgPerT, 1e-6);
        Assert.Equal(2404.2536796, kpi.EnergyCost, 1e-6);
        Assert.Equal(3000, kpi.FurnaceIdleKwh, Tol);
        Assert.Equal(0, kpi.ElectricShare, Tol);
        Assert.Equal(0, kpi.HotChargeRatio, Tol);
    }

    [Fact]
    public void ElectricHeatTreatmentIsPricedByTheHoursItDrawsIn()
    {
        // 10 t cold into HT-2 (electric, η 0.85, no restart energy here) for N1 (soak 880 °C):
        //   h(880) = 530 + 0.8·(580 − 530) = 570 kJ/kg; energy = 10 000 · 570 / 0.85 / 3600 = 1862.745 kWh
        // The op runs 10:30–12:00 local: 1/3 of it in hour 10 (0.8 kg/kWh, 1.0/kWh), 2/3 in hour 11 (0.2, 0.5):
        //   CO2 = 1862.745 · (0.8/3 + 0.2·2/3) = 1862.745 · 0.4 = 745.098 kg
        //   cost = 1862.745 · (1.0/3 + 0.5·2/3) = 1241.830; peak = 1862.745 kWh / 1.5 h = 1241.830 kW
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

        Assert.Equal(1862.745098, kpi.ElectricKwh, 1e-5);
        Assert.Equal(0, kpi.GasKwh, Tol);
        Assert.Equal(745.0980392, kpi.Co2Kg, 1e-6);
        Assert.Equal(745.0980392, kpi.Co2KgByCarrier["electric"], 1e-6);
        Assert.Equal(1241.8300654, kpi.EnergyCost, 1e-6);
        Assert.Equal(1241.8300654, kpi.PeakElectricKw, 1e-6);
        Assert.Equal(1, kpi.ElectricShare, Tol);
    }

    [Fact]
    public void ElectricShareCountsFurnacesOnlyAndPeakAddsOverlappingElectricFurnaceOps()
    {
        // A: 10 t cold, HF-1 gas η 0.5 [0, 4 h): 4222.222 kWh + cold start 3000 → 7222.222 gas furnace kWh
        // B: 10 t cold, HF-2 electric η 0.85 [0, 4 h): 10 000·760/0.85/3600 = 2483.660 kWh + cold start 3000
        // C: 10 t cold, HT-2 electric η 0.85 [2, 4 h): 1862.745 kWh + cold start 2000
        // B forges on P-80 [4, 5 h): 10 kWh/t · 10 t = 100 kWh, electric but not a furnace.
        // electric share = (2483.660 + 3000 + 1862.745 + 2000) / (7222.222 + 9346.405) = 9346.405 / 16568.627 = 0.564103
        // peak: B draws 2483.660/4 = 620.915 kW, C 1862.745/2 = 931.373 kW; together in [2, 4 h) = 1552.288 kW
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

        Assert.Equal(0.5641025641, kpi.ElectricShare, 1e-9);
        Assert.Equal(1552.2875817, kpi.PeakElectricKw, 1e-6);
        Assert.Equal(9346.405229 + 100, kpi.ElectricKwh, 1e-5);
        Assert.Equal(100, kpi.EnergyKwhByResource["P-80"], Tol);
        Assert.Equal(30, kpi.Tonnes, Tol);
    }

    [Fact]
    public void BackToBackElectricChargesDoNotAddUpInThePeak()
    {
        // HT-2 (electric, η 0.85), N1: 10 t cold → 1862.745 kWh over [0, 2 h) = 931.373 kW;
        // 20 t cold → 3725.490 kWh over [2, 4 h) = 1862.745 kW. The first ends as the second starts:
        // peak = 1862.745 kW, not 2794.118.
        var book = TestData.Book(
            TestData.Order("A", massT: 10, releaseTempC: null),
            TestData.Order("B", massT: 20, releaseTempC: null));
        var schedule = Schedule(
            Op("A", 3, OperationKind.HeatTreat, "HT-2", 0, 2),
            Op("B", 3, OperationKind.HeatTreat, "HT-2", 2, 4));

        var kpi = KpiCalculator.Compute(TestData.SmallPlant(), book, schedule);

        Assert.Equal(1862.745098, kpi.PeakElectricKw, 1e-5);
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
