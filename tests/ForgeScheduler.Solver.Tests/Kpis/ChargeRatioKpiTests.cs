using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Kpis;
using static ForgeScheduler.Solver.Tests.Kpis.KpiTestData;

namespace ForgeScheduler.Solver.Tests.Kpis;

public class ChargeRatioKpiTests
{
    [Fact]
    public void HotChargeAndHotTransferAreCountedByMassFromRealTemperatures()
    {
        // Diameter 0.8 m: τ = 5e6 · 0.2 / 80 / 3600 = 3.4722 h. Forging ends at 850 °C. N1 allows ≤ 550 °C.
        // H 30 t: ingot 800 °C charged at release → 800 ≥ 400, hot charge.
        //         heat treatment right after forging → 850 °C > 550: too hot, not a hot transfer.
        // C 10 t: cold, charged at 20 °C → not hot.
        //         heat treatment 2.5 h after forging → 20 + 830·e^(−2.5/3.4722) = 424 °C ∈ [300, 550] → hot transfer.
        // K 20 t: ingot 800 °C waits 5 h → 20 + 780·e^(−5/3.4722) = 204.8 °C < 400 → not hot.
        //         heat treatment 30 h after forging → ≈ 20 °C → not a hot transfer.
        // Tonnes 60: hot charge = 30/60 = 0.5; hot transfer = 10/60 = 0.1667.
        var plant = TestData.SmallPlant();
        var book = TestData.Book(
            TestData.Order("H", massT: 30, releaseTempC: 800),
            TestData.Order("C", massT: 10, releaseTempC: null),
            TestData.Order("K", massT: 20, releaseTempC: 800));
        var schedule = Schedule(
            Op("H", 1, OperationKind.Heat, "HF-1", 0, 5),
            Op("H", 2, OperationKind.Forge, "P-80", 5, 6),
            Op("H", 3, OperationKind.HeatTreat, "HT-1", 6, 14),
            Op("C", 1, OperationKind.Heat, "HF-2", 0, 8),
            Op("C", 2, OperationKind.Forge, "P-40", 8, 9),
            Op("C", 3, OperationKind.HeatTreat, "HT-2", 11.5, 19.5),
            Op("K", 1, OperationKind.Heat, "HF-1", 5, 10),
            Op("K", 2, OperationKind.Forge, "P-80", 10, 11),
            Op("K", 3, OperationKind.HeatTreat, "HT-1", 41, 49));

        var kpi = KpiCalculator.Compute(plant, book, schedule);

        Assert.Equal(60, kpi.Tonnes, 1e-9);
        Assert.Equal(0.5, kpi.HotChargeRatio, 1e-9);
        Assert.Equal(10 / 60.0, kpi.HotTransferRatio, 1e-9);
    }

    [Fact]
    public void OrderWithoutItsFirstHeatInTheScheduleIsNotHotCharged()
    {
        // A hot ingot (800 °C) whose schedule starts at the forge step: counted in tonnes (it has an op)
        // but not hot-charged, since there is no first-heat charge to judge.
        var book = TestData.Book(TestData.Order("A", massT: 10, releaseTempC: 800), TestData.Order("B", massT: 10, releaseTempC: 800));
        var schedule = Schedule(
            Op("A", 2, OperationKind.Forge, "P-80", 0, 1),
            Op("B", 1, OperationKind.Heat, "HF-1", 0, 2));

        var kpi = KpiCalculator.Compute(TestData.SmallPlant(), book, schedule);

        Assert.Equal(20, kpi.Tonnes, 1e-9);
        Assert.Equal(0.5, kpi.HotChargeRatio, 1e-9);
    }
}
