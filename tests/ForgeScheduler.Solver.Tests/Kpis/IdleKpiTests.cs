using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Kpis;
using static ForgeScheduler.Solver.Tests.Kpis.KpiTestData;

namespace ForgeScheduler.Solver.Tests.Kpis;

public class IdleKpiTests
{
    private const double Tol = 1e-6;

    [Fact]
    public void FurnaceKeepsHotThroughShortGapAndRestartsAfterLongOne()
    {
        // HF-1: holding 300 kW, restart 3000 kWh → break-even at 10 h.
        // Occupied: A [0, 2 h) ∪ D [1, 3 h) = [0, 3 h); B [6, 8 h); C [21, 23 h).
        //   gap 3 h (3–6):  hold 900 kWh < 3000 → kept hot, 3 hot-idle hours
        //   gap 13 h (8–21): hold 3900 > 3000 → goes cold, restart 3000 kWh, no hot-idle hours
        //   + one cold start 3000 → furnace idle = 900 + 3000 + 3000 = 6900 kWh, two cold starts
        // Holding while loaded: 300 kW · (3 + 2 + 2) h = 2100 kWh.
        // Steel heat: four cold 10 t pieces to 1200 °C at η 0.5, each 4222.222 kWh
        //   → HF-1 = 16 888.889 + 2100 + 6900 = 25 888.889 kWh.
        var plant = TestData.SmallPlant();
        var book = TestData.Book(
            TestData.Order("A", massT: 10, releaseTempC: null),
            TestData.Order("B", massT: 10, releaseTempC: null),
            TestData.Order("C", massT: 10, releaseTempC: null),
            TestData.Order("D", massT: 10, releaseTempC: null));
        var schedule = Schedule(
            Op("A", 1, OperationKind.Heat, "HF-1", 0, 2),
            Op("D", 1, OperationKind.Heat, "HF-1", 1, 3),
            Op("B", 1, OperationKind.Heat, "HF-1", 6, 8),
            Op("C", 1, OperationKind.Heat, "HF-1", 21, 23));

        var kpi = KpiCalculator.Compute(plant, book, schedule);

        Assert.Equal(3, kpi.FurnaceHotIdleH, Tol);
        Assert.Equal(6900, kpi.FurnaceIdleKwh, Tol);
        Assert.Equal(2100, kpi.FurnaceHoldingKwh, Tol);
        Assert.Equal(2, kpi.FurnaceColdStarts);
        Assert.Equal(10, kpi.FurnaceHotH, Tol);
        Assert.Equal(25888.888889, kpi.EnergyKwhByResource["HF-1"], 1e-5);
        Assert.Equal(3 / 23.0 + 2 / 23.0 + 2 / 23.0, kpi.Utilisation["HF-1"], Tol);
    }

    [Fact]
    public void ElectricFurnaceIdleIsPricedByTheHoursOfTheGap()
    {
        // HF-2 electric, holding 300 kW, restart 3000 kWh. Pieces arrive at 1200 °C and are charged at once,
        // so steel heat is 0. A [08:48, 10:00), B [11:30, 12:30) local.
        // Holding while loaded: A 1.2 h = 360 kWh (60 in hour 8, 300 in hour 9), B 1 h = 300 (150 in 11, 150 in 12).
        // Gap 1.5 h: hold 450 kWh < 3000 → hot, 300 kWh in hour 10 (0.8 kg, 1.0/kWh), 150 in hour 11 (0.2, 0.5).
        // Cold start 3000 kWh at 08:48, hour 8 (0.5 kg, 0.7/kWh). Electricity = 4110 kWh:
        //   CO2 = 3060·0.5 + 300·0.5 + 300·0.8 + 300·0.2 + 150·0.5 = 1530 + 150 + 240 + 60 + 75 = 2055 kg
        //   cost = 3060·0.7 + 300·0.7 + 300·1.0 + 300·0.5 + 150·0.7 = 2142 + 210 + 300 + 150 + 105 = 2907
        var plant = TestData.SmallPlant() with { Grid = TwoHourGrid() };
        var book = TestData.Book(
            TestData.Order("A", massT: 10, releaseTempC: 1200, releaseHours: 2.8),
            TestData.Order("B", massT: 10, releaseTempC: 1200, releaseHours: 5.5));
        var schedule = Schedule(
            Op("A", 1, OperationKind.Heat, "HF-2", 2.8, 4),
            Op("B", 1, OperationKind.Heat, "HF-2", 5.5, 6.5));

        var kpi = KpiCalculator.Compute(plant, book, schedule);

        Assert.Equal(4110, kpi.ElectricKwh, Tol);
        Assert.Equal(1.5, kpi.FurnaceHotIdleH, Tol);
        Assert.Equal(2055, kpi.Co2Kg, Tol);
        Assert.Equal(2907, kpi.EnergyCost, Tol);
        Assert.Equal(1, kpi.HotChargeRatio, Tol);
    }

    [Fact]
    public void PressIdlesBetweenFirstAndLastForgeOfEachShift()
    {
        // P-80: idle 300 kW, 10 kWh/t. Shifts of 8 h from 06:00: [06:00, 14:00), [14:00, 22:00).
        // Shift 0: forges 06:30–07:10, 08:00–08:40, 13:50–14:30 (starts in shift 0, so belongs to it)
        //   span 06:30–14:30 = 8 h, forging 2 h → idle 6 h
        // Shift 1: 15:00–15:40, 16:00–16:40 → idle 20 min. 14:30–15:00 crosses shifts: not idle.
        // Idle = 6 h 20 min = 6.3333 h → 1900 kWh; forging 5 · 10 t · 10 kWh/t = 500 kWh → P-80 = 2400 kWh.
        var plant = TestData.SmallPlant();
        var ids = new[] { "A", "B", "C", "D", "E" };
        var book = TestData.Book(ids.Select(id => TestData.Order(id, massT: 10)).ToArray());
        var schedule = Schedule(
            Op("A", 2, OperationKind.Forge, "P-80", 0.5, 70 / 60.0),
            Op("B", 2, OperationKind.Forge, "P-80", 2, 160 / 60.0),
            Op("C", 2, OperationKind.Forge, "P-80", 7 + 50 / 60.0, 8.5),
            Op("D", 2, OperationKind.Forge, "P-80", 9, 9 + 40 / 60.0),
            Op("E", 2, OperationKind.Forge, "P-80", 10, 10 + 40 / 60.0));

        var kpi = KpiCalculator.Compute(plant, book, schedule);

        Assert.Equal(6 + 1 / 3.0, kpi.PressIdleH, 1e-9);
        Assert.Equal(1900, kpi.PressIdleKwh, 1e-6);
        Assert.Equal(2400, kpi.EnergyKwhByResource["P-80"], 1e-6);
        Assert.Equal(0, kpi.FurnaceIdleKwh, Tol);
        Assert.Equal(0, kpi.ElectricShare, Tol);
    }
}
