using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using ForgeScheduler.Formats;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Generation;

namespace ForgeScheduler.Cli;

/// <summary><c>forge generate</c>: a random but reproducible order book for a plant.</summary>
internal static partial class GenerateCommand
{
    public const string DefaultPlant = "datasets/reference/plant.json";

    public static Command Create(CliContext context)
    {
        var count = new Option<int>("--orders") { HelpName = "N", Description = "number of orders to generate", Required = true };
        var seed = new Option<int>("--seed") { HelpName = "N", Description = "random seed: the same seed, plant, start and hours give the same orders", Required = true };
        var plant = new Option<string>("--plant") { HelpName = "FILE", Description = "plant.json the orders are made for", DefaultValueFactory = _ => DefaultPlant };
        var start = new Option<string?>("--start") { HelpName = "ISO", Description = "plan start, ISO 8601 (without an offset: plant local time); default tomorrow 06:00 plant time" };
        var hours = new Option<double>("--hours") { HelpName = "HOURS", Description = "horizon in hours over which orders are released", DefaultValueFactory = _ => 24.0 };
        var load = new Option<double?>("--load") { HelpName = "X", Description = "load on the plant's bottleneck stage, e.g. 0.6 to 1.1 (1 = its capacity; see docs/cli.md): the releases are spread over the horizon that gives this load, instead of --hours" };
        var hotShare = new Option<double?>("--hot-share") { HelpName = "X", Description = "chance (0-1) that an order is a hot ingot; default: by mass, as the shop does" };
        var families = new Option<string?>("--families") { HelpName = "LIST", Description = "product mix as name=weight pairs, e.g. shaft=2,ring=1,rotor=1 (shaft, ring, roll, tube-sheet, rotor); default the shop's mix" };
        var outFile = new Option<string>("--out") { HelpName = "DIR", Description = "folder to write orders.json into (a path ending in .json is still taken as the file)", DefaultValueFactory = _ => "out" };
        var command = new Command("generate", "Generate a reproducible order book for a plant and write it as orders.json.")
        {
            count, seed, plant, start, hours, load, hotShare, families, outFile,
        };
        command.SetAction(parse => Run(context, new GenerateRequest(parse.GetValue(count), parse.GetValue(seed), parse.GetValue(plant)!,
            parse.GetValue(start), parse.GetValue(hours), parse.GetResult(hours) is { Implicit: false }, parse.GetValue(load),
            parse.GetValue(hotShare), parse.GetValue(families), parse.GetValue(outFile)!)));
        return command;
    }

    private sealed record GenerateRequest(int Count, int Seed, string PlantPath, string? StartText, double Hours, bool HoursGiven,
        double? Load, double? HotShare, string? Families, string OutPath);

    private static int Run(CliContext context, GenerateRequest request)
    {
        if (request.Count <= 0) throw new ForgeInputException("command line", "--orders", "must be a positive number of orders");
        if (request.Hours <= 0) throw new ForgeInputException("command line", "--hours", "must be positive");
        if (request.Load is { } l && (!double.IsFinite(l) || l < OrderBookAtLoad.MinLoad || l > OrderBookAtLoad.MaxLoad))
            throw new ForgeInputException("command line", "--load", $"must be between {OrderBookAtLoad.MinLoad} and {OrderBookAtLoad.MaxLoad} (1 = the plant's capacity)");
        if (request.Load is not null && request.HoursGiven)
            throw new ForgeInputException("command line", "--hours", "give --hours or --load, not both: --load sets the horizon");
        if (request.HotShare is { } h && !(h is >= 0 and <= 1))
            throw new ForgeInputException("command line", "--hot-share", "must be between 0 and 1");
        var mix = new GenerationMix(ParseFamilies(request.Families), request.HotShare);
        var plant = PlantFile.Load(request.PlantPath);
        var zone = FindZone(plant.TimeZone);
        var planStart = request.StartText is null ? TomorrowSixAm(context.Clock, zone) : ParseStart(request.StartText, zone);
        OrderBook book;
        var loadNote = "";
        if (request.Load is { } target)
        {
            var generated = OrderBookAtLoad.Generate(plant, request.Count, request.Seed, planStart, target, mix);
            book = generated.Book;
            loadNote = string.Create(CultureInfo.InvariantCulture, $" (load {generated.Load:0.00} over {generated.HorizonHours:0.#} h)");
        }
        else
        {
            book = OrderBookGenerator.Generate(plant, request.Count, request.Seed, planStart, request.Hours, mix.Families, mix.HotShare);
            loadNote = string.Create(CultureInfo.InvariantCulture, $" (load {PlantCapacity.Load(plant, book.Orders, request.Hours):0.00} over {request.Hours:0.#} h)");
        }
        var outPath = OutFolder.FileIn(context, request.OutPath, "orders.json");
        try { OrdersFile.Save(outPath, book); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ForgeInputException(outPath, "--out", $"cannot write: {e.Message}");
        }
        context.Out.WriteLine($"wrote {book.Orders.Count} orders for plant {plant.Id} from {planStart:yyyy-MM-dd HH:mm zzz} to {outPath}{loadNote}");
        return ExitCodes.Ok;
    }

    /// <summary><c>shaft=2,ring=1</c>: the shop's families with these weights (others left out); null: the shop's mix.</summary>
    internal static IReadOnlyList<ProductFamily> ParseFamilies(string? text)
    {
        if (text is null) return ProductFamily.HeavyForgingShop;
        var known = string.Join(", ", ProductFamily.HeavyForgingShop.Select(f => f.Name));
        var chosen = new List<ProductFamily>();
        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=', 2, StringSplitOptions.TrimEntries);
            var family = ProductFamily.HeavyForgingShop.FirstOrDefault(f => string.Equals(f.Name, parts[0], StringComparison.OrdinalIgnoreCase))
                ?? throw new ForgeInputException("command line", "--families", $"'{parts[0]}' is not a product family ({known})");
            var weight = 1.0;
            if (parts.Length == 2 && !(double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out weight) && double.IsFinite(weight) && weight >= 0))
                throw new ForgeInputException("command line", "--families", $"the weight of '{parts[0]}' must be a number ≥ 0, not '{parts[1]}'");
            if (chosen.Any(f => f.Name == family.Name))
                throw new ForgeInputException("command line", "--families", $"'{family.Name}' is given twice");
            chosen.Add(family with { Share = weight });
        }
        if (chosen.Sum(f => f.Share) <= 0)
            throw new ForgeInputException("command line", "--families", $"'{text}' must give some family a weight above 0 ({known})");
        return chosen;
    }

    internal static DateTimeOffset ParseStart(string text, TimeZoneInfo? zone)
    {
        if (HasOffset().IsMatch(text))
        {
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset)) return withOffset;
        }
        else if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
            return new DateTimeOffset(unspecified, zone?.GetUtcOffset(unspecified) ?? TimeSpan.Zero);
        }
        throw new ForgeInputException("command line", "--start", $"'{text}' is not an ISO 8601 date-time (e.g. 2026-11-26T06:00+08:00)");
    }

    private static DateTimeOffset TomorrowSixAm(TimeProvider clock, TimeZoneInfo? zone)
    {
        var utc = clock.GetUtcNow();
        var now = zone is null ? utc : TimeZoneInfo.ConvertTime(utc, zone);
        var day = DateTime.SpecifyKind(now.Date.AddDays(1).AddHours(6), DateTimeKind.Unspecified);
        return new DateTimeOffset(day, zone?.GetUtcOffset(day) ?? TimeSpan.Zero);
    }

    internal static TimeZoneInfo? FindZone(string id)
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById(id); }
        catch (TimeZoneNotFoundException) { return null; }
        catch (InvalidTimeZoneException) { return null; }
    }

    [GeneratedRegex(@"(Z|[+-]\d{2}(:?\d{2})?)$", RegexOptions.IgnoreCase)]
    private static partial Regex HasOffset();
}
