using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ForgeScheduler.Mes.B2mml;
using static ForgeScheduler.Api.Tests.Reference;

namespace ForgeScheduler.Api.Tests;

/// <summary>What a fuzz run saw: responses by status, the ones that broke a rule (a 5xx, a 4xx without
/// problem details and `errors`, a .NET internal in a message), and the request counts.</summary>
public sealed record FuzzReport(int Requests, IReadOnlyDictionary<int, int> ByStatus, IReadOnlyList<string> Failures, IReadOnlyDictionary<string, int> ByCase)
{
    public int ServerErrors => ByStatus.Where(kv => kv.Key >= 500).Sum(kv => kv.Value);

    public string Histogram => string.Join(", ", ByStatus.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}: {kv.Value}"));
}

/// <summary>A seeded fuzzer over every write endpoint of the API (docs/reliability.md): valid bodies of
/// each endpoint mutated at the JSON tree, the text, the bytes and the HTTP level (NUL characters, nulls in
/// arrays, huge strings, non-ASCII ids, deep nesting, wrong types, extreme numbers and dates, invalid UTF-8,
/// duplicate keys, unknown fields, DTDs and deep XML, wrong content types and methods, odd headers and
/// ids in the URL). Each worker has its own generator (seed + worker), so a run is the same request list
/// whatever the machine; only the interleaving of workers varies.</summary>
public sealed class HttpFuzzer(HttpClient client, IReadOnlyList<string> plants, int seed)
{
    /// <summary>Words a client must never see: .NET type and parameter names, stack traces.</summary>
    private static readonly string[] Internals =
        ["JsonNumberHandling", "System.", "(Parameter '", "Exception", "   at ", "Nullable`", "NpgsqlException", "ordersJson"];

    private static readonly double[] ExtremeNumbers =
        [1e308, -1e308, double.MaxValue, 5e-324, 0, -1, 9.3e18, -9.3e18, 1e15, 123456789.123456789, 0.0001];

    private static readonly string[] ExtremeDates =
        ["9999-12-31T23:59:59+00:00", "0001-01-01T00:00:00+00:00", "2026-13-45T99:00:00Z", "", "yesterday", "2026-11-26", "1970-01-01T00:00:00Z"];

    private static readonly string[] OddStrings =
        ["\u0000", "a\u0000b", "Ω-炉-🔥-é", "ǅ\u200B\uFEFF", "../../etc/passwd", "<script>", "' OR 1=1 --", " ", "\t\n", "%00", "\uD83D"];

    private readonly ConcurrentDictionary<int, int> _byStatus = new();
    private readonly ConcurrentDictionary<string, int> _byCase = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _failures = new();
    private int _sent;
    private readonly ConcurrentQueue<string> _accepted = new();

    /// <summary>Bodies over 50 kB that were accepted (for the report: what a client can make the service keep).</summary>
    public IReadOnlyCollection<string> LargeAccepted => _accepted;

    public async Task<FuzzReport> RunAsync(int requests, int parallel)
    {
        var workers = Enumerable.Range(0, parallel).Select(w => Task.Run(async () =>
        {
            var random = new Random(seed * 1000 + w);
            for (var i = w; i < requests; i += parallel) await SendOneAsync(random);
        }));
        await Task.WhenAll(workers);
        return new FuzzReport(_sent, new Dictionary<int, int>(_byStatus), [.. _failures], new Dictionary<string, int>(_byCase));
    }

    private async Task SendOneAsync(Random random)
    {
        var plant = plants[random.Next(plants.Count)];
        using var request = Build(random, plant, out var label);
        _byCase.AddOrUpdate(label, 1, (_, n) => n + 1);
        var sentBody = request.Content is null ? "" : await request.Content.ReadAsStringAsync();
        var description = $"{label}: {request.Method} {Shorten(request.RequestUri?.OriginalString ?? "")} [{request.Content?.Headers.ContentType}] {Shorten(sentBody)}";
        HttpResponseMessage response;
        // A request the service sits on is a finding too (a hang is a denial of service): 30 s at most.
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            response = await client.SendAsync(request, patience.Token);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            Interlocked.Increment(ref _sent);
            Fail($"{description} → no response: {e.Message}");
            return;
        }
        using (response)
        {
            Interlocked.Increment(ref _sent);
            var status = (int)response.StatusCode;
            _byStatus.AddOrUpdate(status, 1, (_, n) => n + 1);
            var body = await response.Content.ReadAsStringAsync();
            if (status == 400 && body.Length == 0 && (request.RequestUri?.OriginalString.Contains("%00", StringComparison.Ordinal) ?? false))
            {
                // A NUL in the request target: Kestrel refuses the request line itself, before any of the
                // application runs, with a bare 400 (docs/reliability.md); nothing reached the service.
                _byCase.AddOrUpdate("refused by Kestrel (NUL in the URL)", 1, (_, n) => n + 1);
                return;
            }
            if (status is >= 200 and < 300) Acknowledge(request, plant, body, sentBody);
            if (status is >= 200 and < 300 && (request.Content?.Headers.ContentLength ?? 0) > 50_000)
                _accepted.Enqueue($"{description} → {status}");
            if (status >= 500) Fail($"{description} → {status} {Shorten(body)}");
            else if (status >= 400) CheckProblem(description, status, response.Content.Headers.ContentType?.MediaType, body);
        }
    }

    private readonly ConcurrentDictionary<(string Plant, string Order), string> _written = new();
    private readonly ConcurrentDictionary<(string Plant, string Order), bool> _cancelled = new();

    /// <summary>Orders the service acknowledged (a 2xx naming them as inserted, updated or unchanged, or a
    /// rush_order/order_added/order_changed in an accepted event batch) and never acknowledged as cancelled
    /// or retired since: each must be in the store after the run. An order also cancelled is left out, as
    /// four workers race on the same ids and the last word is not known.</summary>
    public IReadOnlyList<(string Plant, string Order)> AcknowledgedOrders =>
        [.. _written.Where(kv => kv.Value != "retired" && !_cancelled.ContainsKey(kv.Key)).Select(kv => kv.Key).OrderBy(k => k.Plant, StringComparer.Ordinal).ThenBy(k => k.Order, StringComparer.Ordinal)];

    private void Acknowledge(HttpRequestMessage request, string plant, string answer, string sent)
    {
        // HttpClient made the request's address absolute when it sent it.
        var path = request.RequestUri is { IsAbsoluteUri: true } absolute ? absolute.AbsolutePath.TrimStart('/') : request.RequestUri?.OriginalString ?? "";
        if (!path.StartsWith($"api/v1/plants/{plant}/", StringComparison.Ordinal)) return;
        var rest = path[$"api/v1/plants/{plant}/".Length..];
        try
        {
            if (rest == "orders" && (request.Method == HttpMethod.Post || request.Method == HttpMethod.Put)
                && JsonNode.Parse(answer)?["orders"] is JsonArray outcomes)
            {
                foreach (var o in outcomes)
                    if (o?["id"]?.GetValue<string>() is { } id) _written[(plant, id)] = o["outcome"]?.GetValue<string>() ?? "";
            }
            else if (rest.StartsWith("orders/", StringComparison.Ordinal) && request.Method == HttpMethod.Delete)
                _cancelled[(plant, Uri.UnescapeDataString(rest["orders/".Length..]))] = true;
            else if (rest == "events" && request.Method == HttpMethod.Post && JsonNode.Parse(sent)?["events"] is JsonArray events)
            {
                foreach (var e in events)
                {
                    var type = e?["type"]?.GetValue<string>();
                    if (type is "rush_order" or "order_added" or "order_changed" && e?["order"]?["id"]?.GetValue<string>() is { } id) _written[(plant, id)] = type;
                    else if (type == "order_cancelled" && e?["order"]?.GetValue<string>() is { } gone) _cancelled[(plant, gone)] = true;
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            // An accepted body the strict reading would refuse (a key twice) is a finding too.
            Fail($"{request.Method} {path} → accepted, but it or its answer is not strict JSON ({e.Message}): {Shorten(sent)}");
        }
    }

    private void CheckProblem(string description, int status, string? mediaType, string body)
    {
        if (mediaType != "application/problem+json")
        {
            Fail($"{description} → {status} as '{mediaType}', not problem details: {Shorten(body)}");
            return;
        }
        JsonNode? problem;
        try { problem = JsonNode.Parse(body); }
        catch (JsonException) { Fail($"{description} → {status} body is not JSON: {Shorten(body)}"); return; }
        if (problem?["errors"] is not JsonObject { Count: > 0 } errors)
        {
            Fail($"{description} → {status} without errors: {Shorten(body)}");
            return;
        }
        var text = (problem["detail"]?.ToString() ?? "") + errors.ToJsonString();
        if (Internals.FirstOrDefault(w => text.Contains(w, StringComparison.Ordinal)) is { } word)
            Fail($"{description} → {status} names a .NET internal ('{word}'): {Shorten(body)}");
    }

    private void Fail(string message)
    {
        if (_failures.Count < 50) _failures.Enqueue(message);
        else _failures.Enqueue("…");
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + $"… ({text.Length} chars)";

    // ---- Requests -------------------------------------------------------------------------------------

    private HttpRequestMessage Build(Random random, string plant, out string label)
    {
        var pick = random.Next(100);
        var (method, path, body, xml) = pick switch
        {
            < 10 => (HttpMethod.Put, $"api/v1/plants/{plant}", PlantBody(plant), false),
            < 30 => (HttpMethod.Post, $"api/v1/plants/{plant}/orders", OrderBody(random), false),
            < 38 => (HttpMethod.Put, $"api/v1/plants/{plant}/orders", BookBody(random, plant), false),
            < 46 => (HttpMethod.Post, $"api/v1/plants/{plant}/orders", B2mmlBody(random), true),
            < 53 => (HttpMethod.Delete, $"api/v1/plants/{plant}/orders/{OrderId(random)}", (string?)null, false),
            < 81 => (HttpMethod.Post, $"api/v1/plants/{plant}/events", EventsBody(random), false),
            < 82 => (HttpMethod.Post, $"api/v1/plants/{plant}/reschedule", RescheduleBody(random), false),
            _ => (HttpMethod.Post, $"api/v1/plants/{plant}/orders", OrderBody(random), false),
        };
        label = pick switch
        {
            < 10 => "plant PUT", < 30 => "order POST", < 38 => "orders PUT", < 46 => "B2MML POST", < 53 => "order DELETE",
            < 81 => "events POST", < 82 => "reschedule POST", _ => "http-level",
        };
        byte[]? bytes = body is null ? null : Encoding.UTF8.GetBytes(body);
        var contentType = xml ? "application/xml" : "application/json";
        var headers = new List<(string, string)>();
        var mutations = random.Next(10) == 0 ? 0 : 1 + random.Next(3);
        for (var m = 0; m < mutations; m++)
        {
            if (pick >= 82)
            {
                // HTTP-level: the method, the route, the content type, the headers.
                switch (random.Next(6))
                {
                    case 0: method = new[] { HttpMethod.Patch, HttpMethod.Get, HttpMethod.Delete, HttpMethod.Put, HttpMethod.Options }[random.Next(5)]; break;
                    case 1: path = new[] { $"api/v1/plants/{plant}/nowhere", "api/v1/plants", $"api/v1/plants/{plant}/orders/x/y", "api/v2/plants", $"api/v1/plants/{plant}/reschedule/now" }[random.Next(5)]; break;
                    case 2: contentType = new[] { "text/plain", "application/xml", "multipart/form-data; boundary=x", "application/json; charset=latin1", "image/png", "" }[random.Next(6)]; break;
                    case 3: headers.Add(("Idempotency-Key", random.Next(3) == 0 ? new string('k', 300) : $"fz-{random.Next(20)}")); break;
                    case 4: headers.Add(("If-Match", new[] { "\"0\"", "\"999\"", "*", "garbage", "W/\"1\"" }[random.Next(5)])); break;
                    default: path = path.Replace($"/plants/{plant}", $"/plants/{Uri.EscapeDataString(OddId(random))}", StringComparison.Ordinal); break;
                }
                continue;
            }
            if (bytes is null) { path = path[..path.LastIndexOf('/')] + "/" + Uri.EscapeDataString(OddId(random)); continue; }
            bytes = xml ? MutateXml(random, bytes) : MutateJson(random, bytes);
        }
        var request = new HttpRequestMessage(method, path);
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        if (bytes is not null)
        {
            request.Content = new ByteArrayContent(bytes);
            if (contentType.Length > 0) request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        return request;
    }

    private static string OrderId(Random random) => $"FZ-{random.Next(12)}";

    private static string OddId(Random random) => random.Next(4) switch
    {
        0 => "Ω-炉-" + random.Next(5),
        1 => new string('x', 2000 + random.Next(5000)),
        2 => "no-such-plant-" + random.Next(1000),
        _ => OddStrings[random.Next(OddStrings.Length)],
    };

    private static string PlantBody(string plant)
    {
        var node = JsonNode.Parse(PlantJson, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!;
        node["id"] = plant;
        return node.ToJsonString();
    }

    private static ForgeScheduler.Solver.Domain.Order BaseOrder(Random random) => Day.Orders[random.Next(Day.Orders.Count)] with { Id = OrderId(random) };

    private static string OrderBody(Random random) => OrderJson(BaseOrder(random));

    private static string BookBody(Random random, string plant) =>
        BookJson(Day with { Plant = plant, Orders = [BaseOrder(random), BaseOrder(random) with { Id = OrderId(random) + "b" }] });

    private static string B2mmlBody(Random random) => B2mmlOrders.Write(Day with { Orders = [BaseOrder(random)] });

    private static string EventsBody(Random random)
    {
        var furnaces = Reference.Plant.Furnaces.ToList();
        var furnace = furnaces[random.Next(furnaces.Count)].Id;
        var at = Day.PlanStart.AddMinutes(30 + random.Next(600));
        JsonObject e = random.Next(5) switch
        {
            0 => new() { ["type"] = "resource_down", ["at"] = at.ToString("O"), ["resource"] = furnace, ["until"] = at.AddHours(2).ToString("O"), ["kind"] = "trip" },
            1 => new() { ["type"] = "resource_up", ["at"] = at.ToString("O"), ["resource"] = furnace },
            2 => new() { ["type"] = "rush_order", ["at"] = at.ToString("O"), ["order"] = JsonNode.Parse(OrderJson(BaseOrder(random))) },
            3 => new() { ["type"] = "order_cancelled", ["at"] = at.ToString("O"), ["order"] = OrderId(random) },
            _ => new() { ["type"] = "operation_finished", ["at"] = at.ToString("O"), ["order"] = OrderId(random), ["step"] = 1, ["energy_kwh"] = 120.5 },
        };
        return new JsonObject { ["events"] = new JsonArray(e) }.ToJsonString();
    }

    private static string RescheduleBody(Random random) =>
        random.Next(3) == 0 ? "" : new JsonObject { ["now"] = Day.PlanStart.AddMinutes(random.Next(120)).ToString("O") }.ToJsonString();

    // ---- Mutations ------------------------------------------------------------------------------------

    private static byte[] MutateJson(Random random, byte[] bytes)
    {
        var kind = random.Next(16);
        try { return MutateJson(random, bytes, kind); }
        // A body an earlier mutation broke (a key twice, bad bytes) is not a tree any more: mutate its bytes.
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException) { return MutateBytes(random, bytes); }
    }

    private static byte[] MutateJson(Random random, byte[] bytes, int kind)
    {
        if (kind < 11)
        {
            JsonNode? root;
            try { root = JsonNode.Parse(bytes); }
            catch (JsonException) { return MutateBytes(random, bytes); }
            catch (InvalidOperationException) { return MutateBytes(random, bytes); }
            if (root is null) return MutateBytes(random, bytes);
            var nodes = new List<JsonNode>();
            Collect(root, nodes);
            var target = nodes[random.Next(nodes.Count)];
            var replacement = kind switch
            {
                0 => JsonValue.Create(OddStrings[random.Next(2)]),
                1 => null,
                2 => JsonValue.Create(new string((char)('a' + random.Next(26)), random.Next(10) == 0 ? 1_000_000 : 10_000 + random.Next(50_000))),
                3 => JsonValue.Create(OddStrings[2 + random.Next(OddStrings.Length - 2)]),
                4 => JsonValue.Create(ExtremeNumbers[random.Next(ExtremeNumbers.Length)]),
                5 => new JsonNode?[] { JsonValue.Create(true), new JsonObject(), new JsonArray(), JsonValue.Create("12"), JsonValue.Create(12) }[random.Next(5)],
                6 => JsonValue.Create(NestMark),
                7 => new JsonArray(null, target.DeepClone()),
                10 => JsonValue.Create(ExtremeDates[random.Next(ExtremeDates.Length)]),
                _ => target.DeepClone(),
            };
            if (kind is 8 or 9)
            {
                var objects = nodes.OfType<JsonObject>().ToList();
                if (objects.Count == 0) return bytes;
                var obj = objects[random.Next(objects.Count)];
                if (kind == 8) obj["weigth"] = 5; // a misspelt field
                else if (obj.Count > 0) obj.Remove(obj.ElementAt(random.Next(obj.Count)).Key);
                return Encoding.UTF8.GetBytes(root.ToJsonString());
            }
            var nested = kind == 6 ? Nest(target, 20 + random.Next(random.Next(4) == 0 ? 3000 : 100)) : null;
            string written;
            if (ReferenceEquals(target, root)) written = replacement?.ToJsonString() ?? "null";
            else
            {
                Replace(target, replacement);
                written = root.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            }
            // Deep nesting is spliced in as text: the serialiser itself refuses to write it.
            return Encoding.UTF8.GetBytes(nested is null ? written : written.Replace($"\"{NestMark}\"", nested, StringComparison.Ordinal));
        }
        if (kind == 11)
        {
            // A key given twice.
            var text = Encoding.UTF8.GetString(bytes);
            var brace = text.IndexOf('{', StringComparison.Ordinal);
            var key = new[] { "id", "mass_t", "type", "orders", "at", "now", "due" }[random.Next(7)];
            return brace < 0 ? bytes : Encoding.UTF8.GetBytes(text.Insert(brace + 1, $"\"{key}\": \"dup\","));
        }
        return MutateBytes(random, bytes);
    }

    private const string NestMark = "__nest__";

    private static string Nest(JsonNode target, int depth) =>
        new string('[', depth) + target.ToJsonString() + new string(']', depth);

    private static void Collect(JsonNode node, List<JsonNode> into)
    {
        into.Add(node);
        if (node is JsonObject o) foreach (var (_, v) in o) { if (v is not null) Collect(v, into); }
        else if (node is JsonArray a) foreach (var v in a) { if (v is not null) Collect(v, into); }
    }

    private static void Replace(JsonNode target, JsonNode? replacement)
    {
        switch (target.Parent)
        {
            case JsonObject o:
                o[target.GetPropertyName()] = replacement;
                break;
            case JsonArray a:
                a[target.GetElementIndex()] = replacement;
                break;
        }
    }

    private static byte[] MutateBytes(Random random, byte[] bytes)
    {
        var list = bytes.ToList();
        switch (random.Next(5))
        {
            case 0: // invalid UTF-8
                list.InsertRange(random.Next(list.Count + 1), new[] { new byte[] { 0xC3, 0x28 }, [0xFF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80] }[random.Next(4)]);
                break;
            case 1: // truncated
                var keep = random.Next(list.Count + 1);
                list.RemoveRange(keep, list.Count - keep);
                break;
            case 2: // a byte flipped
                if (list.Count > 0) list[random.Next(list.Count)] ^= (byte)(1 << random.Next(8));
                break;
            case 3: // BOM and trailing garbage
                list.InsertRange(0, [0xEF, 0xBB, 0xBF]);
                list.AddRange("}]garbage"u8.ToArray());
                break;
            default: // empty
                list.Clear();
                break;
        }
        return [.. list];
    }

    private static byte[] MutateXml(Random random, byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var root = text.IndexOf("<ProductionSchedule", StringComparison.Ordinal);
        var afterDeclaration = Math.Max(0, root);
        switch (random.Next(9))
        {
            case 0: // entity expansion (a DTD is refused before any entity is expanded)
                text = text.Insert(afterDeclaration, "<!DOCTYPE ProductionSchedule [<!ENTITY a \"aaaaaaaaaaaaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>")
                    .Replace("<ID>FZ", "<ID>&c;FZ", StringComparison.Ordinal);
                break;
            case 1: // external entity
                text = text.Insert(afterDeclaration, "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>").Replace("<ID>FZ", "<ID>&e;FZ", StringComparison.Ordinal);
                break;
            case 2: // deep nesting
                var depth = 100 + random.Next(random.Next(4) == 0 ? 100_000 : 1000);
                var end = text.LastIndexOf("</", StringComparison.Ordinal);
                if (end > 0) text = text.Insert(end, string.Concat(Enumerable.Repeat("</n>", depth))).Insert(text.IndexOf('>', Math.Max(0, root)) + 1, string.Concat(Enumerable.Repeat("<n>", depth)));
                break;
            case 3: // NUL and non-ASCII ids
                text = text.Replace("<ID>FZ", random.Next(2) == 0 ? "<ID>&#0;FZ" : "<ID>Ω-炉-FZ", StringComparison.Ordinal);
                break;
            case 4: // a huge value
                text = text.Replace("<ID>FZ", "<ID>" + new string('x', 100_000 + random.Next(900_000)), StringComparison.Ordinal);
                break;
            case 5: // an element removed
                var start = text.IndexOf("<Quantity", StringComparison.Ordinal);
                var stop = start < 0 ? -1 : text.IndexOf("</Quantity>", start, StringComparison.Ordinal);
                if (stop > 0) text = text.Remove(start, stop + "</Quantity>".Length - start);
                break;
            case 6: // a number out of range
                text = System.Text.RegularExpressions.Regex.Replace(text, "<QuantityString>[^<]*</QuantityString>",
                    $"<QuantityString>{new[] { "1e308", "-5", "NaN", "Infinity", "0", "1e999" }[random.Next(6)]}</QuantityString>");
                break;
            case 7: // a date out of range
                text = System.Text.RegularExpressions.Regex.Replace(text, "<(EarliestStartTime|LatestEndTime)>[^<]*<", m =>
                    $"<{m.Groups[1].Value}>{ExtremeDates[random.Next(ExtremeDates.Length)]}<");
                break;
            default:
                return MutateBytes(random, bytes);
        }
        return Encoding.UTF8.GetBytes(text);
    }
}
