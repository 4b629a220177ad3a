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
        group.MapPost("/", PostEvents).WithName("PostEvents").AddEndpointFilter<ApiKeyFilter>().AddEndpointFilter<IfMatchFilter>()
            .Accepts<EventsRequest>("application/json");
        return group;
    }

    public static async Task<Results<Ok<EventsResponse>, ProblemHttpResult>> PostEvents(
        string plant, HttpContext http, IGrainFactory grains, IForgeTelemetry telemetry, CancellationToken cancellationToken)
    {
        if (await grains.PlantAsync(plant) is not { } known) return ApiProblems.UnknownPlant(plant);
        if (await ApiProblems.UnmatchableIfMatchAsync(http, grains, plant) is { } stale) return stale;
        var body = await ApiInput.ReadBodyAsync(http.Request, cancellationToken);
        var claim = Idempotency.ClaimOf(http, body);
        var events = Parse(body, known);
        var grain = grains.Grain(plant);
        // If-Match is checked by the grain in the same turn as the write (no check-then-act here).
        var accepted = await grain.PostEvents([.. events.Select(e => e.Wire)], claim, ApiProblems.IfMatchVersion(http.Request), cancellationToken);
        if (!accepted.Replayed)
        {
            // The actual energy, CO2 and tonnes of finished operations are metered by the resource grains
            // (IActualsMeter), where the plant grain hands each finish on; here only what arrived.
            foreach (var e in events) telemetry.EventReceived(plant, e.ReceivedType);
            if (events.Any(e => e.Order is not null || e.Wire.Type == ShopFloorEventTypes.OrderCancelled))
                telemetry.OrdersCounted(plant, (await grain.GetStatus()).OrderCount);
        }
        return TypedResults.Ok(new EventsResponse(events.Count, accepted.LastSequence, accepted.RescheduleRequested));
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
