using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Evaluation;
using ForgeScheduler.Solver.Validation;

namespace ForgeScheduler.Solver.Tests.Validation;

/// <summary>A valid hand-built day on <see cref="TestData.SmallPlant"/>:
/// A and C (20 t, hot ingots at 800 °C, normalise N1) heat together in gas furnace HF-1, forge one
/// after the other on P-40 (C starts the minute A ends) and share charge HT-1-1 on HT-1;
/// B (50 t, two heats, 60 MN, temper T1) runs alone through electric HF-2, P-80 and electric HT-2.
/// Each rule test bends one thing.</summary>
public static class Scenario
{
    public static readonly Order A = TestData.Order("A");
    public static readonly Order B = TestData.Order("B", massT: 50, releaseHours: 1, heats: 2, recipe: "T1", minForceMn: 60);
    public static readonly Order C = TestData.Order("C");

    public static Plant Plant() => TestData.SmallPlant();

    public static OrderBook Book() => TestData.Book(A, B, C);

    /// <summary>Minutes A needs in HF-1, charged at its release temperature, rounded up.</summary>
    public static double HeatMinutesA(Plant plant) =>
        Math.Ceiling(ScheduleEvaluator.HeatingMinutes(plant, A, 1200, 800));

    /// <summary>The HT-1 charge of A and C starts three hours after C leaves the press.</summary>
    public static DateTimeOffset BatchStart(Plant plant) => A.Release.AddMinutes(HeatMinutesA(plant) + 85 + 180);

    public static PieceRoute RouteA(Plant plant) =>
        new(A, "HF-1", "P-40", "HT-1", "HT-1-1") { HeatTreatmentStart = BatchStart(plant) };

    /// <summary>C soaks 40 min longer than it needs so its forging starts as A's ends.</summary>
    public static PieceRoute RouteC(Plant plant) =>
        new(C, "HF-1", "P-40", "HT-1", "HT-1-1") { HeatSlackMinutes = 40, HeatTreatmentStart = BatchStart(plant) };

    public static PieceRoute RouteB(Plant plant) => new(B, "HF-2", "P-80", "HT-2", "HT-2-1");

    public static Schedule ScheduleOf(Plant plant, params PieceRoute[] routes) =>
        new("small", "hand", routes.SelectMany(r => r.Build(plant)).ToList());

    public static Schedule Valid(Plant plant) => ScheduleOf(plant, RouteA(plant), RouteB(plant), RouteC(plant));

    public static ScheduledOperation Op(Schedule schedule, string order, int step) =>
        schedule.Operations.Single(o => o.Order == order && o.Step == step);

    public static Schedule Change(Schedule schedule, string order, int step, Func<ScheduledOperation, ScheduledOperation> change) =>
        schedule with { Operations = schedule.Operations.Select(o => o.Order == order && o.Step == step ? change(o) : o).ToList() };

    public static Schedule Add(Schedule schedule, ScheduledOperation op) =>
        schedule with { Operations = [.. schedule.Operations, op] };

    public static Schedule Remove(Schedule schedule, string order, int step) =>
        schedule with { Operations = schedule.Operations.Where(o => !(o.Order == order && o.Step == step)).ToList() };

    /// <summary>Asserts the schedule breaks exactly <paramref name="rule"/> (and nothing else) and
    /// returns its violations.</summary>
    public static IReadOnlyList<Violation> OnlyRule(string rule, IReadOnlyList<Violation> violations)
    {
        var listing = string.Join(Environment.NewLine, violations);
        Assert.True(violations.Count > 0, $"expected {rule}, got no violation");
        Assert.True(violations.All(v => v.Rule == rule), $"expected only {rule}, got:{Environment.NewLine}{listing}");
        return violations;
    }

    public static Violation Named(IReadOnlyList<Violation> violations, string order, int step, string? resource)
    {
        var v = violations.FirstOrDefault(v => v.Order == order && v.Step == step);
        Assert.True(v is not null, $"no violation names order {order} step {step}:{Environment.NewLine}{string.Join(Environment.NewLine, violations)}");
        Assert.Equal(resource, v.Resource);
        return v;
    }
}
