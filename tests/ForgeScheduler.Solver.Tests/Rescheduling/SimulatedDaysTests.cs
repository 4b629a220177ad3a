using ForgeScheduler.Formats;
using ForgeScheduler.Mes.Simulation;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Optimisation;
using ForgeScheduler.Solver.Rescheduling;
using ForgeScheduler.Solver.Tests.Generation;
using ForgeScheduler.Solver.Validation;
using Xunit.Abstractions;

namespace ForgeScheduler.Solver.Tests.Rescheduling;

/// <summary>The reference day played by the plant-day simulator the way <c>forge simulate</c> plays it
/// against <c>forge serve</c>: the plant keeps the reported downs as downtime and the book the rush
/// orders, the rescheduler gets every operation_started/finished so far and a moving now, and each
/// version it makes must pass the whole validator (the service refuses it otherwise).</summary>
public sealed class SimulatedDaysTests(ITestOutputHelper output)
{
    private static readonly Plant Reference = PlantFile.Load(RepositoryFiles.ReferencePlant);
    private static readonly OrderBook Day = OrdersFile.Load(RepositoryFiles.Path("datasets", "reference", "orders-day.json"), Reference);

    private static readonly CpSatOptions Solver = new() { TimeLimitSeconds = 30, Workers = 1, Seed = 1, DeterministicTime = 1.0 };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void EveryVersionOverSimulatedDaysPassesTheValidator(int seed)
    {
        var random = new Random(seed);
        var sim = new SimulationOptions { FurnaceTripProbability = 0.3, LateHeatProbability = 0.15, RushOrderProbability = 0.6 };
        var baseDowntime = Reference.Downtime;
        var downs = new List<Downtime>();
        var orders = Day.Orders.ToList();
        var actuals = new List<ShopEvent>();
        Plant PlantNow() => Reference with { Downtime = [.. baseDowntime, .. downs.Where(d => d.To > d.From)] };
        OrderBook BookNow() => Day with { Orders = orders.ToList() };

        var schedule = CpSatScheduler.Solve(Reference, Day, Solver).Schedule;
        Assert.Empty(ScheduleValidator.Validate(Reference, Day, schedule));
        var version = 1;
        var problems = new List<string>();
        var queue = new Queue<SimulatedEvent>(new PlantDaySimulator(Reference, Day, random, sim).Simulate(schedule).Events);
        var reschedules = 0;
        while (queue.Count > 0 && reschedules < 8)
        {
            var e = queue.Dequeue();
            switch (e.Type)
            {
                case SimulatedEventTypes.ResourceDown:
                    downs.Add(new Downtime(e.Resource!, e.At, e.Until ?? e.At.AddHours(24)));
                    break;
                case SimulatedEventTypes.ResourceUp:
                    for (var i = 0; i < downs.Count; i++)
                        if (downs[i].Resource == e.Resource && downs[i].To > e.At) downs[i] = downs[i] with { To = e.At };
                    break;
                case SimulatedEventTypes.OrderAdded:
                    orders.Add(e.AddedOrder!);
                    break;
                case SimulatedEventTypes.OperationStarted:
                    actuals.Add(new OperationStarted(e.At, e.Order!, e.Step!.Value, e.Resource!, e.TempC));
                    break;
                case SimulatedEventTypes.OperationFinished:
                    actuals.Add(new OperationFinished(e.At, e.Order!, e.Step!.Value, e.TempC, e.EnergyKwh));
                    break;
            }
            if (e.Type is not (SimulatedEventTypes.ResourceDown or SimulatedEventTypes.OrderAdded)) continue;
            var plant = PlantNow();
            var book = BookNow();
            var bad = RescheduleInputs.Check(plant, book, schedule, actuals).Select(p => p.Event).ToHashSet();
            var applicable = actuals.Where((_, i) => !bad.Contains(i)).ToList();
            var result = Rescheduler.Reschedule(plant, book, schedule, applicable, e.At, new RescheduleOptions
            {
                CurrentVersion = version,
                Solver = Solver,
            });
            // The simulator shifts one order without looking at the others, so what the floor reports can
            // itself break rules (two pieces on a press at once, a heat shorter than physics wants): those
            // are facts the rescheduler keeps. Every other broken rule is the rescheduler's.
            var reported = applicable.OfType<OperationStarted>().GroupBy(a => (a.Order, a.Step)).ToDictionary(g => g.Key, g => g.Max(a => a.At));
            bool IsReportedFact(Violation v) => v.Order is { } o && v.Step is { } st && reported.TryGetValue((o, st), out var at)
                && result.NewSchedule.Operations.Any(op => op.Order == o && op.Step == st && !op.Interrupted && op.Start == at);
            var violations = ScheduleValidator.Validate(plant, book, result.NewSchedule);
            var ours = violations.Where(v => !IsReportedFact(v)).ToList();
            output.WriteLine($"v{version + 1} at {e.At:MM-dd HH:mm} after {e.Type} {e.Resource ?? e.AddedOrder?.Id}: {result.Status}, {violations.Count} violation(s), {ours.Count} not the floor's");
            foreach (var v in ours) problems.Add($"v{version + 1} at {e.At:MM-dd HH:mm}: {v}");
            // A step is run once, after any run a trip cut short: never twice, never on top of its cut.
            foreach (var g in result.NewSchedule.Operations.GroupBy(o => (o.Order, o.Step)))
            {
                var runs = g.Where(o => !o.Interrupted).ToList();
                if (runs.Count != 1) problems.Add($"v{version + 1}: order {g.Key.Order} step {g.Key.Step} is scheduled {runs.Count} time(s)");
                else if (g.Any(c => c.Interrupted && c.End > runs[0].Start))
                    problems.Add($"v{version + 1}: order {g.Key.Order} step {g.Key.Step} runs from {runs[0].Start:MM-dd HH:mm}, before its interrupted run ended");
            }
            reschedules++;
            version++;
            schedule = result.NewSchedule;
            var next = new PlantDaySimulator(Reference, book, random, sim).Simulate(schedule, e.At);
            queue = new Queue<SimulatedEvent>(next.Events.Where(x => x.At > e.At));
        }
        Assert.True(reschedules > 0, "the simulated day had no disruption to answer");
        Assert.Empty(problems);
    }
}
