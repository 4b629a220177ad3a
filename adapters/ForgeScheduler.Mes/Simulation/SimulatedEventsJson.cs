using System.Text.Json;
using System.Text.Json.Nodes;
using ForgeScheduler.Formats;

namespace ForgeScheduler.Mes.Simulation;

/// <summary>Writes events as <c>{"events": [...]}</c> with snake_case fields. Written by hand rather than
/// serialised from the record because <c>order</c> is an id on operation events and a whole order on
/// order_added.</summary>
public static class SimulatedEventsJson
{
    public static string Write(IEnumerable<SimulatedEvent> events)
    {
        var list = new JsonArray();
        foreach (var e in events) list.Add(ToNode(e));
        return new JsonObject { ["events"] = list }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    public static JsonObject ToNode(SimulatedEvent e)
    {
        var node = new JsonObject { ["type"] = e.Type, ["at"] = e.At };
        if (e.Resource is not null) node["resource"] = e.Resource;
        if (e.Until is { } until) node["until"] = until;
        if (e.AddedOrder is not null) node["order"] = JsonSerializer.SerializeToNode(OrdersFile.ToDocument(e.AddedOrder), JsonFiles.Options);
        else if (e.Order is not null) node["order"] = e.Order;
        if (e.Step is { } step) node["step"] = step;
        if (e.TempC is { } t) node["temp_c"] = Math.Round(t, 1);
        if (e.EnergyKwh is { } kwh) node["energy_kwh"] = Math.Round(kwh, 1);
        if (e.Id is not null) node["id"] = e.Id;
        return node;
    }
}
