using System.Text.Json;
using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Formats;
using ForgeScheduler.Metrics;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Rescheduling;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ForgeScheduler.Api;

/// <summary>One event as read from the request: the cluster's wire record, the event's JSON as sent
/// (what the store keeps) and, for order events, the order.</summary>
public sealed record ParsedEvent(ShopFloorEvent Wire, string Json, Order? Order, string ReceivedType);

/// <summary><c>POST /api/v1/plants/{plant}/events</c>: shop-floor events, all or nothing.</summary>
public static class EventsApi
{
    /// <summary>rush_order is the MES's name for an urgent order_added; the cluster knows only order_added.</summary>
    public const string RushOrder = "rush_order";

    public static RouteGroupBuilder MapEventsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/plants/{plant}/events").WithTags("Events");
        group.MapPost("/", PostEvents).WithName("PostEvents").AddEndpointFilter<ApiKeyFilter>()
            .Accepts<EventsRequest>("application/json");
        return group;
    }

    public static async Task<Results<Ok<EventsResponse>, ProblemHttpResult>> PostEvents(
        string plant, HttpContext http, IGrainFactory grains, IForgeTelemetry telemetry, CancellationToken cancellationToken)
    {
        if (await grains.PlantAsync(plant) is not { } known) return ApiProblems.UnknownPlant(plant);
        if (await ApiProblems.StaleIfMatchAsync(http, grains, plant) is { } stale) return stale;
        var body = await ApiInput.ReadBodyAsync(http.Request, cancellationToken);
        var claim = Idempotency.ClaimOf(http, body);
        var events = Parse(body, known);
        var grain = grains.Grain(plant);
        var current = (await grain.GetSchedule())?.Schedule;
        var book = await grains.BookAsync(plant);
        CheckAgainstPlan(known, book, current, events);
        var accepted = await grain.PostEvents([.. events.Select(e => e.Wire)], claim, cancellationToken);
        if (!accepted.Replayed)
        {
            foreach (var e in events)
            {
                telemetry.EventReceived(plant, e.ReceivedType);
                if (e.Wire.Type == ShopFloorEventTypes.OperationFinished) ReportFinished(telemetry, known, book, current, e.Wire);
            }
            if (events.Any(e => e.Order is not null || e.Wire.Type == ShopFloorEventTypes.OrderCancelled))
                telemetry.OrdersCounted(plant, (await grain.GetStatus()).OrderCount);
        }
        return TypedResults.Ok(new EventsResponse(events.Count, accepted.LastSequence, accepted.RescheduleRequested));
    }

    /// <summary>The rescheduler's own checks against the book and the version in force (unknown orders,
    /// steps off the route, times before the plan, a finish before its start): a batch it would refuse
    /// is refused here, all of it, and the version in force stays.</summary>
    private static void CheckAgainstPlan(Plant plant, OrderBook book, Schedule? current, IReadOnlyList<ParsedEvent> events)
    {
        var shop = events.Select(e => e.Wire.ToShopEvent()).ToList();
        if (shop.Any(e => e is null)) return;
        var problems = RescheduleInputs.Check(plant, book, current ?? new Schedule(plant.Id, "none", []), shop!);
        if (problems.Count > 0) throw ApiInputException.Unprocessable(problems.Select(p => (p.Field, p.Message)));
    }

    /// <summary>Actual energy and tonnes of a finished operation (tonnes: the order's pieces, counted on
    /// the first heat only so a piece heated twice is not two pieces).</summary>
    private static void ReportFinished(IForgeTelemetry telemetry, Plant plant, OrderBook book, Schedule? current, ShopFloorEvent e)
    {
        var op = current?.Operations.FirstOrDefault(o => o.Order == e.Order && o.Step == e.Step);
        var resource = e.Resource ?? op?.Resource;
        if (resource is null || e.EnergyKwh is not { } energy) return;
        var furnace = plant.FindFurnace(resource);
        var carrier = furnace?.Carrier ?? Carrier.Electric;
        var kind = op?.Kind ?? (furnace is null ? OperationKind.Forge
            : furnace.Kind == FurnaceKind.HeatTreatment ? OperationKind.HeatTreat : OperationKind.Heat);
        // Tonnes once per piece and kind: its first heat (heating charge, hot charge), its first forging
        // pass (forged) and its heat treatment (finished); a reheat or a second pass adds energy, not steel.
        var first = kind == OperationKind.HeatTreat || current is null
            ? kind == OperationKind.HeatTreat || e.Step == 1
            : !current.Operations.Any(o => o.Order == e.Order && o.Kind == kind && o.Step < e.Step);
        var tonnes = first && book.Find(e.Order ?? "") is { } order ? order.MassTonnes : 0;
        telemetry.OperationFinished(plant, resource, carrier, kind, energy, tonnes, op?.ChargeTempC ?? double.NaN, e.At);
    }

    /// <summary>Reads and checks <c>{"events": […]}</c>; every problem names <c>events[i].field</c>.</summary>
    public static IReadOnlyList<ParsedEvent> Parse(string body, Plant plant)
    {
        using var doc = ApiInput.ParseJson(body);
        if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("events", out var list)
            || list.ValueKind != JsonValueKind.Array)
            throw ApiInputException.Unprocessable("events", "is required: a JSON object {\"events\": [...]}");
        // Strict like every reader (docs/formats.md): no other field beside "events", and "events" once.
        var fields = doc.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        if (fields.FirstOrDefault(f => f != "events") is { } unknown)
            throw ApiInputException.Unprocessable(unknown.Length <= 64 ? unknown : unknown[..64] + "…", "is not a field of this format");
        if (fields.Count > 1) throw ApiInputException.Unprocessable("events", "is given twice");
        var problems = new List<(string, string)>();
        var parsed = new List<ParsedEvent>();
        var resources = plant.Furnaces.Select(f => f.Id).Concat(plant.Presses.Select(p => p.Id)).ToHashSet(StringComparer.Ordinal);
        var i = 0;
        foreach (var element in list.EnumerateArray())
        {
            var path = $"events[{i++}]";
            var e = ApiInput.Deserialize<EventDocument>(element, path);
            var before = problems.Count;
            void Need(bool ok, string field, string problem)
            {
                if (!ok) problems.Add(($"{path}.{field}", problem));
            }
            Need(e.Type is not null, "type", "is required");
            Need(e.At is not null, "at", "is required");
            if (e.Type is null || e.At is null) continue;
            var type = e.Type == RushOrder ? ShopFloorEventTypes.OrderAdded : e.Type;
            if (!ShopFloorEventTypes.All.Contains(type))
            {
                problems.Add(($"{path}.type", $"'{e.Type}' is not an event type ({string.Join(", ", ShopFloorEventTypes.All.Append(RushOrder))})"));
                continue;
            }
            Order? order = null;
            string? orderId = null;
            if (type is ShopFloorEventTypes.OrderAdded or ShopFloorEventTypes.OrderChanged)
            {
                if (e.Order is not { ValueKind: JsonValueKind.Object } orderElement)
                {
                    problems.Add(($"{path}.order", "must be the whole order (an orders.json order object)"));
                    continue;
                }
                var orderDoc = ApiInput.Deserialize<OrderDocument>(orderElement, $"{path}.order");
                try { order = OrdersFile.ToDomain(orderDoc, $"{path}.order", "body"); }
                catch (ForgeInputException x) { problems.AddRange(x.AllProblems.Count > 0 ? x.AllProblems : [(x.Location, x.Problem)]); continue; }
                var checks = InputChecks.CheckOrders(plant, new OrderBook(plant.Id, order.Release, [order]));
                problems.AddRange(checks.Select(p => ($"{path}.order.{p.Field}", p.Message)));
                orderId = order.Id;
            }
            else if (e.Order is { } idElement)
            {
                Need(idElement.ValueKind == JsonValueKind.String, "order", "must be an order id");
                if (idElement.ValueKind == JsonValueKind.String) orderId = idElement.GetString();
            }
            switch (type)
            {
                case ShopFloorEventTypes.ResourceDown or ShopFloorEventTypes.ResourceUp or ShopFloorEventTypes.OperationStarted:
                    Need(e.Resource is not null, "resource", "is required");
                    break;
                case ShopFloorEventTypes.OrderCancelled:
                    orderId ??= e.Id; // `id`, as the events file first spelled it, is the same field
                    Need(orderId is not null, "order", "is required (the order id)");
                    break;
            }
            if (type is ShopFloorEventTypes.OperationStarted or ShopFloorEventTypes.OperationFinished)
            {
                Need(orderId is not null, "order", "is required (the order id)");
                Need(e.Step is >= 1, "step", "is required: the 1-based step of the order's route");
            }
            if (e.Resource is { } r) Need(resources.Contains(r), "resource", $"'{r}' is not a furnace or press of plant '{plant.Id}'");
            if (e.Until is { } until) Need(until > e.At, "until", "must be after 'at'");
            if (e.Kind is { } kind) Need(type == ShopFloorEventTypes.ResourceDown && kind is "trip" or "planned", "kind", $"'{kind}' is not a kind of down (trip, planned; resource_down only)");
            if (e.EnergyKwh is { } kwh) Need(kwh >= 0 && double.IsFinite(kwh), "energy_kwh", "must be a non-negative number of kWh");
            if (e.TempC is { } t) Need(t is > -50 and < 2000, "temp_c", $"{t} is not a temperature in °C (−50…2000)");
            if (problems.Count > before) continue;
            var wire = new ShopFloorEvent
            {
                Type = type,
                At = e.At.Value,
                Resource = e.Resource,
                Until = e.Until,
                Order = orderId,
                Step = e.Step,
                TempC = e.TempC,
                EnergyKwh = e.EnergyKwh,
                OrderData = order,
                Kind = e.Kind,
            };
            parsed.Add(new ParsedEvent(wire, element.GetRawText(), order, e.Type));
        }
        if (problems.Count > 0) throw ApiInputException.Unprocessable(problems);
        if (parsed.Count == 0) throw ApiInputException.Unprocessable("events", "is empty");
        return parsed;
    }
}

/// <summary>The request body of POST …/events, for the OpenAPI document.</summary>
public sealed record EventsRequest(IReadOnlyList<EventDocument> Events);
