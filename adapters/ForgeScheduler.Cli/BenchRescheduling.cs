using System.Diagnostics;
using System.Globalization;
using System.Net;
using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Cluster.Grains;
using ForgeScheduler.Cluster.Hosting;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Generation;
using ForgeScheduler.Solver.Kpis;
using ForgeScheduler.Solver.Optimisation;
using ForgeScheduler.Solver.Rescheduling;
using ForgeScheduler.Solver.Validation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;

namespace ForgeScheduler.Cli;

/// <summary>One event answered by the rescheduler, against the plain repair and a fresh full optimisation
/// that knows the same past. Untouched orders are those the event does not name or reach (docs/rescheduling.md).</summary>
public sealed record RescheduleEventReport(
    string Book, string EventType, string Event, DateTimeOffset Now, double WallSeconds, string Status, bool Valid,
    int UntouchedOperations, int UntouchedChanged, double UntouchedChangedPct, int Changed, int Interrupted,
    double Co2KgPerTRepair, double Co2KgPerT, double Co2KgPerTFresh,
    double TardinessHRepair, double TardinessH, double TardinessHFresh,
    int LateNotLateInRepair, string FreshStatus, double FreshSeconds)
{
    /// <summary>CP-SAT improved on the repair (read from the typed status, not its text).</summary>
    public bool Improved { get; init; }
}

/// <summary>Per event type: wall time, moves of untouched orders, and the answer against the fresh optimisation.</summary>
public sealed record RescheduleTypeSummary(string EventType, int Runs, double WallP50Seconds, double WallP95Seconds,
    double UntouchedChangedPctP95, double Co2VsFreshPctMean, double TardinessHMean, double TardinessHFreshMean, int Improved);

/// <summary>A book the reschedule case starts from: its plan by CP-SAT.</summary>
public sealed record RescheduleBookReport(string Book, int Orders, int Operations, string BaseStatus);

/// <summary>The reschedule case: single events on the reference day and on generated books.</summary>
public sealed record RescheduleBenchReport(
    IReadOnlyList<RescheduleBookReport> Books, double BaseLimitSeconds, double RescheduleLimitSeconds, double FreshLimitSeconds,
    int Events, int Seed, double WallP50Seconds, double WallP95Seconds, double UntouchedChangedPctP95,
    double Co2VsFreshPctMean, double TardinessHMean, double TardinessHFreshMean, int LateNotLateInRepair, int Invalid, int Improved,
    IReadOnlyList<RescheduleTypeSummary> ByType, IReadOnlyList<RescheduleEventReport> EventRuns, string LoadAverage);

/// <summary>The cluster case: plants rescheduling at once through one client on a 2-silo cluster.</summary>
public sealed record ClusterBenchReport(string Clustering, int Silos, int Plants, int OrdersPerPlant, double SolveLimitSeconds,
    IReadOnlyList<ClusterRoundReport> Rounds, string LoadAverage);

/// <summary>One round: every plant asked at once; latency from the request to the published version.</summary>
public sealed record ClusterRoundReport(string Round, double WallSeconds, double ReschedulesPerMinute, double LatencyP50Seconds,
    double LatencyP95Seconds, int Violations, IReadOnlyDictionary<string, int> AnsweredBySilo, IReadOnlyDictionary<string, int> Statuses);

internal static class RescheduleBench
{
    /// <summary>Plans the reference day and two generated books with CP-SAT, then answers
    /// <paramref name="events"/> single events spread over them (RescheduleEvents: trips of heating and
    /// heat-treatment furnaces, late finishes, colder pieces, rush orders, cancellations, in turn; times
    /// and targets seeded), each also re-planned from scratch for comparison.</summary>
    public static RescheduleBenchReport Run(CliContext context, Plant plant, OrderBook day, double baseLimit, double limit, double freshLimit,
        int events, int workers, int seed)
    {
        var books = new List<(string Name, OrderBook Book)> { ("reference day", day) };
        for (var k = 1; k <= 2; k++)
            books.Add(($"generated {seed + k}", OrderBookGenerator.Generate(plant, day.Orders.Count, seed + k, day.PlanStart, 24)));
        context.Out.WriteLine(Inv($"bench reschedule: {books.Count} books, base CP-SAT {baseLimit:0.#} s, {events} events at {limit:0.#} s each, fresh optimisation {freshLimit:0.#} s"));
        var random = new Random(seed);
        var runs = new List<RescheduleEventReport>();
        var bookReports = new List<RescheduleBookReport>();
        // Half the events on the reference day, the rest shared by the generated books.
        var shares = new[] { (events + 1) / 2, events / 4, events - (events + 1) / 2 - events / 4 };
        var n = 0;
        foreach (var ((name, book), share) in books.Zip(shares))
        {
            var planned = CpSatScheduler.Solve(plant, book, new CpSatOptions { TimeLimitSeconds = baseLimit, Workers = workers, Seed = seed });
            var current = planned.Schedule;
            bookReports.Add(new RescheduleBookReport(name, book.Orders.Count, current.Operations.Count, planned.Status.Text));
            for (var i = 0; i < share; i++, n++)
            {
                var sample = RescheduleEvents.Sample(plant, book, current, RescheduleEvents.Types[n % RescheduleEvents.Types.Count], random, n + 1);
                var run = Answer(plant, book, current, name, sample, limit, freshLimit, workers, seed);
                runs.Add(run);
                context.Out.WriteLine(Inv($"bench reschedule {n + 1}/{events} {name} {run.EventType}: {run.Status} in {run.WallSeconds:0.00} s, untouched moved {run.UntouchedChangedPct:0.0} %, CO2/t {run.Co2KgPerT:0.0} (fresh {run.Co2KgPerTFresh:0.0}), tardiness {run.TardinessH:0.0} h (fresh {run.TardinessHFresh:0.0}, {run.FreshStatus} in {run.FreshSeconds:0.0} s){(run.Valid ? "" : ", INVALID")}"));
            }
        }
        var byType = runs.GroupBy(r => r.EventType).Select(g => Summary(g.Key, g.ToList())).ToList();
        var all = Summary("all", runs);
        return new RescheduleBenchReport(bookReports, baseLimit, limit, freshLimit, runs.Count, seed, all.WallP50Seconds, all.WallP95Seconds,
            all.UntouchedChangedPctP95, all.Co2VsFreshPctMean, all.TardinessHMean, all.TardinessHFreshMean, runs.Sum(r => r.LateNotLateInRepair),
            runs.Count(r => !r.Valid), all.Improved, byType, runs, LoadAverage.Read());
    }

    private static RescheduleEventReport Answer(Plant plant, OrderBook book, Schedule current, string name, SampledEvent sample,
        double limit, double freshLimit, int workers, int seed)
    {
        var options = new RescheduleOptions { Solver = new CpSatOptions { TimeLimitSeconds = limit, Workers = workers, Seed = seed } };
        var clock = Stopwatch.StartNew();
        var result = Rescheduler.Reschedule(plant, book, current, sample.Events, sample.Now, options);
        var wall = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var fresh = Rescheduler.ReoptimiseFully(plant, book, current, sample.Events, sample.Now,
            options with { Solver = options.Solver with { TimeLimitSeconds = freshLimit } });
        var freshSeconds = clock.Elapsed.TotalSeconds;

        var repair = result.Steps?.Repair ?? result.NewSchedule;
        var k = KpiCalculator.Compute(result.Plant, result.Orders, result.NewSchedule);
        var kRepair = KpiCalculator.Compute(result.Plant, result.Orders, repair);
        var kFresh = KpiCalculator.Compute(fresh.Plant, fresh.Orders, fresh.NewSchedule);
        var untouched = current.Operations.Where(o => !sample.Touched.Contains(o.Order) && result.Orders.Find(o.Order) is not null)
            .Select(o => (o.Order, o.Step)).ToHashSet();
        var changed = result.Diff.Changes.Count(c => (c.Moved || c.Reassigned) && untouched.Contains((c.Order, c.Step)));
        var late = Rescheduler.LateOrders(result.Orders, result.NewSchedule).Except(Rescheduler.LateOrders(result.Orders, repair)).Count();
        var valid = ScheduleValidator.Validate(result.Plant, result.Orders, result.NewSchedule).Count == 0;
        return new RescheduleEventReport(name, sample.Type, sample.Description, sample.Now, wall, result.Status.Text, valid,
            untouched.Count, changed, untouched.Count == 0 ? 0 : 100.0 * changed / untouched.Count, result.Diff.Changed, result.Diff.Interrupted,
            kRepair.Co2KgPerT, k.Co2KgPerT, kFresh.Co2KgPerT, kRepair.WeightedTardinessH, k.WeightedTardinessH, kFresh.WeightedTardinessH,
            late, fresh.Status.Text, freshSeconds) { Improved = result.Status.Outcome == SolverOutcome.Improved };
    }

    private static RescheduleTypeSummary Summary(string type, List<RescheduleEventReport> runs) => new(type, runs.Count,
        Percentile(runs.Select(r => r.WallSeconds), 50), Percentile(runs.Select(r => r.WallSeconds), 95),
        Percentile(runs.Select(r => r.UntouchedChangedPct), 95),
        runs.Average(r => r.Co2KgPerTFresh > 0 ? 100.0 * (r.Co2KgPerT / r.Co2KgPerTFresh - 1) : 0),
        runs.Average(r => r.TardinessH), runs.Average(r => r.TardinessHFresh), runs.Count(r => r.Improved));

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
                client = Build(b => b.UseOrleansClient(c =>
                {
                    c.Services.AddForgeWireTypes();
                    c.UseLocalhostClustering(gateways, "forge-bench", clusterId);
                }));
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
                await grain.SetPlant(plant);
                await grain.UpsertOrders(book with { Plant = id });
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
                var v1 = (await g.GetSchedule())!.Schedule;
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

    private static async Task<ClusterRoundReport> Round(string name, List<IPlantGrain> grains, Func<IPlantGrain, Task<(int Violations, string Silo, SolverStatus Status)>> ask)
    {
        var clock = Stopwatch.StartNew();
        var answers = await Task.WhenAll(grains.Select(async g =>
        {
            var started = clock.Elapsed;
            var (violations, silo, status) = await ask(g);
            return (Latency: (clock.Elapsed - started).TotalSeconds, violations, Silo: silo[..Math.Max(0, silo.IndexOf('@', StringComparison.Ordinal))],
                // Grouped by the outermost outcome (IMPROVED(OPTIMAL) and IMPROVED(FEASIBLE) count together).
                Status: SolverStatus.Name(status.Outcome));
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
