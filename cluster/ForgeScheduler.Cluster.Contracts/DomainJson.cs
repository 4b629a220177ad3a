using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace ForgeScheduler.Cluster.Contracts;

/// <summary>How the solver's records (Plant, Order, OrderBook, Schedule, KpiReport …) cross the wire:
/// typed in every grain interface, serialised by Orleans' System.Text.Json codec. The solver's records
/// stay free of Orleans attributes (solver/ must not know Orleans), and a record that gains a field does
/// not break the wire or the stored grain state, because the codec writes JSON. This is the JSON of the C#
/// records themselves (PascalCase), not the snake_case file formats of adapters/ForgeScheduler.Formats;
/// order rows in PostgreSQL use it too (<see cref="Write{T}"/>).</summary>
public static class DomainJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"'{typeof(T).Name}' JSON is null");

    /// <summary>The solver's records, and the report records of these contracts built from them.</summary>
    public static bool IsDomainType(Type type) =>
        type.Namespace?.StartsWith("ForgeScheduler.Solver", StringComparison.Ordinal) == true || type == typeof(PlanReport);

    /// <summary>Registers the codec for the domain records; every silo and every client calls it.</summary>
    public static IServiceCollection AddForgeWireTypes(this IServiceCollection services) =>
        services.AddSerializer(serializer => serializer.AddJsonSerializer(IsDomainType, Options));
}
