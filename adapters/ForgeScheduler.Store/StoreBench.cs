using System.Diagnostics;
using System.Globalization;
using ForgeScheduler.Formats;

namespace ForgeScheduler.Store;

/// <summary>What <see cref="StoreBench.UpsertsPerSecondAsync"/> measured.</summary>
public sealed record UpsertBenchResult(int Count, int Concurrency, double Seconds, double UpsertsPerSecond,
    double P50Milliseconds, double P99Milliseconds);

/// <summary>
/// Throughput of order upserts against a store, for `forge bench` (the target: ≥ 500/s, p99 ≤ 50
/// ms). It writes real rows — a plant <c>bench</c> (unless given another) and new orders with fresh ids
/// each run — so point it at a throw-away database.
/// </summary>
public static class StoreBench
{
    public static async Task<UpsertBenchResult> UpsertsPerSecondAsync(IPlantStore store, int count, int concurrency = 1,
        string plantId = "bench", CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(concurrency);
        if (await store.GetPlantAsync(plantId, cancellationToken) is null)
            await store.UpsertPlantAsync(plantId, """{"plant":"bench"}""", cancellationToken);

        // Documents prepared up front so the timing is the store's, not the serializer's.
        var run = Guid.NewGuid().ToString("N")[..8];
        var start = new DateTimeOffset(2026, 1, 5, 6, 0, 0, TimeSpan.Zero);
        var orders = Enumerable.Range(1, count).Select(i =>
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"B{run}-{i:D6}");
            var json = JsonFiles.Serialize(new OrderDocument
            {
                Id = id, Product = "shaft", Grade = "42CrMo4", MassT = 5 + i % 20, DiameterM = 0.6,
                Release = start, Due = start.AddDays(2 + i % 5), Weight = 1,
                Heats = [new HeatDocument { ForgeTempC = 1200, PressMin = 20, MinForceMn = 30, FinishTempC = 850 }],
            });
            return (Id: id, Json: json, Hash: ContentHash.Of(json));
        }).ToArray();

        var latencies = new double[count];
        var next = -1;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                await store.UpsertOrderAsync(plantId, orders[i].Id, orders[i].Json, orders[i].Hash, cancellationToken);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        });
        await Task.WhenAll(workers);
        var seconds = clock.Elapsed.TotalSeconds;

        Array.Sort(latencies);
        return new UpsertBenchResult(count, concurrency, seconds, count / seconds, Percentile(latencies, 0.50), Percentile(latencies, 0.99));
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
