using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ForgeScheduler.Formats;
using ForgeScheduler.Mes.Simulation;
using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Api;

/// <summary>What <c>forge simulate</c> sent and what came back.</summary>
public sealed record SimulationSummary(
    int EventsSent,
    IReadOnlyDictionary<string, int> EventsByType,
    int Reschedules,
    int LastVersion,
    int RequestsSent,
    IReadOnlyList<string> Failures)
{
    public bool Ok => Failures.Count == 0;
}

public sealed record SimulatorSettings
{
    public int Seed { get; init; } = 1;
    public SimulationOptions Options { get; init; } = new();
    /// <summary>Reschedules asked for after disruptions; after that the day plays on the last plan.</summary>
    public int MaxReschedules { get; init; } = 10;
    /// <summary>A bound on events posted, so a run always ends.</summary>
    public int MaxEvents { get; init; } = 20_000;
    public string? ApiKey { get; init; }
    /// <summary>Store the plant first (when given a plant file).</summary>
    public bool PostPlant { get; init; } = true;
    /// <summary>Re-post the whole order book (as the MES knows it) after every this many events, as MES
    /// systems do; 0: never. The service must take it as a no-op for what did not change.</summary>
    public int ResendBookEvery { get; init; }
    /// <summary>Ask for reschedules as of the plant clock (body <c>{"now": …}</c>), not the service's clock.</summary>
    public bool RescheduleAtPlantTime { get; init; } = true;
}

/// <summary>A MES over real HTTP: posts the plant and orders, asks for a schedule, then plays the
/// simulated shop floor (<see cref="PlantDaySimulator"/>) in plant time, asking for a reschedule after
/// each disruption (furnace trip, rush order). Every non-2xx answer is recorded, never thrown.</summary>
public sealed class MesSimulatorClient(HttpClient http, IPlantClock clock, SimulatorSettings settings)
{
    private readonly List<string> _failures = [];
    private readonly Dictionary<string, int> _byType = new(StringComparer.Ordinal);
    private int _requests;

    public async Task<SimulationSummary> RunAsync(Plant plant, OrderBook book, CancellationToken cancellationToken)
    {
        var plantPath = $"api/v1/plants/{Uri.EscapeDataString(plant.Id)}";
        if (settings.PostPlant) await SendAsync(HttpMethod.Put, plantPath, JsonFiles.Serialize(PlantFile.ToDocument(plant)), cancellationToken);
        await SendAsync(HttpMethod.Post, $"{plantPath}/orders", JsonFiles.Serialize(OrdersFile.ToDocument(book)), cancellationToken);
        // Rush orders get ids the plant does not hold yet (an earlier day's rush order may still be open).
        var options = settings.Options with { TakenOrderIds = await PlantOrderIdsAsync(plantPath, cancellationToken) };
        var reschedules = 0;
        var (version, schedule) = await RescheduleAsync(plantPath, clock.Now, cancellationToken);
        if (schedule is null) return Summary(0, reschedules, version);
        reschedules++;
        var random = new Random(settings.Seed);
        var orders = book.Orders.ToList();
        var day = new PlantDaySimulator(plant, book, random, options).Simulate(schedule);
        var queue = new Queue<SimulatedEvent>(day.Events);
        var sent = 0;
        while (queue.Count > 0 && sent < settings.MaxEvents)
        {
            var e = queue.Dequeue();
            await clock.WaitUntilAsync(e.At, cancellationToken);
            var body = new JsonObject { ["events"] = new JsonArray(SimulatedEventsJson.ToNode(e)) }.ToJsonString();
            await SendAsync(HttpMethod.Post, $"{plantPath}/events", body, cancellationToken);
            sent++;
            _byType[e.Type] = _byType.GetValueOrDefault(e.Type) + 1;
            if (e.AddedOrder is { } rush) orders.Add(rush);
            if (settings.ResendBookEvery > 0 && sent % settings.ResendBookEvery == 0)
            {
                var resent = new OrderBook(book.Plant, book.PlanStart, orders) { FurnacesHotAtStart = book.FurnacesHotAtStart };
                await SendAsync(HttpMethod.Post, $"{plantPath}/orders", JsonFiles.Serialize(OrdersFile.ToDocument(resent)), cancellationToken);
                BooksResent++;
            }
            var disruption = e.Type is SimulatedEventTypes.ResourceDown or SimulatedEventTypes.OrderAdded;
            if (!disruption || reschedules >= settings.MaxReschedules) continue;
            var (v, replanned) = await RescheduleAsync(plantPath, e.At, cancellationToken);
            if (replanned is null) continue;
            reschedules++;
            version = v;
            // The floor goes on from now with the new plan; the rush order is part of the book from here.
            var current = new OrderBook(book.Plant, book.PlanStart, orders);
            var next = new PlantDaySimulator(plant, current, random, options).Simulate(replanned, e.At);
            queue = new Queue<SimulatedEvent>(next.Events.Where(x => x.At > e.At));
        }
        return Summary(sent, reschedules, version);
    }

    private SimulationSummary Summary(int sent, int reschedules, int version) =>
        new(sent, new Dictionary<string, int>(_byType), reschedules, version, _requests, _failures.ToList());

    /// <summary>How many times the whole book was re-posted (<see cref="SimulatorSettings.ResendBookEvery"/>).</summary>
    public int BooksResent { get; private set; }

    private async Task<(int Version, Schedule? Schedule)> RescheduleAsync(string plantPath, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var body = settings.RescheduleAtPlantTime ? new JsonObject { ["now"] = now.ToString("O") }.ToJsonString() : null;
        var answer = await SendAsync(HttpMethod.Post, $"{plantPath}/reschedule", body, cancellationToken);
        if (answer is null) return (0, null);
        var version = JsonNode.Parse(answer)?["version"]?.GetValue<int>() ?? 0;
        var scheduleJson = await SendAsync(HttpMethod.Get, $"{plantPath}/schedule?version={version}", null, cancellationToken);
        return scheduleJson is null ? (version, null) : (version, ScheduleFile.Parse(scheduleJson, "schedule"));
    }

    /// <summary>The ids of the orders the plant holds now (GET …/orders).</summary>
    private async Task<IReadOnlySet<string>> PlantOrderIdsAsync(string plantPath, CancellationToken cancellationToken)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        if (await SendAsync(HttpMethod.Get, $"{plantPath}/orders", null, cancellationToken) is not { } json) return ids;
        if (JsonNode.Parse(json)?["orders"] is JsonArray orders)
            foreach (var id in orders.Select(o => o?["id"]?.GetValue<string>()).OfType<string>()) ids.Add(id);
        return ids;
    }

    /// <summary>Sends one request; returns the body of a 2xx answer, else records the failure and returns null.</summary>
    private async Task<string?> SendAsync(HttpMethod method, string path, string? json, CancellationToken cancellationToken)
    {
        _requests++;
        using var request = new HttpRequestMessage(method, path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        if (settings.ApiKey is not null && method != HttpMethod.Get) request.Headers.Add(ApiKeyFilter.Header, settings.ApiKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode) return body;
            _failures.Add($"{method} /{path}: {(int)response.StatusCode} {Detail(body)}");
        }
        catch (HttpRequestException e)
        {
            _failures.Add($"{method} /{path}: {e.Message}");
        }
        return null;
    }

    private static string Detail(string body)
    {
        try { return JsonNode.Parse(body)?["detail"]?.GetValue<string>() ?? body; }
        catch (JsonException) { return body.Length > 200 ? body[..200] : body; }
    }
}
