using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Kpis;
using static ForgeScheduler.Solver.Tests.Kpis.KpiTestData;

namespace ForgeScheduler.Solver.Tests.Kpis;

public class TimelinessKpiTests
{
    [Fact]
    public void WeightedTardinessUsesEachOrdersLastOperationAndLateHasOneMinuteTolerance()
    {
        // All due at plan start + 48 h.
        // A weight 2, last op ends 50 h → 2 · 2 h = 4 h, late
        // B weight 1, ends 48 h 30 s → 30 s = 0.008333 h of tardiness, but within 1 min: not late
        // C weight 1, ends 40 h → 0
        // D weight 3, ends 49.5 h → 3 · 1.5 h = 4.5 h, late
        // Σ = 8.508333 h; late = 2; makespan = 50 h.
        // Utilisation over 50 h: HT-1 busy [40, 50) (B [40, 48h30s) ∪ A [44, 50)) = 10 h → 0.2;
        //   HF-1 [0, 2) and HF-2 [38, 40): 2 h each → 0.04; HT-2 [45.5, 49.5) = 4 h → 0.08; P-40 unused → 0.
        var book = TestData.Book(
            TestData.Order("A", weight: 2),
            TestData.Order("B", weight: 1),
            TestData.Order("C", weight: 1),
            TestData.Order("D", weight: 3));
        var schedule = Schedule(
            Op("A", 1, OperationKind.Heat, "HF-1", 0, 2),
            Op("A", 3, OperationKind.HeatTreat, "HT-1", 44, 50),
            Op("B", 3, OperationKind.HeatTreat, "HT-1", 40, 48 + 30 / 3600.0),
            Op("C", 1, OperationKind.Heat, "HF-2", 38, 40),
            Op("D", 3, OperationKind.HeatTreat, "HT-2", 45.5, 49.5));

        var kpi = KpiCalculator.Compute(TestData.SmallPlant(), book, schedule);

        Assert.Equal(8.5 + 30 / 3600.0, kpi.WeightedTardinessH, 1e-9);
        Assert.Equal(2, kpi.LateOrders);
        Assert.Equal(50, kpi.MakespanH, 1e-9);
        Assert.Equal(0.2, kpi.Utilisation["HT-1"], 1e-9);
        Assert.Equal(0.04, kpi.Utilisation["HF-1"], 1e-9);
        Assert.Equal(0.04, kpi.Utilisation["HF-2"], 1e-9);
        Assert.Equal(0.08, kpi.Utilisation["HT-2"], 1e-9);
        Assert.Equal(0, kpi.Utilisation["P-40"], 1e-9);
    }

    [Fact]
    public void UnscheduledOrdersCountNeitherInTonnesNorInTardiness()
    {
        // B is not in the schedule: tonnes are A's 20 t only, B's lateness is not judged here.
        var book = TestData.Book(TestData.Order("A", massT: 20, dueHours: 10), TestData.Order("B", massT: 50, dueHours: 1));
        var schedule = Schedule(Op("A", 1, OperationKind.Heat, "HF-1", 0, 12));

        var kpi = KpiCalculator.Compute(TestData.SmallPlant(), book, schedule);

        Assert.Equal(20, kpi.Tonnes, 1e-9);
        Assert.Equal(2, kpi.WeightedTardinessH, 1e-9);
        Assert.Equal(1, kpi.LateOrders);
        Assert.Equal(1, kpi.UnscheduledOrders);
    }
}
