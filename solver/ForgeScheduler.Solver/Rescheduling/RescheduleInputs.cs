using System.Globalization;
using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Solver.Rescheduling;

/// <summary>One bad event, named by its field as the events file spells it (<c>events[3].resource</c>);
/// <see cref="Event"/> is its index in the list given.</summary>
public sealed record RescheduleProblem(string Field, string Message)
{
    public int Event { get; init; }

    public override string ToString() => $"{Field}: {Message}";
}

/// <summary>The events cannot be applied to this plan: nothing was rescheduled, the version in force
/// stays. <see cref="Problems"/> names every bad field; the message is the first, in one line.</summary>
public sealed class RescheduleInputException : ArgumentException
{
    public RescheduleInputException(IReadOnlyList<RescheduleProblem> problems)
        : base(problems.Count > 0 ? problems[0].ToString() : "bad events") => Problems = problems;

    public IReadOnlyList<RescheduleProblem> Problems { get; }
}

/// <summary>Checks shop-floor events against the plant, the order book and the plan in force before
/// anything is applied: unknown resources and orders, steps off the route, a resource that cannot do
/// the step, times before the plan starts, a finish before its start. Field names follow the events
/// file: <c>events[i]</c> is the i-th event as given.</summary>
public static class RescheduleInputs
{
    public static IReadOnlyList<RescheduleProblem> Check(Plant plant, OrderBook book, Schedule current, IReadOnlyList<ShopEvent> events)
    {
        var problems = new List<RescheduleProblem>();
        var orders = book.Orders.ToDictionary(o => o.Id, StringComparer.Ordinal);
        // The start the floor reported for a step, wherever in the list it comes.
        var started = events.OfType<OperationStarted>().GroupBy(s => (s.Order, s.Step)).ToDictionary(g => g.Key, g => g.Max(s => s.At));
        // Applied in time order, as the rescheduler does: an order added at 08:00 may be reported started at 09:00.
        foreach (var (e, i) in events.Select((e, i) => (e, i)).OrderBy(x => x.e.At).ThenBy(x => x.i))
        {
            var path = $"events[{i}]";
            void Bad(string field, string message) => problems.Add(new RescheduleProblem($"{path}.{field}", message) { Event = i });
            if (e.At < book.PlanStart) Bad("at", $"{Time(e.At)} is before the plan starts at {Time(book.PlanStart)}");
            else if (e.At - book.PlanStart > InputLimits.PlanWindow)
                Bad("at", $"{Time(e.At)} is more than {InputLimits.PlanWindow.TotalDays:0} days after the plan start {Time(book.PlanStart)}");
            switch (e)
            {
                case ResourceDown d:
                    if (!plant.HasResource(d.Resource)) Bad("resource", $"unknown resource '{d.Resource}' on plant '{plant.Id}'");
                    if (d.Until is { } until && until <= d.At) Bad("until", $"{Time(until)} is not after 'at' {Time(d.At)}");
                    else if (d.Until is { } far && far - book.PlanStart > InputLimits.PlanWindow)
                        Bad("until", $"{Time(far)} is more than {InputLimits.PlanWindow.TotalDays:0} days after the plan start; leave 'until' out for a resource down until further notice");
                    break;
                case ResourceUp u when !plant.HasResource(u.Resource):
                    Bad("resource", $"unknown resource '{u.Resource}' on plant '{plant.Id}'");
                    break;
                case OperationStarted s:
                {
                    if (StepOf(orders, s.Order, s.Step, Bad) is not { } step) break;
                    if (!plant.HasResource(s.Resource)) Bad("resource", $"unknown resource '{s.Resource}' on plant '{plant.Id}'");
                    else if (!Fits(plant, step.Kind, s.Resource)) Bad("resource", $"'{s.Resource}' cannot run step {s.Step} of order {s.Order} (a {KindName(step.Kind)})");
                    if (s.TempC is { } t && InputLimits.RangeProblem(t, InputLimits.MinTempC, InputLimits.MaxTempC, " °C") is { } tm) Bad("temp_c", tm);
                    break;
                }
                case OperationFinished f:
                {
                    if (f.TempC is { } ft && InputLimits.RangeProblem(ft, InputLimits.MinTempC, InputLimits.MaxTempC, " °C") is { } ftm) Bad("temp_c", ftm);
                    if (f.EnergyKwh is { } kwh && InputLimits.RangeProblem(kwh, 0, 1e8, " kWh") is { } km) Bad("energy_kwh", km);
                    if (StepOf(orders, f.Order, f.Step, Bad) is null) break;
                    var start = started.TryGetValue((f.Order, f.Step), out var s) ? s
                        : current.Operations.Where(o => o.Order == f.Order && o.Step == f.Step && !o.Interrupted).Select(o => (DateTimeOffset?)o.Start).FirstOrDefault();
                    if (start is { } from && f.At < from)
                        Bad("at", $"finish {Time(f.At)} is before the step's start {Time(from)}");
                    break;
                }
                case OrderAdded a:
                    orders[a.Order.Id] = a.Order;
                    break;
                case OrderChanged c:
                    orders[c.Order.Id] = c.Order;
                    break;
                case OrderCancelled x when !orders.Remove(x.Id):
                    Bad("id", $"unknown order '{x.Id}'");
                    break;
            }
        }
        return problems;
    }

    /// <summary>Throws <see cref="RescheduleInputException"/> when <see cref="Check"/> finds anything.</summary>
    public static void ThrowIfBad(Plant plant, OrderBook book, Schedule current, IReadOnlyList<ShopEvent> events)
    {
        var problems = Check(plant, book, current, events);
        if (problems.Count > 0) throw new RescheduleInputException(problems);
    }

    private static RouteStep? StepOf(Dictionary<string, Order> orders, string id, int step, Action<string, string> bad)
    {
        if (!orders.TryGetValue(id, out var order))
        {
            bad("order", $"unknown order '{id}'");
            return null;
        }
        var routeStep = Route.StepOf(order, step);
        if (routeStep is null) bad("step", $"order {id} has {Route.StepCount(order)} route steps; there is no step {step}");
        return routeStep;
    }

    private static bool Fits(Plant plant, OperationKind kind, string resource) => kind switch
    {
        OperationKind.Heat => plant.FindFurnace(resource)?.Kind == FurnaceKind.Heating,
        OperationKind.Forge => plant.FindPress(resource) is not null,
        _ => plant.FindFurnace(resource)?.Kind == FurnaceKind.HeatTreatment,
    };

    private static string KindName(OperationKind kind) => kind switch
    {
        OperationKind.Heat => "heat",
        OperationKind.Forge => "forging",
        _ => "heat treatment",
    };

    private static string Time(DateTimeOffset t) => t.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);
}
