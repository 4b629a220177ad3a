using System.Text.Json;
using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Formats;

/// <summary>plant.json (docs/formats.md). Property names are the file's field names in snake_case.</summary>
public sealed class PlantDocument
{
    public string? Id { get; set; }
    public string? TimeZone { get; set; }
    public double? AmbientC { get; set; }
    public double? ElectricPowerCapKw { get; set; }
    public GridDocument? Grid { get; set; }
    public GasDocument? Gas { get; set; }
    public double? HotChargeMinC { get; set; }
    public double? HotTransferMinC { get; set; }
    public CoolingDocument? Cooling { get; set; }
    public List<FurnaceDocument>? HeatingFurnaces { get; set; }
    public List<FurnaceDocument>? HeatTreatmentFurnaces { get; set; }
    public List<PressDocument>? Presses { get; set; }
    public List<RecipeDocument>? Recipes { get; set; }
    public double? FurnaceToPressMaxMin { get; set; }
    public List<DowntimeDocument>? Downtime { get; set; }
    public double? ShiftH { get; set; }
}

public sealed class GridDocument
{
    /// <summary>A number (flat) or 24 hourly values.</summary>
    public JsonElement? Co2KgPerKwh { get; set; }
    public List<double>? TariffPerKwh { get; set; }
    /// <summary>On-site PV surplus, kW: 24 values by local hour, or one per hour of the horizon. Optional.</summary>
    public List<double>? OnsitePvSurplusKw { get; set; }
    /// <summary>What a kWh of surplus earns exported (the price of using it on site). Optional, default 0.</summary>
    public double? ExportTariffPerKwh { get; set; }
}

public sealed class GasDocument
{
    public double? Co2KgPerNm3 { get; set; }
    public double? LhvMjPerNm3 { get; set; }
    public double? PricePerNm3 { get; set; }
}

public sealed class CoolingDocument
{
    public double? RhoCMjPerM3k { get; set; }
    /// <summary>Surface emissivity ε of the yard cooling law (version 2). Default 0.8.</summary>
    public double? Emissivity { get; set; }
    /// <summary>Convective coefficient h_c, W/(m²K). Default 10.</summary>
    public double? ConvectionWPerM2k { get; set; }
    /// <summary>Version 1's constant h (read only to say what became of it: docs/formats.md).</summary>
    public double? HEffWPerM2k { get; set; }
    /// <summary>Optional cooling constants fitted from floor measurements (forge fit-cooling).</summary>
    public List<CoolingFitDocument>? Fits { get; set; }
}

public sealed class CoolingFitDocument
{
    public string? Grade { get; set; }
    public double? DiameterMinM { get; set; }
    public double? DiameterMaxM { get; set; }
    public double? Emissivity { get; set; }
    public double? ConvectionWPerM2k { get; set; }
    public bool? ConvectionFitted { get; set; }
    /// <summary>Version 1's Newton τ (read only to refuse it: docs/formats.md).</summary>
    public double? TauH { get; set; }
    public double? R2 { get; set; }
    public int? N { get; set; }
}

public sealed class FurnaceDocument
{
    public string? Id { get; set; }
    public string? Carrier { get; set; }
    public double? CapacityT { get; set; }
    public int? CapacityPieces { get; set; }
    public double? Efficiency { get; set; }
    public double? HoldingKw { get; set; }
    public double? RestartKwh { get; set; }
    public double? MaxPowerKw { get; set; }
    public double? MaxTempC { get; set; }
    public List<string>? Recipes { get; set; }
}

public sealed class PressDocument
{
    public string? Id { get; set; }
    public double? ForceMn { get; set; }
    public double? MaxPieceT { get; set; }
    public double? KwhPerT { get; set; }
    public double? IdleKw { get; set; }
}

public sealed class RecipeDocument
{
    public string? Id { get; set; }
    public double? SoakC { get; set; }
    public double? CycleH { get; set; }
    public double? MaxChargeC { get; set; }
    public string? Group { get; set; }
}

public sealed class DowntimeDocument
{
    public string? Resource { get; set; }
    public DateTimeOffset? From { get; set; }
    public DateTimeOffset? To { get; set; }
}

public static class PlantFile
{
    public static Plant Load(string path) => Parse(JsonFiles.ReadText(path), path);

    public static Plant Parse(string json, string source)
    {
        var doc = JsonFiles.Deserialize<PlantDocument>(json, source);
        var plant = ToDomain(doc, source);
        var problems = InputChecks.CheckPlant(plant);
        if (problems.Count > 0) throw new ForgeInputException(source, problems.Select(p => (p.Field, p.Message)).ToList());
        return plant;
    }

    public static Plant ToDomain(PlantDocument doc, string source)
    {
        var r = new Required(source);
        var grid = r.Get(doc.Grid, "grid");
        var co2 = ReadHourly(grid.Co2KgPerKwh, "grid.co2_kg_per_kwh", source);
        var tariff = r.Get(grid.TariffPerKwh, "grid.tariff_per_kwh");
        if (tariff.Count == 1) tariff = Enumerable.Repeat(tariff[0], 24).ToList();
        var gas = doc.Gas is null
            ? GasSupply.Default
            : new GasSupply(doc.Gas.Co2KgPerNm3 ?? GasSupply.Default.Co2KgPerNm3,
                doc.Gas.LhvMjPerNm3 ?? GasSupply.Default.LhvMjPerNm3,
                doc.Gas.PricePerNm3 ?? GasSupply.Default.PricePerNm3);
        var cooling = Cooling(doc.Cooling, source);

        Furnace MapFurnace(FurnaceDocument f, FurnaceKind kind, string path) => new(
            r.Get(f.Id, $"{path}.id"),
            kind,
            ParseCarrier(r.Get(f.Carrier, $"{path}.carrier"), $"{path}.carrier", source),
            r.Get(f.CapacityT, $"{path}.capacity_t"),
            f.CapacityPieces ?? 1,
            r.Get(f.Efficiency, $"{path}.efficiency"),
            f.HoldingKw ?? 0,
            f.RestartKwh ?? 0,
            f.MaxPowerKw ?? 0,
            f.MaxTempC ?? 1300,
            kind == FurnaceKind.HeatTreatment ? r.Items(r.Get(f.Recipes, $"{path}.recipes"), $"{path}.recipes") : r.Items(f.Recipes, $"{path}.recipes"));

        var heating = r.Items(doc.HeatingFurnaces, "heating_furnaces").Select((f, i) => MapFurnace(f, FurnaceKind.Heating, $"heating_furnaces[{i}]")).ToList();
        var ht = r.Items(doc.HeatTreatmentFurnaces, "heat_treatment_furnaces").Select((f, i) => MapFurnace(f, FurnaceKind.HeatTreatment, $"heat_treatment_furnaces[{i}]")).ToList();
        var presses = r.Items(doc.Presses, "presses").Select((p, i) => new Press(
            r.Get(p.Id, $"presses[{i}].id"),
            r.Get(p.ForceMn, $"presses[{i}].force_mn"),
            r.Get(p.MaxPieceT, $"presses[{i}].max_piece_t"),
            p.KwhPerT ?? 0,
            p.IdleKw ?? 0)).ToList();
        var recipes = r.Items(doc.Recipes, "recipes").Select((x, i) => new Recipe(
            r.Get(x.Id, $"recipes[{i}].id"),
            r.Get(x.SoakC, $"recipes[{i}].soak_c"),
            r.Get(x.CycleH, $"recipes[{i}].cycle_h"),
            r.Get(x.MaxChargeC, $"recipes[{i}].max_charge_c"),
            r.Get(x.Group, $"recipes[{i}].group"))).ToList();
        var downtime = r.Items(doc.Downtime, "downtime").Select((d, i) => new Downtime(
            r.Get(d.Resource, $"downtime[{i}].resource"),
            r.Get(d.From, $"downtime[{i}].from"),
            r.Get(d.To, $"downtime[{i}].to"))).ToList();

        return new Plant(
            r.Get(doc.Id, "id"),
            doc.TimeZone ?? "UTC",
            doc.AmbientC ?? 20.0,
            r.Get(doc.ElectricPowerCapKw, "electric_power_cap_kw"),
            new GridProfile(co2, tariff)
            {
                OnsitePvSurplusKw = grid.OnsitePvSurplusKw ?? [],
                ExportTariffPerKwh = grid.ExportTariffPerKwh ?? 0,
            },
            gas,
            doc.HotChargeMinC ?? 400.0,
            doc.HotTransferMinC ?? 300.0,
            cooling,
            heating,
            ht,
            presses,
            recipes,
            doc.FurnaceToPressMaxMin ?? 10.0,
            downtime)
        { ShiftHours = doc.ShiftH ?? 8.0, CoolingFits = CoolingFits(doc.Cooling?.Fits, r, source, cooling) };
    }

    public static PlantDocument ToDocument(Plant plant) => new()
    {
        Id = plant.Id,
        TimeZone = plant.TimeZone,
        AmbientC = plant.AmbientC,
        ElectricPowerCapKw = plant.ElectricPowerCapKw,
        Grid = new GridDocument
        {
            Co2KgPerKwh = JsonSerializer.SerializeToElement(plant.Grid.Co2KgPerKwh),
            TariffPerKwh = plant.Grid.TariffPerKwh.ToList(),
            OnsitePvSurplusKw = plant.Grid.HasPvSurplus ? plant.Grid.OnsitePvSurplusKw.ToList() : null,
            ExportTariffPerKwh = plant.Grid.HasPvSurplus || plant.Grid.ExportTariffPerKwh != 0 ? plant.Grid.ExportTariffPerKwh : null,
        },
        Gas = new GasDocument { Co2KgPerNm3 = plant.Gas.Co2KgPerNm3, LhvMjPerNm3 = plant.Gas.LhvMjPerNm3, PricePerNm3 = plant.Gas.PricePerNm3 },
        HotChargeMinC = plant.HotChargeMinC,
        HotTransferMinC = plant.HotTransferMinC,
        Cooling = new CoolingDocument
        {
            RhoCMjPerM3k = plant.Cooling.RhoCMjPerM3K,
            Emissivity = plant.Cooling.Emissivity,
            ConvectionWPerM2k = plant.Cooling.ConvectionWPerM2K,
            Fits = plant.CoolingFits.Count == 0 ? null : plant.CoolingFits.Select(f => new CoolingFitDocument
            {
                Grade = f.Grade, DiameterMinM = f.DiameterMinMetres, DiameterMaxM = f.DiameterMaxMetres,
                Emissivity = Math.Round(f.Emissivity, 4), ConvectionWPerM2k = Math.Round(f.ConvectionWPerM2K, 3),
                ConvectionFitted = f.ConvectionFitted, R2 = Math.Round(f.RSquared, 4), N = f.Points,
            }).ToList(),
        },
        HeatingFurnaces = plant.HeatingFurnaces.Select(FurnaceDoc).ToList(),
        HeatTreatmentFurnaces = plant.HeatTreatmentFurnaces.Select(FurnaceDoc).ToList(),
        Presses = plant.Presses.Select(p => new PressDocument { Id = p.Id, ForceMn = p.ForceMn, MaxPieceT = p.MaxPieceTonnes, KwhPerT = p.KwhPerTonne, IdleKw = p.IdleKw }).ToList(),
        Recipes = plant.Recipes.Select(x => new RecipeDocument { Id = x.Id, SoakC = x.SoakC, CycleH = x.CycleHours, MaxChargeC = x.MaxChargeC, Group = x.Group }).ToList(),
        FurnaceToPressMaxMin = plant.FurnaceToPressMaxMin,
        Downtime = plant.Downtime.Select(d => new DowntimeDocument { Resource = d.Resource, From = d.From, To = d.To }).ToList(),
        ShiftH = plant.ShiftHours,
    };

    /// <summary>The version 1 default of h_eff: a file that carries it unchanged (every file written
    /// before version 2, the reference plant included) asked for "the default law", so it gets version
    /// 2's defaults. Any other value was a plant's own choice that has no meaning in the new law.</summary>
    public const double Version1DefaultHEff = 80.0;

    private static CoolingParameters Cooling(CoolingDocument? doc, string source)
    {
        var d = CoolingParameters.Default;
        if (doc is null) return d;
        if (doc.HEffWPerM2k is { } h && Math.Abs(h - Version1DefaultHEff) > 1e-9 && doc.Emissivity is null && doc.ConvectionWPerM2k is null)
            throw new ForgeInputException(source, "cooling.h_eff_w_per_m2k",
                $"{h} W/(m²K) belongs to the constant-h cooling law of version 1, which is gone; set cooling.emissivity (default {d.Emissivity}) and cooling.convection_w_per_m2k (default {d.ConvectionWPerM2K}) instead, or remove the field for the defaults (docs/formats.md)");
        return new CoolingParameters(doc.RhoCMjPerM3k ?? d.RhoCMjPerM3K, doc.Emissivity ?? d.Emissivity, doc.ConvectionWPerM2k ?? d.ConvectionWPerM2K);
    }

    private static List<CoolingFitConstant> CoolingFits(List<CoolingFitDocument>? fits, Required r, string source, CoolingParameters plantCooling) =>
        r.Items(fits, "cooling.fits").Select((f, i) =>
        {
            if (f.TauH is not null && f.Emissivity is null)
                throw new ForgeInputException(source, $"cooling.fits[{i}].tau_h",
                    "a Newton τ fitted for the cooling law of version 1 does not apply to version 2; run forge fit-cooling again on the readings (it fits the emissivity) or remove cooling.fits");
            return new CoolingFitConstant(
                r.Get(f.Grade, $"cooling.fits[{i}].grade"),
                r.Get(f.DiameterMinM, $"cooling.fits[{i}].diameter_min_m"),
                r.Get(f.DiameterMaxM, $"cooling.fits[{i}].diameter_max_m"),
                r.Get(f.Emissivity, $"cooling.fits[{i}].emissivity"),
                f.ConvectionWPerM2k ?? plantCooling.ConvectionWPerM2K,
                r.Get(f.R2, $"cooling.fits[{i}].r2"),
                r.Get(f.N, $"cooling.fits[{i}].n")) { ConvectionFitted = f.ConvectionFitted ?? false };
        }).ToList();

    private static FurnaceDocument FurnaceDoc(Furnace f) => new()
    {
        Id = f.Id,
        Carrier = f.Carrier == Carrier.Gas ? "gas" : "electric",
        CapacityT = f.CapacityTonnes,
        CapacityPieces = f.CapacityPieces,
        Efficiency = f.Efficiency,
        HoldingKw = f.HoldingKw,
        RestartKwh = f.RestartKwh,
        MaxPowerKw = f.MaxPowerKw,
        MaxTempC = f.MaxTempC,
        Recipes = f.Kind == FurnaceKind.HeatTreatment ? f.Recipes.ToList() : null,
    };

    public static Carrier ParseCarrier(string value, string field, string source) => value.ToLowerInvariant() switch
    {
        "gas" => Carrier.Gas,
        "electric" => Carrier.Electric,
        _ => throw new ForgeInputException(source, field, $"'{value}' is not a carrier (gas or electric)"),
    };

    private static List<double> ReadHourly(JsonElement? element, string field, string source)
    {
        if (element is not { } e || e.ValueKind == JsonValueKind.Null)
            throw new ForgeInputException(source, field, "is required");
        if (e.ValueKind == JsonValueKind.Number) return Enumerable.Repeat(e.GetDouble(), 24).ToList();
        if (e.ValueKind == JsonValueKind.Array && e.EnumerateArray().All(x => x.ValueKind == JsonValueKind.Number))
        {
            var values = e.EnumerateArray().Select(x => x.GetDouble()).ToList();
            if (values.Count == 24) return values;
            throw new ForgeInputException(source, field, $"has {values.Count} values; give one number or 24 hourly values");
        }
        throw new ForgeInputException(source, field, "must be a number or an array of 24 numbers");
    }
}

/// <summary>Reads a required value or says which field is missing.</summary>
internal sealed class Required(string source)
{
    public T Get<T>(T? value, string field) where T : class =>
        value ?? throw new ForgeInputException(source, field, "is required");

    public T Get<T>(T? value, string field) where T : struct =>
        value ?? throw new ForgeInputException(source, field, "is required");

    /// <summary>The elements of a list, each required: <c>"heats": [null]</c> names the element rather
    /// than failing somewhere inside.</summary>
    public IReadOnlyList<T> Items<T>(IReadOnlyList<T?>? list, string field) where T : class
    {
        if (list is null) return [];
        for (var i = 0; i < list.Count; i++)
            if (list[i] is null) throw new ForgeInputException(source, $"{field}[{i}]", "must not be null");
        return list!;
    }
}
