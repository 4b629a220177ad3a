using System.Text.Json;
using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Formats;
using ForgeScheduler.Metrics;
using ForgeScheduler.Mes.B2mml;
using ForgeScheduler.Solver.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ForgeScheduler.Api;

/// <summary>Orders of a plant: upsert one or a batch (idempotent by id and by Idempotency-Key), list, cancel.</summary>
public static class OrdersApi
{
    public static RouteGroupBuilder MapOrdersApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/plants/{plant}/orders").WithTags("Orders");
        group.MapGet("/", ListOrders).WithName("ListOrders");
        group.MapPut("/", UpsertOrders).WithName("PutOrders").AddEndpointFilter<ApiKeyFilter>()
            .Accepts<OrderBookDocument>("application/json", "application/xml");
        group.MapPost("/", UpsertOrders).WithName("PostOrders").AddEndpointFilter<ApiKeyFilter>().AddEndpointFilter<IfMatchFilter>()
            .Accepts<OrderBookDocument>("application/json", "application/xml");
        group.MapDelete("/{id}", CancelOrder).WithName("CancelOrder").AddEndpointFilter<ApiKeyFilter>().AddEndpointFilter<IfMatchFilter>();
        return group;
    }

    public static async Task<Results<Ok<OrderBookDocument>, ProblemHttpResult>> ListOrders(string plant, IGrainFactory grains)
    {
        if (!(await grains.Grain(plant).GetStatus()).HasPlant) return ApiProblems.UnknownPlant(plant);
        return TypedResults.Ok(OrdersFile.ToDocument(await grains.BookAsync(plant)));
    }

    /// <summary>One order (an orders.json order object), a batch (an orders.json document), or a B2MML
    /// ProductionSchedule with <c>Content-Type: application/xml</c>.</summary>
    public static async Task<Results<Ok<OrdersResponse>, ProblemHttpResult>> UpsertOrders(string plant, HttpContext http,
        IGrainFactory grains, IForgeTelemetry telemetry, CancellationToken cancellationToken)
    {
        if (!await grains.Grain(plant).IsKnown()) return ApiProblems.UnknownPlant(plant);
        if (await ApiProblems.UnmatchableIfMatchAsync(http, grains, plant) is { } stale) return stale;
        var body = await ApiInput.ReadBodyAsync(http.Request, cancellationToken);
        var xml = http.Request.ContentType?.Contains("xml", StringComparison.OrdinalIgnoreCase) == true;
        // Only B2MML needs the plant to read the body (units, resources); a JSON body is read without it
        // and the grain answers 404 for a plant it does not know: one grain call per upsert.
        var known = xml ? await grains.PlantAsync(plant) : null;
        if (xml && known is null) return ApiProblems.UnknownPlant(plant);
        var claim = Idempotency.ClaimOf(http, body);
        // The API reads the body (syntax, file format); the plant grain checks the orders against the
        // plant and what the floor did with them, once, and stores one row per order and the key in one
        // transaction.
        var (planStart, orders, hotAtStart) = Read(body, http.Request.ContentType, plant, known);
        var book = new OrderBook(plant, planStart ?? orders.Min(o => o.Release), orders) { FurnacesHotAtStart = hotAtStart ?? [] };
        // If-Match is checked by the grain in the same turn as the write (no check-then-act here).
        var accepted = await grains.Grain(plant).UpsertOrders(book, claim, ApiProblems.IfMatchVersion(http.Request), cancellationToken);
        if (!accepted.Replayed) telemetry.OrdersCounted(plant, accepted.OrderCount);
        return TypedResults.Ok(new OrdersResponse(accepted.Added, accepted.Changed, accepted.Unchanged, accepted.OrderCount,
            [.. accepted.Outcomes.Select(o => new OrderOutcome(o.Id, o.Outcome))]));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> CancelOrder(string plant, string id, HttpContext http,
        IGrainFactory grains, IForgeTelemetry telemetry, CancellationToken cancellationToken)
    {
        var grain = grains.Grain(plant);
        var status = await grain.GetStatus();
        if (!status.HasPlant) return ApiProblems.UnknownPlant(plant);
        if (await ApiProblems.UnmatchableIfMatchAsync(http, grains, plant) is { } stale) return stale;
        var cancelled = await grain.CancelOrder(id, ApiProblems.IfMatchVersion(http.Request), cancellationToken);
        telemetry.OrdersCounted(plant, status.OrderCount - (cancelled ? 1 : 0));
        return cancelled
            ? TypedResults.NoContent()
            : ApiProblems.Status(StatusCodes.Status404NotFound, "Unknown order.", $"plant '{plant}' has no active order '{id}'", "id");
    }

    /// <summary>The orders of a body, its plan start and, for an orders.json document that gives it,
    /// the furnaces hot at plan start (null: not given, keep what the service knows).</summary>
    public static (DateTimeOffset? PlanStart, IReadOnlyList<Order> Orders, IReadOnlyList<string>? HotAtStart) Read(string body, string? contentType,
        string plantId, Plant? plant)
    {
        if (contentType is not null && contentType.Contains("xml", StringComparison.OrdinalIgnoreCase))
        {
            var known = plant ?? throw new ArgumentNullException(nameof(plant), "B2MML needs the plant");
            var book = ApiInput.Map(() => B2mmlOrders.Parse(body, "body", known));
            return (book.PlanStart, book.Orders, null);
        }
        using var json = ApiInput.ParseJson(body);
        var root = json.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw ApiInputException.Unprocessable("body", "must be an order object or an orders.json document");
        if (root.TryGetProperty("orders", out _))
        {
            var doc = ApiInput.Deserialize<OrderBookDocument>(root);
            if (doc.Plant is { } p && p != plantId)
                throw ApiInputException.Unprocessable("plant", $"'{p}' does not match the plant in the URL ('{plantId}')");
            var orders = ApiInput.Map(() => (doc.Orders ?? []).Select((o, i) => OrdersFile.ToDomain(o, $"orders[{i}]", "body")).ToList());
            if (orders.Count == 0) throw ApiInputException.Unprocessable("orders", "is empty");
            var duplicate = orders.GroupBy(o => o.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null) throw ApiInputException.Unprocessable("orders", $"order '{duplicate.Key}' appears twice");
            return (doc.PlanStart, orders, doc.FurnacesHotAtStart);
        }
        var single = ApiInput.Deserialize<OrderDocument>(root);
        return (null, [ApiInput.Map(() => OrdersFile.ToDomain(single, "order", "body"))], null);
    }
}
