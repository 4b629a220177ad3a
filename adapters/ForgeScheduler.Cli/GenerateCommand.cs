using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using ForgeScheduler.Formats;
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
        var outFile = new Option<string>("--out") { HelpName = "FILE", Description = "orders.json to write", Required = true };
        var command = new Command("generate", "Generate a reproducible order book for a plant and write it as orders.json.")
        {
            count, seed, plant, start, hours, outFile,
        };
        command.SetAction(parse => Run(context, parse.GetValue(count), parse.GetValue(seed), parse.GetValue(plant)!,
            parse.GetValue(start), parse.GetValue(hours), parse.GetValue(outFile)!));
        return command;
    }

    private static int Run(CliContext context, int count, int seed, string plantPath, string? startText, double hours, string outPath)
    {
        if (count <= 0) throw new ForgeInputException("command line", "--orders", "must be a positive number of orders");
        if (hours <= 0) throw new ForgeInputException("command line", "--hours", "must be positive");
        var plant = PlantFile.Load(plantPath);
        var zone = FindZone(plant.TimeZone);
        var planStart = startText is null ? TomorrowSixAm(context.Clock, zone) : ParseStart(startText, zone);
        var book = OrderBookGenerator.Generate(plant, count, seed, planStart, hours);
        try { OrdersFile.Save(outPath, book); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ForgeInputException(outPath, "--out", $"cannot write: {e.Message}");
        }
        context.Out.WriteLine($"wrote {book.Orders.Count} orders for plant {plant.Id} from {planStart:yyyy-MM-dd HH:mm zzz} to {outPath}");
        return ExitCodes.Ok;
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

    private static TimeZoneInfo? FindZone(string id)
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById(id); }
        catch (TimeZoneNotFoundException) { return null; }
        catch (InvalidTimeZoneException) { return null; }
    }

    [GeneratedRegex(@"(Z|[+-]\d{2}(:?\d{2})?)$", RegexOptions.IgnoreCase)]
    private static partial Regex HasOffset();
}
