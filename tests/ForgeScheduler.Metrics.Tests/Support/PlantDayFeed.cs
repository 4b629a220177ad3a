using ForgeScheduler.Formats;
using ForgeScheduler.Mes.Simulation;
using ForgeScheduler.Solver.Baseline;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Generation;
using ForgeScheduler.Solver.Kpis;

namespace ForgeScheduler.Metrics.Tests.Support;

/// <summary>The telemetry calls a short plant day produces: a few orders of the reference plant dispatched
/// by the baseline rule, played by <see cref="PlantDaySimulator"/>; each operation_finished becomes an
/// <see cref="IForgeTelemetry.OperationFinished"/> with the resource and charge temperature of its
/// operation_started, the way the HTTP host pairs them.</summary>
public sealed class PlantDayFeed
{
    public static readonly DateTimeOffset PlanStart = new(2026, 11, 26, 6, 0, 0, TimeSpan.FromHours(8));

    public PlantDayFeed(int orders = 6, int seed = 11)
    {
        Plant = PlantFile.Load(RepositoryFiles.ReferencePlant);
        Book = OrderBookGenerator.Generate(Plant, orders, seed, PlanStart, 24);
        var baseline = BaselineDispatcher.Dispatch(Plant, Book);
        Day = new PlantDaySimulator(Plant, Book, new Random(seed)).Simulate(baseline);
        Baseline = KpiCalculator.Compute(Plant, Book, baseline);
        // The plan "as run" stands in for an optimised schedule: different figures, no solver in the test.
        Planned = KpiCalculator.Compute(Plant, Book, Day.Actual);
        Calls = BuildCalls().ToList();
    }

    public Plant Plant { get; }
    public OrderBook Book { get; }
    public PlantDay Day { get; }
    public KpiReport Baseline { get; }
    public KpiReport Planned { get; }

    /// <summary>One call per event, in time order, with the metered kWh it posts (0 for other events).</summary>
    public IReadOnlyList<(double EnergyKwh, Action<IForgeTelemetry> Call)> Calls { get; }

    private IEnumerable<(double, Action<IForgeTelemetry>)> BuildCalls()
    {
        var started = Day.Events.Where(e => e.Type == SimulatedEventTypes.OperationStarted)
            .ToDictionary(e => (e.Order!, e.Step!.Value));
        foreach (var e in Day.Events)
        {
            var type = e.Type;
            yield return (0, t => t.EventReceived(Plant.Id, type));
            if (type != SimulatedEventTypes.OperationFinished || e.EnergyKwh is not { } kwh) continue;
            var start = started[(e.Order!, e.Step!.Value)];
            var order = Book.Find(e.Order!) ?? throw new InvalidOperationException($"unknown order {e.Order}");
            var kind = Route.StepOf(order, e.Step!.Value)!.Kind;
            var resource = start.Resource!;
            var carrier = Plant.FindFurnace(resource)?.Carrier ?? Carrier.Electric;
            var chargeTempC = start.TempC ?? Plant.AmbientC;
            var at = e.At;
            yield return (kwh, t => t.OperationFinished(Plant, resource, carrier, kind, kwh, order.MassTonnes, chargeTempC, at));
        }
    }
}
