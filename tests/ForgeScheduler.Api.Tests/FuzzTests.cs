using System.Diagnostics;
using System.Net;
using ForgeScheduler.Cluster.Grains;
using Xunit.Abstractions;
using static ForgeScheduler.Api.Tests.Reference;

namespace ForgeScheduler.Api.Tests;

/// <summary>The HTTP fuzzer (<see cref="HttpFuzzer"/>) against the real service on 127.0.0.1: no request
/// gets a 5xx, every 4xx is problem details with `errors` in the format's words, memory comes back, and
/// each plant can still be planned afterwards. Figures in docs/reliability.md.</summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    public static readonly int Requests = int.TryParse(Environment.GetEnvironmentVariable("FORGE_FUZZ_REQUESTS"), out var n) ? n : 10_000;
    public const int Seed = 15;

    /// <summary>A small solver budget: the fuzzer is about the edge, and events make background solves.
    /// The hard cap of 1 s per solve keeps the run's length independent of the books the fuzzer leaves.</summary>
    private static readonly PlanningOptions QuickPlanning = new() { TimeLimitSeconds = 0.5, Workers = 1, Seed = 1, MaxSolveSeconds = 1 };

    [Fact]
    public async Task TenThousandFuzzedWritesGetNoServerErrorAndLeaveEveryPlantPlannable()
    {
        await using var host = await ApiTestHost.StartAsync(new ForgeApiOptions { Planning = QuickPlanning });
        var plants = await PlantsWithOrdersAsync(host.Client, "fz-a", "fz-b", "fz-c");

        // Warm up (JIT, grain activations, Kestrel's and the JSON pools) before the memory baseline, with a
        // run of another seed.
        await new HttpFuzzer(host.Client, plants, Seed + 1).RunAsync(2000, 4);
        var (managedBefore, rssBefore) = Memory();
        var (settledManagedBefore, settledRssBefore) = await SettledMemoryAsync();
        output.WriteLine("start, settled: " + HeapBreakdown());
        await HeapSnapshotAsync("before");
        var clock = Stopwatch.StartNew();
        var fuzzer = new HttpFuzzer(host.Client, plants, Seed);
        var report = await fuzzer.RunAsync(Requests, parallel: 4);
        var seconds = clock.Elapsed.TotalSeconds;
        var (managedAfter, rssAfter) = Memory();
        output.WriteLine($"end, at once: {HeapBreakdown()}; threads {Process.GetCurrentProcess().Threads.Count}");
        var (settledManagedAfter, settledRssAfter) = await SettledMemoryAsync();
        output.WriteLine("end, settled: " + HeapBreakdown());
        await HeapSnapshotAsync("after");

        output.WriteLine($"{report.Requests} requests in {seconds:F0} s; by status: {report.Histogram}; 5xx: {report.ServerErrors}");
        output.WriteLine("by case: " + string.Join(", ", report.ByCase.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value}")));
        output.WriteLine($"at once: managed heap {managedBefore / 1e6:F0} → {managedAfter / 1e6:F0} MB; process RSS {rssBefore / 1e6:F0} → {rssAfter / 1e6:F0} MB ({(double)rssAfter / rssBefore:F2}×)");
        output.WriteLine($"settled: managed heap {settledManagedBefore / 1e6:F0} → {settledManagedAfter / 1e6:F0} MB ({(settledManagedAfter - settledManagedBefore) / (double)Requests:F0} bytes a request); " +
                         $"process RSS {settledRssBefore / 1e6:F0} → {settledRssAfter / 1e6:F0} MB ({(double)settledRssAfter / settledRssBefore:F2}×)");
        foreach (var plant in plants)
            output.WriteLine($"{plant}: " + await host.Client.GetStringAsync($"api/v1/plants/{plant}/status"));
        foreach (var failure in report.Failures) output.WriteLine(failure);
        foreach (var large in fuzzer.LargeAccepted.Take(10)) output.WriteLine("accepted large: " + large);

        Assert.Equal(Requests, report.Requests);
        Assert.Empty(report.Failures);
        Assert.Equal(0, report.ServerErrors);
        // Refusals of every kind were exercised, and some writes were accepted.
        Assert.True(report.ByStatus.Keys.Count(s => s >= 400) >= 6, report.Histogram);
        Assert.True(report.ByStatus.GetValueOrDefault(200) > Requests / 40, report.Histogram);
        // The service runs in this process: its RSS is the process's. The target: within 2× of the
        // start. Measured settled (below, docs/reliability.md "Memory"): what the run retained, not the
        // shared array pool's per-thread buffers, which the runtime keeps until they have gone unused for
        // 30 s. Right after the run (those buffers included) the RSS stays within 2.5×.
        Assert.True(settledRssAfter <= 2.0 * settledRssBefore, $"settled RSS {settledRssBefore} → {settledRssAfter} bytes");
        Assert.True(rssAfter <= 2.5 * rssBefore, $"RSS right after the run {rssBefore} → {rssAfter} bytes");
        await AssertPlannableAsync(host.Client, plants);
    }

    /// <summary>Plants with a few valid orders each, so fuzzed events and reschedules have something to act on.</summary>
    internal static async Task<IReadOnlyList<string>> PlantsWithOrdersAsync(HttpClient client, params string[] ids)
    {
        foreach (var id in ids)
        {
            using var plant = await client.PutAsync($"api/v1/plants/{id}", Json(PlantJsonFor(id)));
            Assert.True(plant.IsSuccessStatusCode, await plant.Content.ReadAsStringAsync());
            using var orders = await PostAsync(client, $"api/v1/plants/{id}/orders", BookJson(FirstOrders(3) with { Plant = id }));
            Assert.Equal(HttpStatusCode.OK, orders.StatusCode);
        }
        return ids;
    }

    /// <summary>No poisoning: after the run each plant takes a valid order and publishes a new schedule.</summary>
    internal static async Task AssertPlannableAsync(HttpClient client, IReadOnlyList<string> plants)
    {
        foreach (var plant in plants)
        {
            using var order = await PostAsync(client, $"api/v1/plants/{plant}/orders", OrderJson(Day.Orders[4] with { Id = "AFTER-FUZZ" }));
            Assert.True(order.StatusCode == HttpStatusCode.OK, $"{plant}: {await order.Content.ReadAsStringAsync()}");
            using var planned = await PostAsync(client, $"api/v1/plants/{plant}/reschedule", "");
            Assert.True(planned.StatusCode == HttpStatusCode.OK, $"{plant}: {await planned.Content.ReadAsStringAsync()}");
        }
    }

    internal static string PlantJsonFor(string id)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(PlantJson, documentOptions: new System.Text.Json.JsonDocumentOptions
        {
            CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true,
        })!;
        node["id"] = id;
        return node.ToJsonString();
    }

    /// <summary>Memory once the runtime's shared array pool (<c>ArrayPool&lt;T&gt;.Shared</c>) has let go of the
    /// buffers it keeps per thread: it drops one at a full collection after it has gone unused for 30 s
    /// (at once under memory pressure). The run leaves 1–16 MB buffers of large bodies on each of the
    /// ~35 threads that parsed or wrote them (docs/reliability.md, "Memory"); they are a cache, not a leak.
    /// Two full collections 31 s apart, nothing else running: a wait, not a timed assertion.</summary>
    internal static async Task<(long Managed, long Rss)> SettledMemoryAsync()
    {
        Memory();
        await Task.Delay(TimeSpan.FromSeconds(31));
        Memory();
        await Task.Delay(TimeSpan.FromSeconds(1));
        return Memory();
    }

    /// <summary>What the last (full, compacting) collection left: live bytes and free space between
    /// them by generation (gen0, gen1, gen2, large objects, pinned objects), and what the GC keeps committed.</summary>
    internal static string HeapBreakdown()
    {
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        string[] names = ["gen0", "gen1", "gen2", "loh", "poh"];
        var gens = info.GenerationInfo.ToArray();
        return $"heap {info.HeapSizeBytes / 1e6:F0} MB (free within {info.FragmentedBytes / 1e6:F0} MB), committed {info.TotalCommittedBytes / 1e6:F0} MB, pinned objects {info.PinnedObjectsCount}; "
            + string.Join(", ", gens.Select((g, i) => $"{names[i]} {g.SizeAfterBytes / 1e6:F1}/{g.FragmentationAfterBytes / 1e6:F1} MB free"));
    }

    /// <summary>A diagnostic for hunting retained memory (docs/reliability.md, "Memory"): with
    /// FORGE_GCDUMP_TOOL (the path of dotnet-gcdump) and FORGE_GCDUMP_DIR set, a heap snapshot of this
    /// process is written to DIR/NAME.gcdump; `dotnet-gcdump report` lists its types by size. Off otherwise.</summary>
    internal static async Task HeapSnapshotAsync(string name)
    {
        if (Environment.GetEnvironmentVariable("FORGE_GCDUMP_TOOL") is not { Length: > 0 } tool
            || Environment.GetEnvironmentVariable("FORGE_GCDUMP_DIR") is not { Length: > 0 } dir) return;
        Directory.CreateDirectory(dir);
        // dotnet-dump (a heap dump for `dotnet-dump analyze`: dumpheap, gcroot) or dotnet-gcdump (types by size).
        var full = Path.GetFileName(tool).StartsWith("dotnet-dump", StringComparison.Ordinal);
        var start = new ProcessStartInfo(tool) { ArgumentList = { "collect", "-p", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), "-o", Path.Combine(dir, name + (full ? ".dump" : ".gcdump")) } };
        if (full) { start.ArgumentList.Add("--type"); start.ArgumentList.Add("Heap"); }
        using var dump = Process.Start(start)!;
        await dump.WaitForExitAsync();
    }

    /// <summary>The managed heap after a full collection (the service runs in this process) and the RSS.</summary>
    internal static (long Managed, long Rss) Memory()
    {
        // Aggressive: compacts and gives free memory back to the OS, so the RSS is what is in use, not what
        // the GC kept committed after earlier tests in this process.
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var managed = GC.GetTotalMemory(forceFullCollection: true);
        using var self = Process.GetCurrentProcess();
        return (managed, self.WorkingSet64);
    }
}
