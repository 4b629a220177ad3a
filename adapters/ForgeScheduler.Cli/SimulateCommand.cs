using System.CommandLine;
using System.Globalization;
using ForgeScheduler.Api;
using ForgeScheduler.Formats;
using ForgeScheduler.Mes.Simulation;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Generation;

namespace ForgeScheduler.Cli;

/// <summary><c>forge simulate</c>: a MES over HTTP that plays a plant day against <c>forge serve</c>.</summary>
internal static class SimulateCommand
{
    public static Command Create(CliContext context)
    {
        var api = new Option<string>("--api") { HelpName = "URL", Description = "the service, e.g. http://127.0.0.1:5080", Required = true };
        var plant = new Option<string>("--plant") { HelpName = "FILE|ID", Description = "plant.json (stored first) or the id of a plant the service knows", Required = true };
        var speed = new Option<double>("--speed") { HelpName = "X", Description = "plant minutes per real second ÷ 1 minute: 60 = one plant minute per second", DefaultValueFactory = _ => 60.0 };
        var seed = new Option<int>("--seed") { HelpName = "N", Description = "random seed of the orders and the shop floor", DefaultValueFactory = _ => 1 };
        var orders = new Option<string>("--orders") { HelpName = "FILE|N", Description = "orders.json to post, or a number of orders to generate", DefaultValueFactory = _ => "10" };
        var apiKey = new Option<string?>("--api-key") { HelpName = "KEY", Description = "X-Api-Key for write requests (default: FORGE_API_KEY)" };
        var now = new Option<string?>("--now") { HelpName = "TIME", Description = "plant time the day starts at, ISO 8601 with offset (default: tomorrow 06:00 UTC); reschedules are asked as of the plant clock" };
        var command = new Command("simulate", "Play a simulated plant day against a running forge service over HTTP.")
        {
            api, plant, speed, seed, orders, apiKey, now,
        };
        command.SetAction((parse, ct) => Run(context, parse.GetValue(api)!, parse.GetValue(plant)!, parse.GetValue(speed),
            parse.GetValue(seed), parse.GetValue(orders)!, parse.GetValue(apiKey) ?? Environment.GetEnvironmentVariable("FORGE_API_KEY"),
            ParseNow(parse.GetValue(now)), ct));
        return command;
    }

    private static async Task<int> Run(CliContext context, string apiUrl, string plantArg, double speed, int seed, string ordersArg,
        string? apiKey, DateTimeOffset? now, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(apiUrl.EndsWith('/') ? apiUrl : apiUrl + "/", UriKind.Absolute, out var baseUri))
            throw new ForgeInputException("command line", "--api", $"'{apiUrl}' is not a URL");
        if (!(speed > 0)) throw new ForgeInputException("command line", "--speed", "must be positive");
        using var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromMinutes(5) };
        var fromFile = File.Exists(plantArg);
        var plant = fromFile ? PlantFile.Load(plantArg) : await FetchPlantAsync(http, plantArg, cancellationToken);
        var book = LoadOrders(ordersArg, plant, seed, context.Clock, now);
        if (!File.Exists(ordersArg)) book = await WithFreshIdsAsync(http, book, cancellationToken);
        var clock = new ScaledPlantClock(book.PlanStart, speed, context.Clock);
        var client = new MesSimulatorClient(http, clock, new SimulatorSettings { Seed = seed, ApiKey = apiKey, PostPlant = fromFile });
        var summary = await client.RunAsync(plant, book, cancellationToken);
        context.Out.WriteLine($"simulated plant {plant.Id}: {book.Orders.Count} orders, {summary.EventsSent} events " +
                              $"({string.Join(", ", summary.EventsByType.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value}"))}), " +
                              $"{summary.Reschedules} reschedules, last version {summary.LastVersion}, {summary.RequestsSent} requests");
        foreach (var failure in summary.Failures.Take(20)) context.Error.WriteLine($"forge: simulate: {failure}");
        if (summary.Failures.Count > 20) context.Error.WriteLine($"forge: simulate: … and {summary.Failures.Count - 20} more non-2xx answers");
        return summary.Ok ? ExitCodes.Ok : ExitCodes.Invalid;
    }

    private static DateTimeOffset? ParseNow(string? text) =>
        text is null ? null
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? at
        : throw new ForgeInputException("command line", "--now", $"'{text}' is not an ISO 8601 date-time with an offset (2026-11-26T06:00:00+08:00)");

    /// <summary>Generated orders get ids the plant does not have yet: a generated FO-001 is another piece
    /// than the plant's FO-001, and re-using its id would say the floor's progress on it is this one's.</summary>
    private static async Task<OrderBook> WithFreshIdsAsync(HttpClient http, OrderBook book, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"api/v1/plants/{Uri.EscapeDataString(book.Plant)}/orders", cancellationToken);
        if (!response.IsSuccessStatusCode) return book;
        var known = JsonFiles.Deserialize<OrderBookDocument>(await response.Content.ReadAsStringAsync(cancellationToken), "service orders");
        var taken = (known.Orders ?? []).Select(o => o.Id).OfType<string>().ToHashSet(StringComparer.Ordinal);
        if (!book.Orders.Any(o => taken.Contains(o.Id))) return book;
        var prefix = book.PlanStart.ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture);
        return book with
        {
            Orders = [.. book.Orders.Select(o =>
            {
                var id = $"{o.Id}-{prefix}";
                for (var n = 2; taken.Contains(id); n++) id = $"{o.Id}-{prefix}-{n}";
                taken.Add(id);
                return o with { Id = id };
            })],
        };
    }

    private static OrderBook LoadOrders(string ordersArg, Plant plant, int seed, TimeProvider time, DateTimeOffset? now)
    {
        if (File.Exists(ordersArg)) return OrdersFile.Load(ordersArg, plant);
        if (!int.TryParse(ordersArg, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) || count <= 0)
            throw new ForgeInputException("command line", "--orders", $"'{ordersArg}' is neither an orders file nor a positive number of orders");
        var start = now ?? new DateTimeOffset(time.GetUtcNow().UtcDateTime.Date.AddDays(1).AddHours(6), TimeSpan.Zero);
        return OrderBookGenerator.Generate(plant, count, seed, start, 24);
    }

    private static async Task<Plant> FetchPlantAsync(HttpClient http, string plantId, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"api/v1/plants/{Uri.EscapeDataString(plantId)}", cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new ForgeInputException("command line", "--plant", $"'{plantId}' is not a file and the service answered {(int)response.StatusCode} for it");
        return PlantFile.Parse(await response.Content.ReadAsStringAsync(cancellationToken), $"plant {plantId} from the service");
    }
}
