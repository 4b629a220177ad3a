using System.Text.Json;
using System.Text.Json.Serialization;
using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Cluster.Contracts;

/// <summary>The domain records (Plant, Order, Schedule) cross the wire and sit in grain state as JSON
/// strings: the solver's records stay free of Orleans attributes (solver/ must not know Orleans), and
/// the wire contract does not change every time a domain record gains a field. This is the JSON of the
/// C# records themselves (PascalCase), not the snake_case file formats of adapters/ForgeScheduler.Formats.</summary>
public static class DomainJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"'{typeof(T).Name}' JSON is null");

    public static string WritePlant(Plant plant) => Write(plant);
    public static Plant ReadPlant(string json) => Read<Plant>(json);
    public static string WriteOrders(IReadOnlyList<Order> orders) => Write(orders);
    public static IReadOnlyList<Order> ReadOrders(string json) => Read<List<Order>>(json);
    public static string WriteSchedule(Schedule schedule) => Write(schedule);
    public static Schedule ReadSchedule(string json) => Read<Schedule>(json);
}
