using System.Text.Json;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Rescheduling;

namespace ForgeScheduler.Formats;

/// <summary>events.json (docs/formats.md, "Shop-floor events"): <c>{"events": [ … ]}</c>, the same
/// JSON the HTTP API takes.</summary>
public sealed class EventsDocument
{
    public List<EventDocument>? Events { get; set; }
}

/// <summary>One event; which fields it needs depends on <see cref="Type"/>. <see cref="Order"/> is an
/// order id (operation_*) or a whole order as in orders.json (order_added, order_changed, rush_order).</summary>
public sealed class EventDocument
{
    public string? Type { get; set; }
    public DateTimeOffset? At { get; set; }
    public string? Resource { get; set; }
    public DateTimeOffset? Until { get; set; }
    public JsonElement? Order { get; set; }
    public int? Step { get; set; }
    public double? TempC { get; set; }
    public double? EnergyKwh { get; set; }
    public string? Id { get; set; }
    /// <summary>resource_down only: "trip" (stops now, pieces inside interrupted) or "planned" (an outage
    /// window); missing: a trip if <c>at</c> is not after the reschedule's now, else planned.</summary>
    public string? Kind { get; set; }
}

public static class EventsFile
{
    public static IReadOnlyList<string> Types { get; } =
    [
        "resource_down", "resource_up", "operation_started", "operation_finished",
        "order_added", "rush_order", "order_changed", "order_cancelled",
    ];

    public static IReadOnlyList<ShopEvent> Load(string path) => Parse(JsonFiles.ReadText(path), path);

    public static IReadOnlyList<ShopEvent> Parse(string json, string source)
    {
        var doc = JsonFiles.Deserialize<EventsDocument>(json, source);
        var r = new Required(source);
        return r.Items(r.Get(doc.Events, "events"), "events").Select((e, i) => ToDomain(e, $"events[{i}]", source)).ToList();
    }

    public static ShopEvent ToDomain(EventDocument e, string path, string source)
    {
        var r = new Required(source);
        var type = r.Get(e.Type, $"{path}.type");
        var at = r.Get(e.At, $"{path}.at");
        return type switch
        {
            "resource_down" => new ResourceDown(at, r.Get(e.Resource, $"{path}.resource"), e.Until is { } u && u <= at
                ? throw new ForgeInputException(source, $"{path}.until", $"{u:O} is not after 'at' {at:O}")
                : e.Until, DownKindOf(e.Kind, $"{path}.kind", source)),
            "resource_up" => new ResourceUp(at, r.Get(e.Resource, $"{path}.resource")),
            "operation_started" => new OperationStarted(at, OrderId(e, path, source), Step(e, path, source),
                r.Get(e.Resource, $"{path}.resource"), e.TempC),
            "operation_finished" => new OperationFinished(at, OrderId(e, path, source), Step(e, path, source), e.TempC,
                e.EnergyKwh is < 0 ? throw new ForgeInputException(source, $"{path}.energy_kwh", "must not be negative") : e.EnergyKwh),
            "order_added" => new OrderAdded(at, WholeOrder(e, path, source)),
            "rush_order" => new OrderAdded(at, WholeOrder(e, path, source), Rush: true),
            "order_changed" => new OrderChanged(at, WholeOrder(e, path, source)),
            // The order's id as `id` (the file format's first spelling) or `order` (as every other event
            // and the HTTP body name it): one JSON for the file and the API.
            "order_cancelled" => new OrderCancelled(at, e.Id ?? (e.Order is { ValueKind: System.Text.Json.JsonValueKind.String } o ? o.GetString() : null)
                ?? r.Get(e.Id, $"{path}.id")),
            _ => throw new ForgeInputException(source, $"{path}.type", $"'{type}' is not an event type ({string.Join(", ", Types)})"),
        };
    }

    /// <summary>Checks events against the plant, the book and the plan in force: added or changed orders
    /// the plant can make (the same checks as orders.json, named by the event's field), then the
    /// rescheduler's own checks (RescheduleInputs: unknown resources and orders, steps, times).</summary>
    public static void Check(IReadOnlyList<ShopEvent> events, Plant plant, OrderBook book, Schedule current, string source)
    {
        var problems = new List<(string, string)>();
        var planStart = book.PlanStart;
        for (var i = 0; i < events.Count; i++)
        {
            var path = $"events[{i}]";
            switch (events[i])
            {
                case OrderAdded a:
                    problems.AddRange(OrderProblems(a.Order, plant, planStart, path));
                    break;
                case OrderChanged c:
                    problems.AddRange(OrderProblems(c.Order, plant, planStart, path));
                    break;
            }
        }
        if (problems.Count == 0) problems.AddRange(RescheduleInputs.Check(plant, book, current, events).Select(p => (p.Field, p.Message)));
        if (problems.Count > 0) throw new ForgeInputException(source, problems);
    }

    private static DownKind? DownKindOf(string? kind, string field, string source) => kind switch
    {
        null => null,
        "trip" => DownKind.Trip,
        "planned" => DownKind.Planned,
        _ => throw new ForgeInputException(source, field, $"'{kind}' is not a kind of down (trip, planned)"),
    };

    private static IEnumerable<(string, string)> OrderProblems(Order order, Plant plant, DateTimeOffset planStart, string path) =>
        InputChecks.CheckOrders(plant, new OrderBook(plant.Id, planStart, [order]))
            .Select(p => (p.Field.Replace("orders[0]", $"{path}.order", StringComparison.Ordinal), p.Message));

    private static string OrderId(EventDocument e, string path, string source) =>
        e.Order is { ValueKind: JsonValueKind.String } s && s.GetString() is { Length: > 0 } id
            ? id
            : throw new ForgeInputException(source, $"{path}.order", "is required (the order id)");

    private static int Step(EventDocument e, string path, string source) =>
        e.Step is { } step
            ? step >= 1 ? step : throw new ForgeInputException(source, $"{path}.step", "must be 1 or more (steps count from 1)")
            : throw new ForgeInputException(source, $"{path}.step", "is required");

    private static Order WholeOrder(EventDocument e, string path, string source)
    {
        if (e.Order is not { ValueKind: JsonValueKind.Object } element)
            throw new ForgeInputException(source, $"{path}.order", "is required (an order as in orders.json)");
        OrderDocument doc;
        try
        {
            doc = element.Deserialize<OrderDocument>(JsonFiles.Options) ?? throw new ForgeInputException(source, $"{path}.order", "is empty");
        }
        catch (JsonException x)
        {
            var field = string.IsNullOrEmpty(x.Path) || x.Path == "$" ? "" : "." + x.Path.TrimStart('$', '.');
            throw new ForgeInputException(source, $"{path}.order{field}", "has a value of the wrong kind");
        }
        return OrdersFile.ToDomain(doc, $"{path}.order", source);
    }
}
