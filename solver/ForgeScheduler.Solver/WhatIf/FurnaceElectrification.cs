using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Solver.WhatIf;

/// <summary>A furnace the what-if cannot electrify: unknown id, a press, or already electric.</summary>
public sealed class ElectrificationException(string furnaceId, string problem) : ArgumentException(problem)
{
    /// <summary>The id as the planner typed it.</summary>
    public string FurnaceId { get; } = furnaceId;
}

/// <summary>What an electric furnace of the plant looks like, per tonne of capacity, and where the
/// numbers came from (named furnaces, or the defaults).</summary>
public sealed record ElectricTemplate(
    double Efficiency,
    double HoldingKwPerT,
    double RestartKwhPerT,
    double MaxPowerKwPerT,
    IReadOnlyList<string> SourceFurnaces)
{
    public bool IsDefault => SourceFurnaces.Count == 0;
}

/// <summary>One gas furnace turned electric: before, after, and the template used.</summary>
public sealed record ConvertedFurnace(Furnace Gas, Furnace Electric, ElectricTemplate Template);

/// <summary>Turns named gas furnaces electric: same capacity, pieces, recipes and max temperature;
/// efficiency, holding power, restart energy and max power taken from the plant's own electric
/// furnaces of that kind, scaled by capacity (docs/whatif.md).</summary>
public static class FurnaceElectrification
{
    /// <summary>Efficiency when the plant has no electric furnace at all (resistance furnaces, DESIGN.md).</summary>
    public const double DefaultEfficiency = 0.93;

    /// <summary>Max power per tonne of capacity when the plant has no electric furnace to copy: about what
    /// the reference plant's electric furnaces have (heating 52–55 kW/t, heat treatment 30–36 kW/t).</summary>
    public const double DefaultHeatingMaxPowerKwPerT = 50;
    public const double DefaultHeatTreatmentMaxPowerKwPerT = 30;

    public static Plant Electrify(Plant plant, IEnumerable<string> furnaceIds) => Convert(plant, furnaceIds).Plant;

    /// <summary>The plant with the named furnaces electric, and what changed. Throws
    /// <see cref="ElectrificationException"/> naming the first id it cannot convert.</summary>
    public static (Plant Plant, IReadOnlyList<ConvertedFurnace> Converted) Convert(Plant plant, IEnumerable<string> furnaceIds)
    {
        var ids = furnaceIds.Select(id => id.Trim()).Where(id => id.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0) throw new ElectrificationException("", "name at least one gas furnace to electrify");
        var converted = new List<ConvertedFurnace>();
        foreach (var id in ids)
        {
            var furnace = plant.FindFurnace(id);
            if (furnace is null)
            {
                var what = plant.FindPress(id) is not null ? "is a press, not a furnace" : $"is not a furnace of plant {plant.Id}";
                throw new ElectrificationException(id, $"'{id}' {what} (gas furnaces: {string.Join(", ", GasFurnaceIds(plant))})");
            }
            if (furnace.Carrier == Carrier.Electric)
                throw new ElectrificationException(id, $"'{id}' is already electric (gas furnaces: {string.Join(", ", GasFurnaceIds(plant))})");
            // Templates come from the plant as it was: a furnace converted here is not a reference for the next.
            var template = TemplateFor(plant, furnace);
            converted.Add(new ConvertedFurnace(furnace, ToElectric(furnace, template), template));
        }
        var byId = converted.ToDictionary(c => c.Gas.Id, c => c.Electric);
        IReadOnlyList<Furnace> Swap(IReadOnlyList<Furnace> furnaces) => furnaces.Select(f => byId.GetValueOrDefault(f.Id, f)).ToList();
        var result = plant with { HeatingFurnaces = Swap(plant.HeatingFurnaces), HeatTreatmentFurnaces = Swap(plant.HeatTreatmentFurnaces) };
        return (result, converted);
    }

    /// <summary>The electric furnaces of the same kind; failing that, of the other kind; failing that,
    /// the defaults. Capacity-weighted, so a big furnace counts for what it holds.</summary>
    public static ElectricTemplate TemplateFor(Plant plant, Furnace furnace)
    {
        var sameKind = furnace.Kind == FurnaceKind.Heating ? plant.HeatingFurnaces : plant.HeatTreatmentFurnaces;
        var otherKind = furnace.Kind == FurnaceKind.Heating ? plant.HeatTreatmentFurnaces : plant.HeatingFurnaces;
        var references = Electric(sameKind);
        if (references.Count == 0) references = Electric(otherKind);
        if (references.Count == 0) return DefaultTemplate(furnace);

        var tonnes = references.Sum(f => f.CapacityTonnes);
        return new ElectricTemplate(
            references.Sum(f => f.Efficiency * f.CapacityTonnes) / tonnes,
            references.Sum(f => f.HoldingKw) / tonnes,
            references.Sum(f => f.RestartKwh) / tonnes,
            references.Sum(f => f.MaxPowerKw) / tonnes,
            references.Select(f => f.Id).ToList());
    }

    public static Furnace ToElectric(Furnace gas, ElectricTemplate template) => gas with
    {
        Carrier = Carrier.Electric,
        Efficiency = template.Efficiency,
        HoldingKw = template.HoldingKwPerT * gas.CapacityTonnes,
        RestartKwh = template.RestartKwhPerT * gas.CapacityTonnes,
        MaxPowerKw = template.MaxPowerKwPerT * gas.CapacityTonnes,
    };

    /// <summary>No electric furnace to copy: the shell loses the same heat as before, now delivered at
    /// 93 % (available-heat efficiency of a resistance furnace, DESIGN.md) instead of the gas furnace's
    /// efficiency, so holding and restart scale by η_gas / 0.93.</summary>
    private static ElectricTemplate DefaultTemplate(Furnace gas)
    {
        var scale = gas.Efficiency / DefaultEfficiency;
        var tonnes = gas.CapacityTonnes;
        var maxPower = gas.Kind == FurnaceKind.Heating ? DefaultHeatingMaxPowerKwPerT : DefaultHeatTreatmentMaxPowerKwPerT;
        return new ElectricTemplate(DefaultEfficiency, gas.HoldingKw * scale / tonnes, gas.RestartKwh * scale / tonnes, maxPower, []);
    }

    private static List<Furnace> Electric(IEnumerable<Furnace> furnaces) =>
        furnaces.Where(f => f.Carrier == Carrier.Electric && f.CapacityTonnes > 0).ToList();

    private static IEnumerable<string> GasFurnaceIds(Plant plant) =>
        plant.Furnaces.Where(f => f.Carrier == Carrier.Gas).Select(f => f.Id).DefaultIfEmpty("none");
}
