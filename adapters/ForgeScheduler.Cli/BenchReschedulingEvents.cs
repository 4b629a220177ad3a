using System.Globalization;
using System.Text;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Rescheduling;

namespace ForgeScheduler.Cli;

/// <summary>One sampled event: what happened, when the reschedule runs, and the orders it names or reaches.</summary>
internal sealed record SampledEvent(string Type, string Description, IReadOnlyList<ShopEvent> Events, DateTimeOffset Now, IReadOnlySet<string> Touched);

/// <summary>Events for the reschedule case, drawn from a plan with a seeded random: somewhere in the first
/// 60 % of the plan (so there is a future to re-plan), on resources and orders the plan uses.</summary>
internal static class RescheduleEvents
{
    public const string HeatingTrip = "heating_furnace_trip";
    public const string HeatTreatmentTrip = "ht_furnace_trip";
    public const string LateFinish = "late_finish";
    public const string ColderPiece = "colder_piece";
    public const string RushOrder = "rush_order";
    public const string Cancellation = "cancellation";

    public static IReadOnlyList<string> Types { get; } = [HeatingTrip, HeatTreatmentTrip, LateFinish, ColderPiece, RushOrder, Cancellation];

    public static SampledEvent Sample(Plant plant, OrderBook book, Schedule plan, string type, Random random, int n)
    {
        var ops = plan.Operations.Where(o => !o.Interrupted).ToList();
        var first = ops.Min(o => o.Start);
        var span = ops.Max(o => o.Start) - first;
        DateTimeOffset Somewhen() => Minute(first + span * (0.05 + 0.55 * random.NextDouble()));
        T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];
        switch (type)
        {
            case HeatingTrip or HeatTreatmentTrip:
            {
                var kind = type == HeatingTrip ? OperationKind.Heat : OperationKind.HeatTreat;
                var resource = Pick(ops.Where(o => o.Kind == kind).Select(o => o.Resource).Distinct().Order(StringComparer.Ordinal).ToList());
                var at = Somewhen();
                var until = at.AddHours(1 + random.Next(8)); // 1–8 h
                var touched = ops.Where(o => o.Resource == resource && o.End > at && o.Start < until).Select(o => o.Order).ToHashSet();
                return new SampledEvent(type, Inv($"{resource} trips at {at:HH:mm} for {(until - at).TotalHours:0} h"),
                    [new ResourceDown(at, resource, until)], at, touched);
            }
            case LateFinish:
            {
                var heat = Pick(Window(ops, OperationKind.Heat, first, span));
                var at = heat.End.AddMinutes(30 + random.Next(91)); // 30–120 min late
                return new SampledEvent(type, Inv($"{heat.Order} heat {heat.Step} on {heat.Resource} finishes {(at - heat.End).TotalMinutes:0} min late"),
                    [new OperationFinished(at, heat.Order, heat.Step, null, null)], at, new HashSet<string> { heat.Order });
            }
            case ColderPiece:
            {
                // A hot charge (a cold one cannot come in colder), 100–250 °C colder than planned.
                var hot = Window(ops, OperationKind.Heat, first, span).Where(o => o.ChargeTempC >= plant.HotChargeMinC).ToList();
                var heat = Pick(hot.Count > 0 ? hot : Window(ops, OperationKind.Heat, first, span));
                var colder = Math.Max(plant.AmbientC, heat.ChargeTempC - (100 + random.Next(151)));
                return new SampledEvent(type, Inv($"{heat.Order} heat {heat.Step} charged at {colder:0} °C, planned {heat.ChargeTempC:0} °C"),
                    [new OperationStarted(heat.Start, heat.Order, heat.Step, heat.Resource, colder)], heat.Start.AddMinutes(5),
                    new HashSet<string> { heat.Order });
            }
            case RushOrder:
            {
                var at = Somewhen();
                var template = Pick(book.Orders);
                var leadTime = (template.Due - template.Release) * 0.6;
                var rush = template with { Id = $"RUSH-{n}", Release = at, Due = at + leadTime, Weight = template.Weight * 5 };
                return new SampledEvent(type, Inv($"{rush.Id} ({template.MassTonnes:0} t, {template.Heats.Count} heat(s)) due in {leadTime.TotalHours:0} h"),
                    [new OrderAdded(at, rush, Rush: true)], at, new HashSet<string> { rush.Id });
            }
            default:
            {
                var at = Somewhen();
                var later = ops.Where(o => o.Start > at.AddHours(2)).Select(o => o.Order).Distinct().Order(StringComparer.Ordinal).ToList();
                var id = later.Count > 0 ? Pick(later) : Pick(book.Orders).Id;
                return new SampledEvent(Cancellation, $"{id} cancelled", [new OrderCancelled(at, id)], at, new HashSet<string> { id });
            }
        }
    }

    /// <summary>Operations of a kind starting in the sampling window (any of the kind if none does).</summary>
    private static List<ScheduledOperation> Window(List<ScheduledOperation> ops, OperationKind kind, DateTimeOffset first, TimeSpan span)
    {
        var inside = ops.Where(o => o.Kind == kind && o.Start >= first + span * 0.05 && o.Start <= first + span * 0.6)
            .OrderBy(o => o.Start).ThenBy(o => o.Order, StringComparer.Ordinal).ToList();
        return inside.Count > 0 ? inside : ops.Where(o => o.Kind == kind).OrderBy(o => o.Start).ToList();
    }

    private static DateTimeOffset Minute(DateTimeOffset t) => new(t.Ticks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, t.Offset);

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>bench.md's reschedule section.</summary>
internal static class RescheduleBenchMarkdown
{
    public static void Render(StringBuilder md, RescheduleBenchReport r)
    {
        md.AppendLine().AppendLine("## Rescheduling after one event").AppendLine();
        md.AppendLine(Inv($"Books planned by CP-SAT in {r.BaseLimitSeconds:0.#} s: ") +
                      string.Join("; ", r.Books.Select(b => Inv($"{b.Book} ({b.Orders} orders, {b.Operations} operations, {b.BaseStatus})"))) + ".");
        md.AppendLine(Inv($"{r.Events} single events (seed {r.Seed}), each answered by `Rescheduler.Reschedule` (repair, then CP-SAT around it) with a {r.RescheduleLimitSeconds:0.#} s limit, and re-planned from scratch by `Rescheduler.ReoptimiseFully` (same past, {r.FreshLimitSeconds:0.#} s) for comparison. ") +
                      "Untouched: operations of orders the event does not name or reach; changed = moved (start ≥ 1 min) or reassigned. " +
                      Inv($"CO2/t vs fresh = answer ÷ fresh − 1. Load average {r.LoadAverage}.")).AppendLine();
        md.AppendLine(Inv($"**All events**: wall p50 {r.WallP50Seconds:0.00} s, p95 {r.WallP95Seconds:0.00} s; untouched operations changed p95 {r.UntouchedChangedPctP95:0.0} %; CO2/t vs fresh {r.Co2VsFreshPctMean:+0.0;-0.0;0.0} % (mean); weighted tardiness {r.TardinessHMean:0.00} h vs fresh {r.TardinessHFreshMean:0.00} h (mean); orders late that the repair has on time: {r.LateNotLateInRepair}; invalid answers: {r.Invalid}; improved by CP-SAT: {r.Improved} of {r.Events}.")).AppendLine();
        md.AppendLine("| event | runs | wall p50 s | wall p95 s | untouched changed % p95 | CO2/t vs fresh % mean | tardiness h mean | fresh tardiness h mean | improved |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var t in r.ByType)
            md.AppendLine(Inv($"| {t.EventType} | {t.Runs} | {t.WallP50Seconds:0.00} | {t.WallP95Seconds:0.00} | {t.UntouchedChangedPctP95:0.0} | {t.Co2VsFreshPctMean:+0.0;-0.0;0.0} | {t.TardinessHMean:0.00} | {t.TardinessHFreshMean:0.00} | {t.Improved} |"));
        md.AppendLine().AppendLine("| book | event | status | wall s | untouched changed | CO2/t repair / answer / fresh | tardiness h repair / answer / fresh | valid |");
        md.AppendLine("|---|---|---|---:|---:|---|---|---|");
        foreach (var e in r.EventRuns)
            md.AppendLine(Inv($"| {e.Book} | {e.Event} | {e.Status} | {e.WallSeconds:0.00} | {e.UntouchedChanged}/{e.UntouchedOperations} ({e.UntouchedChangedPct:0.0} %) | {e.Co2KgPerTRepair:0.0} / {e.Co2KgPerT:0.0} / {e.Co2KgPerTFresh:0.0} | {e.TardinessHRepair:0.00} / {e.TardinessH:0.00} / {e.TardinessHFresh:0.00} | {(e.Valid ? "yes" : "NO")} |"));
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
