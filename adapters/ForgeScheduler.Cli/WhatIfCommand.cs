using System.CommandLine;
using System.Globalization;
using System.Text.Json.Serialization;
using ForgeScheduler.Formats;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Kpis;
using ForgeScheduler.Solver.Optimisation;
using ForgeScheduler.Solver.WhatIf;
using Spectre.Console;

namespace ForgeScheduler.Cli;

/// <summary><c>--retrofit HF-G1:eta=0.62,holding_kw=240,restart_kwh=1800</c>: one furnace, then its new
/// figures; keys may come in any order, each at most once.</summary>
internal static class RetrofitOption
{
    public static BurnerRetrofit Parse(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0) throw Bad(text, "write ID:eta=X,holding_kw=Y,restart_kwh=Z (e.g. HF-G1:eta=0.62,holding_kw=240)");
        var retrofit = new BurnerRetrofit(text[..colon].Trim());
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pair in text[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? pair : pair[..eq].Trim();
            if (eq < 0 || !double.TryParse(pair[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                throw Bad(text, $"'{pair}' is not key=number");
            if (!seen.Add(key)) throw Bad(text, $"'{key}' is given twice");
            retrofit = key switch
            {
                "eta" => retrofit with { Efficiency = value },
                "holding_kw" => retrofit with { HoldingKw = value },
                "restart_kwh" => retrofit with { RestartKwh = value },
                _ => throw Bad(text, $"unknown key '{key}' (eta, holding_kw, restart_kwh)"),
            };
        }
        return retrofit;
    }

    private static ForgeInputException Bad(string text, string problem) => new("command line", "--retrofit", $"'{text}': {problem}");
}

/// <summary><c>forge whatif</c>: electrify named gas furnaces, schedule the plant as it is and electrified
/// with CP-SAT, compare, and find the grid factor at which the change breaks even on carbon (docs/whatif.md).</summary>
internal static class WhatIfCommand
{
    public static Command Create(CliContext context)
    {
        var plant = new Option<string>("--plant") { HelpName = "FILE", Description = "plant.json (docs/formats.md)", Required = true };
        var orders = new Option<string>("--orders") { HelpName = "FILE", Description = "orders.json, or a CSV export if the name ends in .csv", Required = true };
        var electrify = new Option<string?>("--electrify") { HelpName = "IDS", Description = "gas furnaces to turn electric, comma-separated (e.g. HT-G2,HF-G5)" };
        var retrofit = new Option<string[]>("--retrofit")
        {
            HelpName = "ID:eta=X,holding_kw=Y,restart_kwh=Z",
            Description = "a burner or lining retrofit of one furnace (e.g. HF-G1:eta=0.62,holding_kw=240 for regenerative burners); repeat for several furnaces",
        };
        var investment = new Option<double?>("--investment") { HelpName = "AMOUNT", Description = "what the change costs to build, in the plant's currency: adds the payback in tonnes forged" };
        var gridFactor = new Option<double?>("--grid-factor") { HelpName = "KG_PER_KWH", Description = "judge on a flat grid factor instead of the plant's hourly profile" };
        var gridProfile = new Option<string?>("--grid-profile") { HelpName = "FILE", Description = "judge on this grid profile: a JSON array of 24 hourly kgCO2/kWh" };
        var pvSurplus = new Option<string?>("--pv-surplus") { HelpName = "FILE", Description = "judge with this on-site PV surplus: a JSON array of kW, 24 by local hour or one per hour from the plan start (replaces plant.json's)" };
        var timeLimit = new Option<double>("--time-limit") { HelpName = "SECONDS", Description = "CP-SAT time limit per plant (two solves)", DefaultValueFactory = _ => 30.0 };
        var workers = new Option<int>("--workers") { HelpName = "N", Description = "solver worker threads (1 with a seed is deterministic)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var seed = new Option<int>("--seed") { HelpName = "N", Description = "solver random seed", DefaultValueFactory = _ => 1 };
        var deterministicTime = new Option<double?>("--deterministic-time") { HelpName = "UNITS", Description = "stop each solve on CP-SAT's deterministic time instead of --time-limit (with --workers 1: repeatable on any machine)" };
        var outDir = new Option<string>("--out") { HelpName = "DIR", Description = "directory to write whatif.json, whatif.html, both schedules and the electrified plant into", DefaultValueFactory = _ => "out" };
        var command = new Command("whatif", "What if these gas furnaces were electric, or had new burners? Schedules the plant as it is and changed, " +
                                            "compares CO2, cost, energy and power, and finds the grid factor at which it breaks even on carbon.")
        {
            plant, orders, electrify, retrofit, investment, gridFactor, gridProfile, pvSurplus, timeLimit, workers, seed, deterministicTime, outDir,
        };
        command.SetAction(parse => Run(context, new Arguments(
            parse.GetValue(plant)!, parse.GetValue(orders)!, parse.GetValue(electrify) ?? "", parse.GetValue(gridFactor), parse.GetValue(gridProfile),
            parse.GetValue(timeLimit), parse.GetValue(workers), parse.GetValue(seed), parse.GetValue(outDir)!)
        {
            DeterministicTime = parse.GetValue(deterministicTime),
            PvSurplus = parse.GetValue(pvSurplus),
            Retrofits = parse.GetValue(retrofit) ?? [],
            Investment = parse.GetValue(investment),
        }));
        return command;
    }

    private sealed record Arguments(string Plant, string Orders, string Electrify, double? GridFactor, string? GridProfile,
        double TimeLimitSeconds, int Workers, int Seed, string OutDir)
    {
        public double? DeterministicTime { get; init; }

        public string? PvSurplus { get; init; }

        public IReadOnlyList<string> Retrofits { get; init; } = [];

        public double? Investment { get; init; }
    }

    private static int Run(CliContext context, Arguments a)
    {
        if (a.TimeLimitSeconds <= 0) throw new ForgeInputException("command line", "--time-limit", "must be positive");
        if (a.Workers < 1) throw new ForgeInputException("command line", "--workers", "must be at least 1");
        if (a.DeterministicTime is { } d && (!double.IsFinite(d) || d <= 0)) throw new ForgeInputException("command line", "--deterministic-time", "must be positive");
        var grid = ReadGrid(a.GridFactor, a.GridProfile);
        var furnaceIds = a.Electrify.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var retrofits = a.Retrofits.Select(RetrofitOption.Parse).ToList();
        if (furnaceIds.Length == 0 && retrofits.Count == 0)
            throw new ForgeInputException("command line", "--electrify", "give --electrify IDS, --retrofit ID:eta=…, or both");
        if (a.Investment is { } money && (!double.IsFinite(money) || money < 0))
            throw new ForgeInputException("command line", "--investment", "must be an amount of 0 or more");

        var pv = ReadPvSurplus(a.PvSurplus);
        var plant = PlantFile.Load(a.Plant);
        // Both plants are judged with the same surplus (it belongs to the site, not to a furnace).
        if (pv is not null) plant = plant with { Grid = plant.Grid with { OnsitePvSurplusKw = pv } };
        var book = OrdersFile.Load(a.Orders, plant);
        var request = new ElectrificationRequest(furnaceIds) { GridCo2KgPerKwh = grid, Retrofits = retrofits, Investment = a.Investment };
        // Check the ids and values before two solves' worth of waiting.
        CheckChange(plant, request);

        var changes = new List<string>();
        if (furnaceIds.Length > 0) changes.Add($"with {string.Join(", ", furnaceIds)} electric");
        if (retrofits.Count > 0) changes.Add($"retrofitted ({string.Join("; ", retrofits)})");
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"whatif: scheduling {book.Orders.Count} orders on {plant.Id} as is and {string.Join(" and ", changes)} (CP-SAT, up to {a.TimeLimitSeconds:0.#} s each)"));
        var options = new CpSatOptions { TimeLimitSeconds = a.TimeLimitSeconds, Workers = a.Workers, Seed = a.Seed, DeterministicTime = a.DeterministicTime };
        var result = ElectrificationStudy.Run(plant, book, request, options);

        var files = WriteFiles(a.OutDir, book, result);
        WriteTable(context.Out, result);
        foreach (var file in files) context.Out.WriteLine($"wrote {file}");
        return ExitCodes.Ok;
    }

    private static void CheckChange(Plant plant, ElectrificationRequest request)
    {
        try { ElectrificationStudy.Change(plant, request); }
        catch (ElectrificationException e) { throw new ForgeInputException("command line", "--electrify", e.Message); }
        catch (RetrofitException e) { throw new ForgeInputException("command line", "--retrofit", e.Message); }
    }

    private static double[]? ReadGrid(double? flat, string? profilePath)
    {
        if (flat is not null && profilePath is not null)
            throw new ForgeInputException("command line", "--grid-factor", "give either --grid-factor or --grid-profile, not both");
        if (flat is { } g)
        {
            if (!double.IsFinite(g) || g < 0) throw new ForgeInputException("command line", "--grid-factor", "must be a kgCO2/kWh value of 0 or more");
            return [g];
        }
        if (profilePath is null) return null;
        var values = JsonFiles.Deserialize<double[]>(JsonFiles.ReadText(profilePath), profilePath);
        if (values.Length != 24) throw new ForgeInputException(profilePath, "document", $"has {values.Length} values; give 24 hourly kgCO2/kWh (hour 0 first)");
        var bad = Array.FindIndex(values, v => v < 0);
        if (bad >= 0) throw new ForgeInputException(profilePath, $"[{bad}]", "must not be negative");
        return values;
    }

    private static double[]? ReadPvSurplus(string? path)
    {
        if (path is null) return null;
        var values = JsonFiles.Deserialize<double[]>(JsonFiles.ReadText(path), path);
        if (values.Length < 24) throw new ForgeInputException(path, "document", $"has {values.Length} values; give kW values, 24 by local hour or one per hour from the plan start (as grid.onsite_pv_surplus_kw)");
        var bad = Array.FindIndex(values, v => !double.IsFinite(v) || v < 0);
        if (bad >= 0) throw new ForgeInputException(path, $"[{bad}]", "must be a number of kW, 0 or more");
        return values;
    }

    private static List<string> WriteFiles(string outDir, OrderBook book, ElectrificationResult result)
    {
        var json = Path.Combine(outDir, "whatif.json");
        var html = Path.Combine(outDir, "whatif.html");
        var asIs = Path.Combine(outDir, "schedule-as-is.json");
        var electrified = Path.Combine(outDir, "schedule-electrified.json");
        var plant = Path.Combine(outDir, "plant-electrified.json");
        try
        {
            Directory.CreateDirectory(outDir);
            JsonFiles.Write(json, WhatIfDocument.From(book, result));
            Reports.WhatIfPage.Write(html, book, result);
            ScheduleFile.Save(asIs, result.AsIs.Schedule, result.AsIs.Kpis);
            ScheduleFile.Save(electrified, result.Electrified.Schedule, result.Electrified.Kpis);
            // The electrified plant as a plant.json, so `forge schedule` can show its Gantt. Its grid is
            // the study's (the replacement, when one was given).
            JsonFiles.Write(plant, PlantFile.ToDocument(result.Electrified.Plant));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ForgeInputException(outDir, "--out", $"cannot write: {e.Message}");
        }
        return [json, html, asIs, electrified, plant];
    }

    private static void WriteTable(TextWriter writer, ElectrificationResult result)
    {
        var console = KpiConsoleTable.ConsoleFor(writer);

        var table = new Table().Border(TableBorder.Rounded).AddColumn("KPI").AddColumn("unit")
            .AddColumn(new TableColumn(ElectrificationStudy.AsIsName).RightAligned())
            .AddColumn(new TableColumn(Markup.Escape(result.ChangeName)).RightAligned())
            .AddColumn(new TableColumn("change").RightAligned());
        foreach (var row in WhatIfHtml.Rows(result))
            table.AddRow(Markup.Escape(row.Label), Markup.Escape(row.Unit), row.Format(row.AsIs), row.Format(row.Electrified), Markup.Escape(row.FormatChange()));
        console.Write(table);

        foreach (var c in result.Converted)
        {
            var from = c.Template.IsDefault ? "defaults" : string.Join(", ", c.Template.SourceFurnaces);
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{c.Gas.Id}: efficiency {c.Gas.Efficiency:0.00} -> {c.Electric.Efficiency:0.00}, holding {c.Electric.HoldingKw:0} kW, restart {c.Electric.RestartKwh:0} kWh, max power {c.Electric.MaxPowerKw:0} kW (scaled from {from})"));
        }
        foreach (var r in result.Retrofitted)
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Before.Id}: retrofit efficiency {r.Before.Efficiency:0.00} -> {r.After.Efficiency:0.00}, holding {r.Before.HoldingKw:0} -> {r.After.HoldingKw:0} kW, restart {r.Before.RestartKwh:0} -> {r.After.RestartKwh:0} kWh"));
        writer.WriteLine(result.SavingText());
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"grid: plant average {result.PlantGridFactor:0.000}, study average {result.StudyGridFactor:0.000} kgCO2/kWh; electric power cap {result.AsIs.Plant.ElectricPowerCapKw:0} kW"));
        writer.WriteLine(result.BreakEvenText());
        foreach (var caveat in result.Caveats()) writer.WriteLine(caveat);
        foreach (var n in result.AsIs.Notes) writer.WriteLine($"as is: {n}");
        foreach (var n in result.Electrified.Notes) writer.WriteLine($"{result.ChangeName}: {n}");
    }
}

/// <summary>whatif.json (snake_case through <see cref="JsonFiles.Options"/>).</summary>
internal sealed record WhatIfDocument(
    string Plant,
    int Orders,
    IReadOnlyList<string> ElectrifiedFurnaces,
    IReadOnlyList<WhatIfConversion> Conversions,
    double PlantGridFactor,
    double StudyGridFactor,
    IReadOnlyList<double> StudyGridCo2KgPerKwh,
    double ElectricPowerCapKw,
    WhatIfCase AsIs,
    WhatIfCase Electrified,
    WhatIfSameSchedule? SameScheduleElectrified,
    IReadOnlyList<string> Caveats,
    IReadOnlyList<WhatIfSweepPoint> Sweep,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? BreakEvenGridFactor,
    string BreakEven,
    string SweepMethod)
{
    /// <summary>What the "electrified" block is: electrified, retrofitted, or both.</summary>
    public string Change { get; init; } = ElectrificationStudy.ElectrifiedName;

    public IReadOnlyList<WhatIfRetrofit> Retrofits { get; init; } = [];

    /// <summary>Energy cost saved per tonne forged (plant currency).</summary>
    public double CostSavingPerT { get; init; }

    public double? Investment { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public double? PaybackTonnes { get; init; }

    public string Saving { get; init; } = "";

    public static WhatIfDocument From(OrderBook book, ElectrificationResult r) => new(
        r.AsIs.Plant.Id,
        book.Orders.Count,
        r.Converted.Select(c => c.Gas.Id).ToList(),
        r.Converted.Select(c => new WhatIfConversion(c.Gas.Id, c.Gas.Kind == FurnaceKind.Heating ? "heating" : "heat_treatment",
            c.Gas.CapacityTonnes, c.Gas.Efficiency, c.Electric.Efficiency, c.Electric.HoldingKw, c.Electric.RestartKwh, c.Electric.MaxPowerKw,
            c.Template.IsDefault ? ["defaults"] : c.Template.SourceFurnaces)).ToList(),
        r.PlantGridFactor,
        r.StudyGridFactor,
        r.AsIs.Plant.Grid.Co2KgPerKwh,
        r.AsIs.Plant.ElectricPowerCapKw,
        WhatIfCase.From(r.AsIs),
        WhatIfCase.From(r.Electrified),
        r.SameScheduleElectrified is { } same
            ? new WhatIfSameSchedule(WhatIfFigures.From(same), r.SameScheduleElectrifiedViolations)
            : null,
        r.Caveats(),
        r.Sweep.Select(p => new WhatIfSweepPoint(p.GridFactor, p.AsIsCo2KgPerT, p.ElectrifiedCo2KgPerT, p.DifferenceKgPerT)).ToList(),
        r.BreakEvenGridFactor,
        r.BreakEvenText(),
        "fixed schedules re-priced with a flat grid factor (not re-optimised per factor)")
    {
        Change = r.ChangeName,
        Retrofits = r.Retrofitted.Select(x => new WhatIfRetrofit(x.Before.Id, x.Before.Carrier == Carrier.Electric ? "electric" : "gas",
            x.Before.Efficiency, x.After.Efficiency, x.Before.HoldingKw, x.After.HoldingKw, x.Before.RestartKwh, x.After.RestartKwh)).ToList(),
        CostSavingPerT = r.CostSavingPerT,
        Investment = r.Investment,
        PaybackTonnes = r.Investment is { } money ? r.PaybackTonnes(money) : null,
        Saving = r.SavingText(),
    };
}

internal sealed record WhatIfRetrofit(string Id, string Carrier, double EfficiencyBefore, double Efficiency,
    double HoldingKwBefore, double HoldingKw, double RestartKwhBefore, double RestartKwh);

internal sealed record WhatIfConversion(string Id, string Kind, double CapacityT, double GasEfficiency, double Efficiency,
    double HoldingKw, double RestartKwh, double MaxPowerKw, IReadOnlyList<string> ScaledFrom);

internal sealed record WhatIfCase(double Co2KgPerT, double CostPerT, double EnergyKwhPerT, double ElectricShare, double PeakElectricKw,
    KpiReport Kpis, IReadOnlyList<string> Notes)
{
    public double GasKwhPerT { get; init; }

    public double ElectricKwhPerT { get; init; }

    public double GasNm3PerT { get; init; }

    public static WhatIfCase From(PlantCase c)
    {
        var f = c.Figures;
        return new(f.Co2KgPerT, f.CostPerT, f.EnergyKwhPerT, f.ElectricShare, f.PeakElectricKw, c.Kpis, c.Notes)
        {
            GasKwhPerT = f.GasKwhPerT, ElectricKwhPerT = f.ElectricKwhPerT, GasNm3PerT = f.GasNm3PerT,
        };
    }
}

/// <summary>The as-is schedule priced on the electrified plant, and how many rules it breaks there.</summary>
internal sealed record WhatIfSameSchedule(WhatIfFigures Figures, int Violations);

internal sealed record WhatIfSweepPoint(double GridFactor, double AsIsCo2KgPerT, double ElectrifiedCo2KgPerT, double DifferenceKgPerT);
