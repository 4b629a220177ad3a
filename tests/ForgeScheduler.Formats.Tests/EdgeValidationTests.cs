using System.Text.Json.Nodes;
using ForgeScheduler.Solver.Baseline;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Validation;

namespace ForgeScheduler.Formats.Tests;

/// <summary>Validation at the edge (docs/formats.md, "Ranges"): every bad value is refused with the field
/// named in the format's own words, and whatever is accepted can be planned.</summary>
public sealed class EdgeValidationTests
{
    private static readonly string Root = RepositoryRoot();
    private static readonly Plant Plant = PlantFile.Load(Path.Combine(Root, "datasets", "reference", "plant.json"));
    private static readonly string DayJson = File.ReadAllText(Path.Combine(Root, "datasets", "reference", "orders-day.json"));

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ForgeScheduler.sln"))) return dir.FullName;
        throw new InvalidOperationException("no ForgeScheduler.sln above the test binaries");
    }

    private static OrderBook Load(string json)
    {
        var book = OrdersFile.Parse(json, "orders.json");
        OrdersFile.Check(book, Plant, "orders.json");
        return book;
    }

    /// <summary>The reference day with one change to its first order (the JSON is edited as a tree).</summary>
    private static string DayWith(Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(DayJson, documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!.AsObject();
        edit(root["orders"]![0]!.AsObject());
        return root.ToJsonString();
    }

    private static ForgeInputException Refused(string json) => Assert.Throws<ForgeInputException>(() => Load(json));

    [Fact]
    public void ReferenceBooksAreAccepted()
    {
        Assert.Equal(30, Load(DayJson).Orders.Count);
        Assert.Equal(200, Load(File.ReadAllText(Path.Combine(Root, "datasets", "reference", "orders-week.json"))).Orders.Count);
    }

    [Fact]
    public void MisspeltFieldIsRefusedByName()
    {
        var e = Refused(DayWith(o => o["weigth"] = 5));
        Assert.Contains("weigth", e.Message);
        Assert.Contains("not a field", e.Message);
    }

    [Fact]
    public void FieldGivenTwiceIsRefused()
    {
        var json = DayJson.Replace("\"mass_t\":", "\"mass_t\": 1, \"mass_t\":");
        var e = Refused(json);
        Assert.Contains("more than once", e.Message);
    }

    [Theory]
    [InlineData("\u0000", "control character U+0000")]
    [InlineData("FO\u0007X", "control character U+0007")]
    public void ControlCharactersInIdsAreRefused(string id, string expected)
    {
        var e = Refused(DayWith(o => o["id"] = id));
        Assert.Contains("orders[0].id", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void AMegabyteIdIsRefusedWithItsLength()
    {
        var e = Refused(DayWith(o => o["id"] = new string('x', 1_000_000)));
        Assert.Contains("orders[0].id: is 1000000 characters long; at most 64", e.Message);
    }

    [Fact]
    public void NullElementsAreNamed()
    {
        Assert.Contains("orders[0].heats[0]: must not be null", Refused(DayWith(o => o["heats"] = new JsonArray((JsonNode?)null))).Message);
        var book = JsonNode.Parse(DayJson)!.AsObject();
        book["orders"] = new JsonArray((JsonNode?)null);
        Assert.Contains("orders[0]: must not be null", Refused(book.ToJsonString()).Message);
    }

    [Theory]
    [InlineData("due", "\"9999-12-31T00:00:00Z\"", "orders[0].due")]
    [InlineData("release", "\"0001-01-01T00:00:00Z\"", "orders[0].release")]
    [InlineData("diameter_m", "1e6", "orders[0].diameter_m")]
    [InlineData("mass_t", "1e308", "orders[0].mass_t")]
    [InlineData("cold_heating_h", "1e6", "orders[0].cold_heating_h")]
    [InlineData("weight", "1e300", "orders[0].weight")]
    public void ValuesOutsidePhysicalRangesAreRefused(string field, string value, string expected)
    {
        var e = Refused(DayWith(o => o[field] = JsonNode.Parse(value)));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void AFinishTemperatureBelowAmbientIsRefused()
    {
        var e = Refused(DayWith(o => o["heats"]![0]!["finish_temp_c"] = -1e308));
        Assert.Contains("orders[0].heats[0].finish_temp_c", e.Message);
    }

    [Fact]
    public void ANumberTooLargeForADoubleIsTold()
    {
        var e = Refused(DayJson.Replace("\"weight\": 1", "\"weight\": 1e309"));
        Assert.Contains("finite number", e.Message);
        Assert.DoesNotContain("JsonNumberHandling", e.Message);
        Assert.DoesNotContain("Nullable", e.Message);
    }

    [Fact]
    public void DeepNestingIsRefusedNotRecursed()
    {
        var deep = string.Concat(Enumerable.Repeat("[", 10_000)) + string.Concat(Enumerable.Repeat("]", 10_000));
        var e = Refused(DayJson.Replace("\"weight\": 1", "\"weight\": " + deep));
        Assert.Contains("orders.json", e.Message);
    }

    [Theory]
    [InlineData("ref-förge")]
    [InlineData("a/b")]
    [InlineData("")]
    public void PlantIdsAreUrlSafe(string id)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "datasets", "reference", "plant.json")),
            documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!.AsObject();
        json["id"] = id;
        var e = Assert.Throws<ForgeInputException>(() => PlantFile.Parse(json.ToJsonString(), "plant.json"));
        Assert.Contains("plant.json: id:", e.Message);
    }

    [Theory]
    [InlineData("""{"type":"resource_down","at":"9999-12-31T00:00:00Z","resource":"HF-G1"}""", "events[0].at")]
    [InlineData("""{"type":"resource_down","at":"2026-11-26T09:00:00+08:00","until":"9999-12-31T00:00:00Z","resource":"HF-G1"}""", "events[0].until")]
    [InlineData("""{"type":"operation_finished","at":"2026-11-26T09:00:00+08:00","order":"FO-001","step":1,"temp_c":1e300}""", "events[0].temp_c")]
    [InlineData("""{"type":"operation_finished","at":"2026-11-26T09:00:00+08:00","order":"FO-001","step":1,"energy_kwh":1e300}""", "events[0].energy_kwh")]
    public void EventsOutsideThePlanWindowOrPhysicalRangesAreRefused(string json, string field)
    {
        var book = Load(DayJson);
        var current = BaselineDispatcher.Dispatch(Plant, book);
        var events = EventsFile.Parse($$"""{"events":[{{json}}]}""", "events.json");
        var e = Assert.Throws<ForgeInputException>(() => EventsFile.Check(events, Plant, book, current, "events.json"));
        Assert.Contains($"events.json: {field}:", e.Message);
    }

    /// <summary>A seeded fuzzer over orders.json: thousands of single-field mutations (nulls, NULs, huge
    /// and non-finite numbers, far dates, wrong kinds, deleted and unknown fields). Each is either refused
    /// with a <see cref="ForgeInputException"/> (nothing else may escape) or accepted — and then the
    /// dispatcher plans it with no rule broken, so an accepted book can never poison a plant.</summary>
    [Fact]
    public void FuzzedOrderBooksAreRefusedCleanlyOrPlannedValidly()
    {
        var random = new Random(20261207);
        var values = new Func<JsonNode?>[]
        {
            () => null, () => "", () => "\u0000", () => new string('9', 5000), () => -1e308, () => 1e308, () => 0, () => -1,
            () => 1e6, () => 0.001, () => "9999-12-31T00:00:00Z", () => "0001-01-01T00:00:00Z", () => new JsonArray(),
            () => new JsonObject(), () => new JsonArray((JsonNode?)null), () => true, () => "Ω\uD800", () => "HF-G1", () => 1200,
            () => "2026-11-26T10:00:00+08:00", () => 2.5,
        };
        int accepted = 0, refused = 0;
        const int cases = 3000;
        var book = JsonNode.Parse(DayJson, documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!.AsObject();
        var orders = book["orders"]!.AsArray();
        for (var n = 0; n < cases; n++)
        {
            // A small book keeps the dispatcher quick: three orders, one of them mutated.
            var small = book.DeepClone().AsObject();
            var picked = new JsonArray();
            for (var k = 0; k < 3; k++) picked.Add(orders[random.Next(orders.Count)]!.DeepClone());
            small["orders"] = picked;
            var target = Pick(small, random);
            Mutate(target, random, values);
            var json = small.ToJsonString();
            try
            {
                var parsed = Load(json);
                accepted++;
                if (parsed.Orders.Select(o => o.Id).Distinct().Count() != parsed.Orders.Count) continue;
                var schedule = BaselineDispatcher.Dispatch(Plant, parsed);
                var violations = ScheduleValidator.Validate(Plant, parsed, schedule);
                Assert.True(violations.Count == 0, $"case {n} accepted but planned with violations: {string.Join("; ", violations)}\n{json}");
            }
            catch (ForgeInputException e)
            {
                refused++;
                Assert.StartsWith("orders.json: ", e.Message);
            }
        }
        Assert.Equal(cases, accepted + refused);
        Assert.True(refused > cases / 4, $"only {refused} of {cases} mutations were refused");
        Assert.True(accepted > cases / 20, $"only {accepted} of {cases} mutations were accepted");
    }

    private static JsonObject Pick(JsonObject book, Random random)
    {
        var orders = book["orders"]!.AsArray();
        var order = orders[random.Next(orders.Count)]!.AsObject();
        return random.Next(4) switch
        {
            0 => book,
            1 when order["heats"] is JsonArray { Count: > 0 } heats => heats[random.Next(heats.Count)]!.AsObject(),
            _ => order,
        };
    }

    private static void Mutate(JsonObject target, Random random, Func<JsonNode?>[] values)
    {
        var keys = target.Select(p => p.Key).ToList();
        switch (random.Next(10))
        {
            case 0:
                target.Remove(keys[random.Next(keys.Count)]);
                break;
            case 1:
                target["unknown_" + random.Next(100)] = 1;
                break;
            default:
                target[keys[random.Next(keys.Count)]] = values[random.Next(values.Length)]();
                break;
        }
    }
}
