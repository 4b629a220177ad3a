using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Solver.Tests.Kpis;

/// <summary>Hand-built schedules for KPI tests. They need not be feasible: the KPIs judge any
/// schedule. Claimed charge temperatures and energies are nonsense on purpose, so a test fails if
/// the calculator trusts them instead of physics.</summary>
internal static class KpiTestData
{
    public const double ClaimedChargeTempC = 999;
    public const double ClaimedEnergyKwh = -1;

    /// <summary>Local hours 10 and 11 differ from the rest: hour 10 is dirty and dear
    /// (0.8 kg/kWh, 1.0 per kWh), hour 11 clean and cheap (0.2, 0.5), every other hour 0.5 and 0.7.
    /// The test plant is in Asia/Shanghai and TestData.PlanStart is 06:00 +08:00, so local hour =
    /// PlanStart hour + offset in hours.</summary>
    public static GridProfile TwoHourGrid()
    {
        var co2 = Enumerable.Repeat(0.5, 24).ToArray();
        var tariff = Enumerable.Repeat(0.7, 24).ToArray();
        co2[10] = 0.8; tariff[10] = 1.0;
        co2[11] = 0.2; tariff[11] = 0.5;
        return new GridProfile(co2, tariff);
    }

    public static ScheduledOperation Op(string order, int step, OperationKind kind, string resource,
        double startH, double endH, string? charge = null) => new(
        order, step, kind, resource, charge ?? $"{resource}-{order}-{step}",
        TestData.PlanStart.AddHours(startH), TestData.PlanStart.AddHours(endH),
        ClaimedChargeTempC, ClaimedEnergyKwh, null);

    public static Schedule Schedule(params ScheduledOperation[] ops) => new("small", "test", ops);
}
