using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ForgeScheduler.Api;
using ForgeScheduler.Cluster.Grains;
using ForgeScheduler.Formats;
using ForgeScheduler.Mes.Simulation;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Generation;
using Microsoft.AspNetCore.Builder;

namespace ForgeScheduler.Cli;

/// <summary>What <c>forge bench --cases api</c> measured (bench-api.json).</summary>
internal sealed record ApiBenchReport(
    string Store,
    int Writers,
    int Upserts,
    double UpsertsPerSecond,
    double UpsertP50Ms,
    double UpsertP99Ms,
    double SolverLimitSeconds,
    int Reschedules,
    double RescheduleP50Seconds,
    double RescheduleP95Seconds,
    IReadOnlyList<double> ManagedMbAfterEachDay);

/// <summary><c>forge bench --cases api</c>: the service end to end over HTTP on PostgreSQL — order upserts
/// by 8 writers, reschedules of the reference day at the solver limit, and the process's managed memory
/// after each day of a simulated week (generated day books played by the MES simulator).</summary>
internal static class ApiBench
{
    public static async Task<ApiBenchReport> RunAsync(CliContext context, string root, string? connection, int upserts, double limit, int days,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(connection))
            throw new ForgeInputException("command line", "--connection", "the api case runs the service on PostgreSQL: give a connection string to an empty database");
        var port = FreePort();
        var options = new ForgeApiOptions
        {
            Urls = $"http://127.0.0.1:{port}",
            Store = StoreKind.Postgres,
            Connection = connection,
            Planning = PlanningOptions.Default with { TimeLimitSeconds = limit },
            Clock = context.Clock,
        };
        await using var app = await ForgeApiHost.BuildAsync(options, cancellationToken);
        await app.StartAsync(cancellationToken);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromMinutes(5) };
        // Plant ids of this run only: a second run on the same database must not find the first run's
        // orders (they would answer "unchanged" and measure nothing).
        var run = Guid.NewGuid().ToString("N")[..6];
        var reference = PlantFile.Load(Path.Combine(root, "datasets", "reference", "plant.json"));
        var plant = reference with { Id = $"{reference.Id}-{run}" };
        var day = OrdersFile.Load(Path.Combine(root, "datasets", "reference", "orders-day.json"), reference);
        await PutPlantAsync(http, plant, cancellationToken);

        // 1. Order upserts: 8 writers, one order per request, ids never seen (each is a new row).
        const int writers = 8;
        var latencies = new double[upserts];
        var next = -1;
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < upserts)
            {
                var body = JsonFiles.Serialize(OrdersFile.ToDocument(day.Orders[i % day.Orders.Count] with { Id = $"BENCH-{i:D6}" }));
                var t = Stopwatch.GetTimestamp();
                using var r = await http.PostAsync($"api/v1/plants/{plant.Id}/orders", Json(body), cancellationToken);
                latencies[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
                if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"upsert answered {(int)r.StatusCode}: {await r.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }));
        var rate = upserts / wall.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        context.Out.WriteLine(Invariant($"bench api: {upserts} order upserts, {writers} writers: {rate:0}/s, p50 {Quantile(latencies, 0.5):0.0} ms, p99 {Quantile(latencies, 0.99):0.0} ms"));

        // 2. Reschedules of the reference day (30 orders) on a plant of its own, end to end.
        var dayPlant = plant with { Id = $"bench-day-{run}" };
        await PutPlantAsync(http, dayPlant, cancellationToken);
        await PostAsync(http, $"api/v1/plants/{dayPlant.Id}/orders", JsonFiles.Serialize(OrdersFile.ToDocument(day with { Plant = dayPlant.Id })), cancellationToken);
        var times = new List<double>();
        for (var k = 0; k < 20; k++)
        {
            var now = day.PlanStart.AddMinutes(30 * k).ToString("O", CultureInfo.InvariantCulture);
            var t = Stopwatch.GetTimestamp();
            await PostAsync(http, $"api/v1/plants/{dayPlant.Id}/reschedule", $"{{\"now\": \"{now}\"}}", cancellationToken);
            times.Add(Stopwatch.GetElapsedTime(t).TotalSeconds);
        }
        var sorted = times.Order().ToArray();
        context.Out.WriteLine(Invariant($"bench api: {times.Count} reschedules of the reference day, limit {limit:0.#} s: p50 {Quantile(sorted, 0.5):0.00} s, p95 {Quantile(sorted, 0.95):0.00} s"));

        // 3. A simulated week on one plant: each day a generated book, played by the MES simulator.
        var weekPlant = plant with { Id = $"bench-week-{run}" };
        await PutPlantAsync(http, weekPlant, cancellationToken);
        var memory = new List<double>();
        for (var d = 0; d < days; d++)
        {
            var start = day.PlanStart.AddDays(d);
            var book = OrderBookGenerator.Generate(weekPlant, 12, 100 + d, start, 24);
            book = book with { Orders = [.. book.Orders.Select(o => o with { Id = $"D{d + 1}-{o.Id}" })] };
            var summary = await new MesSimulatorClient(http, new FakePlantClock(start), new SimulatorSettings { Seed = d + 1, PostPlant = false, MaxReschedules = 3 })
                .RunAsync(weekPlant, book, cancellationToken);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var mb = GC.GetTotalMemory(forceFullCollection: true) / 1048576.0;
            memory.Add(Math.Round(mb, 1));
            context.Out.WriteLine(Invariant($"bench api: day {d + 1}: {summary.EventsSent} events, {summary.Reschedules} reschedules, {summary.Failures.Count} non-2xx, managed memory {mb:0.0} MB"));
            foreach (var failure in summary.Failures.Take(3)) context.Out.WriteLine($"bench api: day {d + 1}: non-2xx: {failure}");
        }
        await app.StopAsync(cancellationToken);
        return new ApiBenchReport("postgres", writers, upserts, Math.Round(rate, 0), Math.Round(Quantile(latencies, 0.5), 1), Math.Round(Quantile(latencies, 0.99), 1),
            limit, times.Count, Math.Round(Quantile(sorted, 0.5), 2), Math.Round(Quantile(sorted, 0.95), 2), memory);
    }

    public static string Markdown(ApiBenchReport r) => Invariant($"""
        ## API (forge bench --cases api, PostgreSQL)

        | measure | value |
        |---|---|
        | order upserts, {r.Writers} writers | {r.UpsertsPerSecond:0}/s ({r.Upserts} requests) |
        | upsert latency p50 / p99 | {r.UpsertP50Ms:0.0} ms / {r.UpsertP99Ms:0.0} ms |
        | reschedule of the reference day, limit {r.SolverLimitSeconds:0.#} s, p50 / p95 | {r.RescheduleP50Seconds:0.00} s / {r.RescheduleP95Seconds:0.00} s ({r.Reschedules} requests) |
        | managed memory after each simulated day (MB) | {string.Join(", ", r.ManagedMbAfterEachDay.Select(m => m.ToString("0.0", CultureInfo.InvariantCulture)))} |

        """);

    private static double Quantile(double[] sorted, double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];

    private static async Task PutPlantAsync(HttpClient http, Plant plant, CancellationToken cancellationToken)
    {
        using var r = await http.PutAsync($"api/v1/plants/{plant.Id}", Json(JsonFiles.Serialize(PlantFile.ToDocument(plant))), cancellationToken);
        if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"PUT plant answered {(int)r.StatusCode}");
    }

    private static async Task PostAsync(HttpClient http, string path, string body, CancellationToken cancellationToken)
    {
        using var r = await http.PostAsync(path, Json(body), cancellationToken);
        if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"POST {path} answered {(int)r.StatusCode}: {await r.Content.ReadAsStringAsync(cancellationToken)}");
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
