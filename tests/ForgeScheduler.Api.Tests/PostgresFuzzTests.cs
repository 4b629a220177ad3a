using System.Diagnostics;
using ForgeScheduler.Cluster.Grains;
using ForgeScheduler.Store.Tests;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ForgeScheduler.Api.Tests;

/// <summary>The HTTP fuzzer (<see cref="HttpFuzzer"/>) against the service on PostgreSQL (the test
/// fixture's throw-away server): no 5xx, every 4xx problem details with `errors`, and afterwards every order
/// the service acknowledged is a row in the store and every plant can still be planned. A smaller run than
/// the in-memory one (<see cref="FuzzTests"/>) so the suite stays within its time; figures in
/// docs/reliability.md.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresFuzzTests(PostgresServer postgres, ITestOutputHelper output)
{
    public static readonly int Requests = int.TryParse(Environment.GetEnvironmentVariable("FORGE_PG_FUZZ_REQUESTS"), out var n) ? n : 3_000;

    [Fact]
    public async Task ThreeThousandFuzzedWritesOnPostgresGetNoServerErrorAndLoseNoAcknowledgedOrder()
    {
        var connection = await postgres.CreateDatabaseAsync();
        await using var host = await ApiTestHost.StartAsync(new ForgeApiOptions
        {
            Store = StoreKind.Postgres, Connection = connection,
            Planning = new PlanningOptions { TimeLimitSeconds = 0.5, Workers = 1, Seed = 1, MaxSolveSeconds = 1 },
        });
        var plants = await FuzzTests.PlantsWithOrdersAsync(host.Client, "pz-a", "pz-b", "pz-c");

        var clock = Stopwatch.StartNew();
        var fuzzer = new HttpFuzzer(host.Client, plants, FuzzTests.Seed);
        var report = await fuzzer.RunAsync(Requests, parallel: 4);
        var seconds = clock.Elapsed.TotalSeconds;

        // The order rows in PostgreSQL (forge_plant_order), not the plant grains' memory.
        var storage = host.App.Services.GetRequiredService<IPlantStorage>();
        var stored = new HashSet<(string, string)>();
        foreach (var plant in plants)
            foreach (var order in await storage.LoadOrdersAsync(plant, CancellationToken.None))
                stored.Add((plant, order.Id));
        var acknowledged = fuzzer.AcknowledgedOrders;
        var missing = acknowledged.Where(a => !stored.Contains(a)).ToList();

        output.WriteLine($"PostgreSQL: {report.Requests} requests in {seconds:F0} s; by status: {report.Histogram}; 5xx: {report.ServerErrors}");
        output.WriteLine("by case: " + string.Join(", ", report.ByCase.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value}")));
        output.WriteLine($"acknowledged orders (not cancelled since) {acknowledged.Count}, in the store {acknowledged.Count - missing.Count}, rows {stored.Count}");
        foreach (var failure in report.Failures) output.WriteLine(failure);

        Assert.Equal(Requests, report.Requests);
        Assert.Empty(report.Failures);
        Assert.Equal(0, report.ServerErrors);
        Assert.True(report.ByStatus.GetValueOrDefault(200) > Requests / 40, report.Histogram);
        // Each plant starts with 3 orders and the fuzzer writes ids FZ-0…FZ-11(b): some must be acknowledged.
        Assert.True(acknowledged.Count >= plants.Count * 3, $"{acknowledged.Count} acknowledged");
        Assert.Empty(missing);
        await FuzzTests.AssertPlannableAsync(host.Client, plants);
    }
}
