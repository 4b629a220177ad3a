using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ForgeScheduler.Formats;
using Xunit.Abstractions;
using static ForgeScheduler.Api.Tests.Reference;

namespace ForgeScheduler.Api.Tests;

/// <summary>No poisoning (issue 15): an MES re-sends and amends its book through a simulated day — a shorter
/// route for a piece in progress, the original again, a plant revision that would strand orders, values at
/// the edge of what a double holds — and after every request, accepted or refused, the plant can still be
/// rescheduled with a valid plan holding every order.</summary>
public sealed class PoisoningTests(MemoryHostFixture fixture, ITestOutputHelper output) : IClassFixture<MemoryHostFixture>
{
    private const string Id = "poison";
    private HttpClient Client => fixture.Host.Client;
    private int _accepted;
    private int _refused;
    private int _reschedules;

    [Fact]
    public async Task AnMesAmendingItsBookThroughADayNeverLeavesAPlantThatCannotBePlanned()
    {
        await fixture.PutPlantCopyAsync(Id);
        var book = FirstOrders(4) with { Plant = Id };
        var piece = book.Orders[0]; // two heats: steps heat 1, forge 1, heat 2, forge 2, heat treatment
        Assert.Equal(2, piece.Heats.Count);
        await SendAsync("orders", BookJson(book), 200);
        var schedule = await RescheduleAsync(book.PlanStart);

        // The floor heats and starts forging the piece.
        var heat1 = Operation(schedule, piece.Id, 1);
        var forge1 = Operation(schedule, piece.Id, 2);
        await SendAsync("events", Events(
            Event("operation_started", heat1, heat1.Start), Event("operation_finished", heat1, heat1.End),
            Event("operation_started", forge1, forge1.Start)), 200);
        var now = forge1.Start.AddMinutes(5);
        schedule = await RescheduleAsync(now);

        // The MES re-sends the piece with a shorter route (its second heat not begun: allowed), then the original.
        var shorter = piece with { Heats = [piece.Heats[0]] };
        await SendAsync("orders", OrderJson(shorter), 200);
        schedule = await RescheduleAsync(now);
        Assert.Equal(3, schedule.Operations!.Count(o => o.Order == piece.Id));
        await SendAsync("orders", OrderJson(piece), 200);
        schedule = await RescheduleAsync(now);
        Assert.Equal(5, schedule.Operations!.Count(o => o.Order == piece.Id));

        // The second heat begins; now a shorter route contradicts the floor: refused, naming the field.
        var forge1Done = Operation(schedule, piece.Id, 2).End;
        var heat2 = Operation(schedule, piece.Id, 3);
        await SendAsync("events", Events(Event("operation_finished", forge1, forge1Done), Event("operation_started", heat2, heat2.Start)), 200);
        now = heat2.Start.AddMinutes(5);
        var refused = await SendAsync("orders", OrderJson(shorter), 409);
        Assert.NotNull(refused["errors"]?["orders[0].heats"]);
        await RescheduleAsync(now);
        await SendAsync("orders", OrderJson(piece), 200);

        // A plant revision under which no press takes the pieces: refused, naming the stranded orders.
        var plant = JsonNode.Parse(PlantJson, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!;
        plant["id"] = Id;
        foreach (var press in plant["presses"]!.AsArray()) press!["max_piece_t"] = 1;
        using (var revision = await Client.PutAsync($"api/v1/plants/{Id}", Json(plant.ToJsonString())))
        {
            var problem = await ServiceTests.AssertProblemAsync(revision, 409, null);
            Assert.Contains(piece.Id, problem.ToJsonString(), StringComparison.Ordinal);
            _refused++;
        }
        await RescheduleAsync(now);

        // Values a double holds but a plant cannot: refused at the edge, nothing stored.
        foreach (var (field, value) in new[] { ("finish_temp_c", -1e308), ("diameter_m", 1e308), ("cold_heating_h", 1e6) })
        {
            var extreme = JsonNode.Parse(OrderJson(book.Orders[1] with { Id = $"EXTREME-{field}" }))!;
            if (field == "finish_temp_c") extreme["heats"]![0]![field] = value;
            else extreme[field] = value;
            await SendAsync("orders", extreme.ToJsonString(), 422);
        }
        var farDue = JsonNode.Parse(OrderJson(book.Orders[1] with { Id = "FAR-DUE" }))!;
        farDue["due"] = "9999-12-31T00:00:00+00:00";
        await SendAsync("orders", farDue.ToJsonString(), 422);
        await RescheduleAsync(now);

        // The whole book again, as every MES does at some point, and the plan holds every order once.
        await SendAsync("orders", BookJson(book), 200);
        schedule = await RescheduleAsync(now);
        var stored = await Client.GetFromJsonAsyncSnake<OrderBookDocument>($"api/v1/plants/{Id}/orders");
        Assert.Equal(book.Orders.Select(o => o.Id).Order(StringComparer.Ordinal), stored.Orders!.Select(o => o.Id!).Order(StringComparer.Ordinal));
        foreach (var order in book.Orders)
            Assert.Equal(order.Heats.Count * 2 + 1, schedule.Operations!.Count(o => o.Order == order.Id));
        output.WriteLine($"poisoning day: {_accepted} requests accepted, {_refused} refused, {_reschedules} reschedules, all published with 0 violations");
    }

    private async Task<JsonNode> SendAsync(string what, string body, int expected)
    {
        using var response = await PostAsync(Client, $"api/v1/plants/{Id}/{what}", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == (int)response.StatusCode, $"{what}: expected {expected}, got {(int)response.StatusCode}: {text}");
        if (expected == 200) _accepted++;
        else _refused++;
        return JsonNode.Parse(text)!;
    }

    /// <summary>Every request above leaves a plant that plans: a published version, no violations.</summary>
    private async Task<ScheduleDocument> RescheduleAsync(DateTimeOffset now)
    {
        using var response = await PostAsync(Client, $"api/v1/plants/{Id}/reschedule", new JsonObject { ["now"] = now.ToString("O") }.ToJsonString());
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal(0, JsonNode.Parse(text)!["violations"]!.GetValue<int>());
        _reschedules++;
        return await Client.GetFromJsonAsyncSnake<ScheduleDocument>($"api/v1/plants/{Id}/schedule");
    }

    private static (string Resource, int Step, string Order, DateTimeOffset Start, DateTimeOffset End) Operation(ScheduleDocument schedule, string order, int step)
    {
        var op = schedule.Operations!.Single(o => o.Order == order && o.Step == step);
        return (op.Resource!, step, order, op.Start!.Value, op.End!.Value);
    }

    private static JsonObject Event(string type, (string Resource, int Step, string Order, DateTimeOffset Start, DateTimeOffset End) op, DateTimeOffset at) => new()
    {
        ["type"] = type, ["at"] = at.ToString("O"), ["resource"] = op.Resource, ["order"] = op.Order, ["step"] = op.Step,
    };

    private static string Events(params JsonObject[] events) => new JsonObject { ["events"] = new JsonArray(events) }.ToJsonString();
}
