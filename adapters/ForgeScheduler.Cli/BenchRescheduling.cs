using System.Diagnostics;
using System.Globalization;
using System.Net;
using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Cluster.Grains;
using ForgeScheduler.Cluster.Hosting;
using ForgeScheduler.Solver.Baseline;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Generation;
using ForgeScheduler.Solver.Optimisation;
using ForgeScheduler.Solver.Rescheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;

namespace ForgeScheduler.Cli;

/// <summary>One kind of single event answered by the rescheduler: how fast, how much it moved.</summary>
public sealed record RescheduleEventReport(string EventType, int Runs, double WallP50Seconds, double WallP95Seconds,
    double MovedPctMean, double MovedPctMax, int FellBack);

/// <summary>The reschedule case: the reference day planned once, then N single events answered one by one.</summary>
public sealed record RescheduleBenchReport(int OrderCount, int Operations, double BaseLimitSeconds, string BaseStatus,
    double RescheduleLimitSeconds, int Events, int Seed, double WallP50Seconds, double WallP95Seconds,
    IReadOnlyList<RescheduleEventReport> ByType, string LoadAverage);

/// <summary>The cluster case: plants rescheduling at once through one client on a 2-silo cluster.</summary>
public sealed record ClusterBenchReport(string Clustering, int Silos, int Plants, int OrdersPerPlant, double SolveLimitSeconds,
    IReadOnlyList<ClusterRoundReport> Rounds, string LoadAverage);

/// <summary>One round: every plant asked at once; latency from the request to the published version.</summary>
public sealed record ClusterRoundReport(string Round, double WallSeconds, double ReschedulesPerMinute, double LatencyP50Seconds,
    double LatencyP95Seconds, int Violations, IReadOnlyDictionary<string, int> AnsweredBySilo, IReadOnlyDictionary<string, int> Statuses);

internal static class RescheduleBench
{
    public const string FurnaceDown = "furnace_down";
    public const string LateStart = "late_start";
    public const string RushOrder = "rush_order";

    /// <summary>Plans the day with CP-SAT (short limit), then answers <paramref name="events"/> single events
    /// (furnace-down on the most used heating furnace, a late start, a rush order, in turn; times seeded).</summary>
    public static RescheduleBenchReport Run(CliContext context, Plant plant, OrderBook book, double baseLimit, double limit, int events,
        int workers, int seed)
    {
        context.Out.WriteLine(Inv($"bench reschedule: {book.Orders.Count} orders, base CP-SAT {baseLimit:0.#} s, {events} events at {limit:0.#} s each"));
        var baseline = BaselineDispatcher.Dispatch(plant, book);
        var planned = CpSatScheduler.Solve(plant, book, new CpSatOptions { TimeLimitSeconds = baseLimit, Workers = workers, Seed = seed }, baseline);
        var current = planned.Schedule;
        var ops = current.Operations;
        var first = ops.Min(o => o.Start);
        var span = ops.Max(o => o.Start) - first;
        var busiest = ops.Where(o => o.Kind == OperationKind.Heat).GroupBy(o => o.Resource).MaxBy(g => g.Count())!.Key;
        var random = new Random(seed);
        var runs = new List<(string Type, double Wall, double MovedPct, bool FellBack)>();
        for (var i = 0; i < events; i++)
        {
            var type = (i % 3) switch { 0 => FurnaceDown, 1 => LateStart, _ => RushOrder };
            // Somewhere in the first 70 % of the day, so there is a future left to re-plan.
            var at = Minute(first + span * (0.1 + 0.6 * random.NextDouble()));
            ShopEvent e;
            var now = at;
            switch (type)
            {
                case FurnaceDown:
                    e = new Solver.Rescheduling.ResourceDown(at, busiest, at.AddHours(4));
                    break;
                case LateStart:
                    var heats = ops.Where(o => o.Kind == OperationKind.Heat && o.Start >= at).OrderBy(o => o.Start).ToList();
                    var late = heats.Count == 0 ? ops.Where(o => o.Kind == OperationKind.Heat).MaxBy(o => o.Start)! : heats[random.Next(Math.Min(5, heats.Count))];
                    e = new Solver.Rescheduling.OperationStarted(late.Start.AddMinutes(30), late.Order, late.Step, late.Resource, null);
                    now = late.Start.AddMinutes(35);
                    break;
                default:
                    var template = book.Orders[random.Next(book.Orders.Count)];
                    e = new OrderAdded(at, template with { Id = $"RUSH-{i + 1}", Release = at, Due = at.AddHours(12), Weight = template.Weight * 5 }, Rush: true);
                    break;
            }
            var clock = Stopwatch.StartNew();
            var result = Rescheduler.Reschedule(plant, book, current, [e], now, new RescheduleOptions
            {
                Solver = new CpSatOptions { TimeLimitSeconds = limit, Workers = workers, Seed = seed },
            });
            var wall = clock.Elapsed.TotalSeconds;
            var moved = 100.0 * (result.Diff.Moved + result.Diff.Reassigned) / ops.Count;
            runs.Add((type, wall, moved, result.FellBack));
            context.Out.WriteLine(Inv($"bench reschedule {i + 1}/{events} {type} at {now:yyyy-MM-dd HH:mm}: {result.Status} in {wall:0.00} s, {moved:0.0} % of operations moved"));
        }
        var byType = runs.GroupBy(r => r.Type).Select(g => new RescheduleEventReport(g.Key, g.Count(),
            Percentile(g.Select(r => r.Wall), 50), Percentile(g.Select(r => r.Wall), 95),
            g.Average(r => r.MovedPct), g.Max(r => r.MovedPct), g.Count(r => r.FellBack))).ToList();
        return new RescheduleBenchReport(book.Orders.Count, ops.Count, baseLimit, planned.Status, limit, events, seed,
            Percentile(runs.Select(r => r.Wall), 50), Percentile(runs.Select(r => r.Wall), 95), byType, LoadAverage.Read());
    }

    private static DateTimeOffset Minute(DateTimeOffset t) => new(t.Ticks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, t.Offset);

    /// <summary>Nearest-rank percentile.</summary>
    public static double Percentile(IEnumerable<double> values, double pct)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0) return double.NaN;
        var rank = (int)Math.Ceiling(pct / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

internal static class ClusterBench
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    /// <summary>Starts two silos (PostgreSQL clustering and storage when a connection is given, else
    /// localhost clustering with in-memory storage), loads <paramref name="plants"/> copies of the plant
    /// with generated books, and asks them all at once: a first version, then the answer to a furnace
    /// going down (the rescheduler).</summary>
    public static async Task<ClusterBenchReport> RunAsync(CliContext context, Plant reference, DateTimeOffset planStart, int plants, int ordersPerPlant,
        double limit, string? connection, int seed)
    {
        var planning = new PlanningOptions { TimeLimitSeconds = limit, Workers = 1, Seed = seed };
        var clusterId = $"bench-{Guid.NewGuid():N}";
        var hosts = new List<IHost>();
        var clustering = connection is null ? "localhost (embedded), in-memory storage" : "PostgreSQL (ADO.NET clustering and storage)";
        context.Out.WriteLine(Inv($"bench cluster: 2 silos, {clustering}; {plants} plants × {ordersPerPlant} orders, solve limit {limit:0.#} s"));
        try
        {
            IHost client;
            if (connection is not null)
            {
                await ForgeDatabase.InitAsync(connection);
                var options = ForgeClusterOptions.Postgres(connection) with { ClusterId = clusterId, Planning = planning };
                foreach (var name in new[] { "silo-a", "silo-b" })
                    hosts.Add(Build(b => b.UseForgeSilo(options with { SiloName = name })));
                foreach (var h in hosts) await h.StartAsync();
                client = Build(b => b.UseForgeClient(options));
            }
            else
            {
                var primary = ForgeSiloHosting.FreePort();
                var gateways = new[] { ForgeSiloHosting.FreePort(), ForgeSiloHosting.FreePort() };
                for (var i = 0; i < 2; i++)
                {
                    var (siloPort, gateway, name) = (i == 0 ? primary : ForgeSiloHosting.FreePort(), gateways[i], i == 0 ? "silo-a" : "silo-b");
                    hosts.Add(Build(b => b.UseOrleans(silo =>
                    {
                        silo.Services.AddForgeGrains(planning);
                        silo.Configure<SiloOptions>(o => o.SiloName = name);
                        silo.UseLocalhostClustering(siloPort, gateway, new IPEndPoint(IPAddress.Loopback, primary), "forge-bench", clusterId);
                        silo.AddMemoryGrainStorage(ForgeStorage.Name);
                    })));
                    await hosts[^1].StartAsync();
                }
                client = Build(b => b.UseOrleansClient(c => c.UseLocalhostClustering(gateways, "forge-bench", clusterId)));
            }
            hosts.Add(client);
            await client.StartAsync();
            var factory = client.Services.GetRequiredService<IClusterClient>();

            var grains = new List<IPlantGrain>();
            for (var k = 1; k <= plants; k++)
            {
                var id = $"bench-{k:00}";
                var plant = reference with { Id = id };
                var book = OrderBookGenerator.Generate(plant, ordersPerPlant, seed + k, planStart, 24);
                var grain = factory.GetGrain<IPlantGrain>(id);
                await grain.SetPlant(DomainJson.WritePlant(plant));
                await grain.UpsertOrders(DomainJson.Write(book with { Plant = id }));
                grains.Add(grain);
            }

            var rounds = new List<ClusterRoundReport>();
            // Round 1: every plant's first version (CP-SAT from scratch), all asked at once.
            rounds.Add(await Round("first version", grains, async g =>
            {
                var r = await g.Reschedule().WaitAsync(Patience);
                return (r.Violations, r.Silo, r.SolverStatus);
            }));
            context.Out.WriteLine(Describe(rounds[^1]));
            // Round 2: on every plant at once its most used heating furnace goes down for 4 h, 2 h into the
            // plan; the posted event triggers the reschedule (the rescheduler from version 1).
            var downs = new Dictionary<IPlantGrain, ShopFloorEvent>();
            foreach (var g in grains)
            {
                var v1 = DomainJson.ReadSchedule((await g.GetSchedule())!.ScheduleJson);
                var busiest = v1.Operations.Where(o => o.Kind == OperationKind.Heat).GroupBy(o => o.Resource).MaxBy(x => x.Count())!.Key;
                downs[g] = new ShopFloorEvent { Type = ShopFloorEventTypes.ResourceDown, At = planStart.AddHours(2), Resource = busiest, Until = planStart.AddHours(6) };
            }
            rounds.Add(await Round("most used furnace down (rescheduler)", grains, async g =>
            {
                await g.PostEvents([downs[g]]);
                var deadline = Stopwatch.StartNew();
                while (true)
                {
                    var status = await g.GetStatus();
                    if (status.CurrentVersion >= 2 && !status.SolveRunning)
                    {
                        var v = await g.GetSchedule(status.CurrentVersion);
                        return (v!.Violations, status.Silo, v.SolverStatus);
                    }
                    if (deadline.Elapsed > Patience) throw new TimeoutException($"plant {g.GetPrimaryKeyString()} did not publish version 2");
                    await Task.Delay(50);
                }
            }));
            context.Out.WriteLine(Describe(rounds[^1]));
            return new ClusterBenchReport(clustering, 2, plants, ordersPerPlant, limit, rounds, LoadAverage.Read());
        }
        finally
        {
            foreach (var host in Enumerable.Reverse(hosts))
            {
                try { await host.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token); }
                catch (OperationCanceledException) { }
                host.Dispose();
            }
        }
    }

    private static async Task<ClusterRoundReport> Round(string name, List<IPlantGrain> grains, Func<IPlantGrain, Task<(int Violations, string Silo, string Status)>> ask)
    {
        var clock = Stopwatch.StartNew();
        var answers = await Task.WhenAll(grains.Select(async g =>
        {
            var started = clock.Elapsed;
            var (violations, silo, status) = await ask(g);
            return (Latency: (clock.Elapsed - started).TotalSeconds, violations, Silo: silo[..Math.Max(0, silo.IndexOf('@', StringComparison.Ordinal))],
                Status: status.Split('(')[0]);
        }));
        var wall = clock.Elapsed.TotalSeconds;
        return new ClusterRoundReport(name, wall, grains.Count / (wall / 60.0),
            RescheduleBench.Percentile(answers.Select(a => a.Latency), 50), RescheduleBench.Percentile(answers.Select(a => a.Latency), 95),
            answers.Sum(a => a.violations), answers.GroupBy(a => a.Silo).ToDictionary(g => g.Key, g => g.Count()),
            answers.GroupBy(a => a.Status).ToDictionary(g => g.Key, g => g.Count()));
    }

    private static IHost Build(Action<HostApplicationBuilder> configure)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        configure(builder);
        return builder.Build();
    }

    private static string Describe(ClusterRoundReport r) =>
        Inv($"bench cluster {r.Round}: {r.WallSeconds:0.0} s wall, {r.ReschedulesPerMinute:0.0} reschedules/min, latency p50 {r.LatencyP50Seconds:0.0} s, p95 {r.LatencyP95Seconds:0.0} s, {r.Violations} violations, by silo ") +
        string.Join(", ", r.AnsweredBySilo.Select(s => $"{s.Key} {s.Value}")) + "; status " + string.Join(", ", r.Statuses.Select(s => $"{s.Key} {s.Value}"));

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

internal static class LoadAverage
{
    /// <summary>The 1/5/15-minute load averages (Linux), to read the figures next to: others share the machine.</summary>
    public static string Read()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"{parts[0]} {parts[1]} {parts[2]} on {Environment.ProcessorCount} cores";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "unknown";
        }
    }
}
