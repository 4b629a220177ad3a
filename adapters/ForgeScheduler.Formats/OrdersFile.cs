using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Formats;

/// <summary>orders.json (docs/formats.md).</summary>
public sealed class OrderBookDocument
{
    public string? Plant { get; set; }
    public DateTimeOffset? PlanStart { get; set; }
    /// <summary>Ids of the furnaces hot when the plan starts (they ran the night before). Optional, default none.</summary>
    public List<string>? FurnacesHotAtStart { get; set; }
    public List<OrderDocument>? Orders { get; set; }
}

public sealed class OrderDocument
{
    public string? Id { get; set; }
    public string? Product { get; set; }
    public string? Grade { get; set; }
    public double? MassT { get; set; }
    public double? DiameterM { get; set; }
    public DateTimeOffset? Release { get; set; }
    /// <summary>Temperature of a hot ingot at release; absent or null = cold stock at ambient.</summary>
    public double? ReleaseTempC { get; set; }
    public DateTimeOffset? Due { get; set; }
    public double? Weight { get; set; }
    public List<HeatDocument>? Heats { get; set; }
    public string? HeatTreatment { get; set; }
    public double? ColdHeatingH { get; set; }
}

public sealed class HeatDocument
{
    public double? ForgeTempC { get; set; }
    public double? PressMin { get; set; }
    public double? MinForceMn { get; set; }
    public double? FinishTempC { get; set; }
}

public static class OrdersFile
{
    /// <summary>Reads orders.json, or a CSV export when the file ends in .csv.</summary>
    public static OrderBook Load(string path, Plant plant)
    {
        var book = path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)
            ? OrdersCsv.Parse(JsonFiles.ReadText(path), path, plant.Id)
            : Parse(JsonFiles.ReadText(path), path);
        Check(book, plant, path);
        return book;
    }

    public static void Check(OrderBook book, Plant plant, string source)
    {
        var problems = InputChecks.CheckOrders(plant, book);
        if (problems.Count > 0) throw new ForgeInputException(source, problems.Select(p => (p.Field, p.Message)).ToList());
    }

    public static OrderBook Parse(string json, string source)
    {
        var doc = JsonFiles.Deserialize<OrderBookDocument>(json, source);
        var r = new Required(source);
        var orders = r.Items(r.Get(doc.Orders, "orders"), "orders").Select((o, i) => ToDomain(o, $"orders[{i}]", source)).ToList();
        var planStart = doc.PlanStart ?? (orders.Count > 0 ? orders.Min(o => o.Release) : throw new ForgeInputException(source, "plan_start", "is required"));
        var hot = doc.FurnacesHotAtStart ?? [];
        for (var i = 0; i < hot.Count; i++)
            if (string.IsNullOrWhiteSpace(hot[i])) throw new ForgeInputException(source, $"furnaces_hot_at_start[{i}]", "must be a furnace id");
        return new OrderBook(r.Get(doc.Plant, "plant"), planStart, orders) { FurnacesHotAtStart = hot };
    }

    public static Order ToDomain(OrderDocument? o, string path, string source)
    {
        // `"orders": [null]`: the element is there but is no order.
        if (o is null) throw new ForgeInputException(source, path, "is null: an order object is required");
        var r = new Required(source);
        var heats = r.Items(r.Get(o.Heats, $"{path}.heats"), $"{path}.heats").Select((h, j) => new ForgingHeat(
            r.Get(h.ForgeTempC, $"{path}.heats[{j}].forge_temp_c"),
            r.Get(h.PressMin, $"{path}.heats[{j}].press_min"),
            h.MinForceMn ?? 0,
            h.FinishTempC ?? ForgingHeat.DefaultFinishTempC)).ToList();
        return new Order(
            r.Get(o.Id, $"{path}.id"),
            o.Product ?? "",
            o.Grade ?? "",
            r.Get(o.MassT, $"{path}.mass_t"),
            r.Get(o.DiameterM, $"{path}.diameter_m"),
            r.Get(o.Release, $"{path}.release"),
            o.ReleaseTempC,
            r.Get(o.Due, $"{path}.due"),
            o.Weight ?? 1.0,
            heats,
            r.Get(o.HeatTreatment, $"{path}.heat_treatment"),
            o.ColdHeatingH);
    }

    public static OrderDocument ToDocument(Order o) => new()
    {
        Id = o.Id,
        Product = o.Product,
        Grade = o.Grade,
        MassT = o.MassTonnes,
        DiameterM = o.DiameterMetres,
        Release = o.Release,
        ReleaseTempC = o.ReleaseTempC,
        Due = o.Due,
        Weight = o.Weight,
        Heats = o.Heats.Select(h => new HeatDocument { ForgeTempC = h.ForgeTempC, PressMin = h.PressMinutes, MinForceMn = h.MinForceMn, FinishTempC = h.FinishTempC }).ToList(),
        HeatTreatment = o.HeatTreatment,
        ColdHeatingH = o.ColdHeatingHours,
    };

    public static OrderBookDocument ToDocument(OrderBook book) => new()
    {
        Plant = book.Plant,
        PlanStart = book.PlanStart,
        FurnacesHotAtStart = book.FurnacesHotAtStart.Count == 0 ? null : book.FurnacesHotAtStart.ToList(),
        Orders = book.Orders.Select(ToDocument).ToList(),
    };

    public static void Save(string path, OrderBook book) => JsonFiles.Write(path, ToDocument(book));
}
